import type { Answer, RuleEndpoint } from '../core/answer.js';
import { isHostName, isIPv4 } from '../core/net.js';
import type { Exporter } from './exporter.js';
import { commentLines, describeEndpoint, describeExport, oneLine, planAnswer, type PlannedRule } from './plan.js';

// A POSIX sh script that checks, from the machine it runs on, every outbound TCP rule of an answer: each host
// name and address, each port (a range by its first and last port). It proves what one side can prove: that a
// connection gets through. What one side cannot prove is listed as not checkable, with the reason.

/** One connection the script tries. */
export interface ProbeCheck {
  rule: string;
  /** An IPv4 address or a host name, checked against the dataset's host name rules: safe in a shell word. */
  destination: string;
  port: number;
  /** https: a host name on 443, checked with curl where it is installed; tcp otherwise. */
  method: 'tcp' | 'https';
  required: boolean;
  /** The port is one end of a range: a refused connection there is inconclusive, never a pass. */
  rangeEnd: boolean;
  /** The parties the rule starts at (workstation, workers-public, ...): which machine the check is for. */
  from: string[];
}

/** Something in the answer the script does not check, and why. */
export interface ProbeSkip {
  rule: string;
  what: string;
  /** Why one side cannot check it ("not checkable from here"), or the step that finds a value (placeholder). */
  reason: string;
  kind: 'not-checkable' | 'placeholder';
}

export interface ProbePlan {
  checks: ProbeCheck[];
  skipped: ProbeSkip[];
}

const SAFE_ID = /^[A-Za-z0-9._-]+$/;

function shellSafeId(id: string): string {
  return SAFE_ID.test(id) ? id : id.replace(/[^A-Za-z0-9._-]+/g, '_');
}

// A host that is an IPv4 address (a master URL may name one) is checked as an address, by TCP.
function isCheckableHost(endpoint: RuleEndpoint): boolean {
  return ((endpoint.kind === 'ip' || endpoint.kind === 'host') && isIPv4(endpoint.value)) || (endpoint.kind === 'host' && isHostName(endpoint.value));
}

function whyNotCheckable(plan: PlannedRule): string | null {
  const { rule } = plan;
  if (rule.direction === 'inbound') return 'inbound: check it from outside, toward this machine';
  if (rule.direction === 'between-workers') return 'between worker nodes: check it from one worker node to another';
  if (!rule.protocols.includes('tcp')) {
    const names = rule.protocols.map((p) => ({ udp: 'UDP', vrrp: 'VRRP', ipencap: 'IP-in-IP', all: 'all protocols', tcp: 'TCP' })[p]);
    return `${names.join('/')}: no connection to prove from one side`;
  }
  return null;
}

function portsToCheck(plan: PlannedRule): { port: number; rangeEnd: boolean }[] {
  const tcp = plan.matches.find((m) => m.protocol === 'tcp');
  const out = new Map<number, boolean>();
  for (const range of tcp?.ports ?? []) {
    if (range.from === range.to) out.set(range.from, out.get(range.from) ?? false);
    else for (const port of [range.from, range.to]) if (!out.has(port)) out.set(port, true);
  }
  return [...out].map(([port, rangeEnd]) => ({ port, rangeEnd }));
}

/** What the script checks and what it lists instead, worked out from the answer model. */
export function planProbe(answer: Answer): ProbePlan {
  const checks: ProbeCheck[] = [];
  const skipped: ProbeSkip[] = [];
  for (const rule of answer.rules.filter((r) => r.allowlist)) {
    skipped.push({ rule: rule.id, what: rule.purpose, reason: "an allowlist on IBM's side, not a firewall rule", kind: 'not-checkable' });
  }
  for (const plan of planAnswer(answer)) {
    const { rule } = plan;
    const id = shellSafeId(rule.id);
    const reason = whyNotCheckable(plan);
    if (reason) {
      skipped.push({ rule: id, what: oneLine(rule.purpose), reason, kind: 'not-checkable' });
      continue;
    }
    if (plan.portUnknown) {
      skipped.push({ rule: id, what: `port ${plan.portPlaceholder}`, reason: `find it: ${oneLine(plan.pending.flatMap((p) => p.find).join(' ; '))}`, kind: 'placeholder' });
      continue;
    }
    const ports = portsToCheck(plan);
    const from = [...new Set(rule.sources.map((s) => s.party ?? s.kind))];
    for (const destination of rule.destinations) {
      if (isCheckableHost(destination)) {
        if (ports.length === 0) {
          skipped.push({ rule: id, what: destination.value, reason: 'every port: no one port proves it', kind: 'not-checkable' });
          continue;
        }
        for (const { port, rangeEnd } of ports) {
          const method = destination.kind === 'host' && !isIPv4(destination.value) && port === 443 ? 'https' : 'tcp';
          checks.push({ rule: id, destination: destination.value, port, method, required: rule.required, rangeEnd, from });
        }
      } else if (destination.kind === 'placeholder' || destination.kind === 'ip') {
        const find = destination.find?.length ? `find it: ${oneLine(destination.find.join(' ; '))}` : 'depends on your setup';
        skipped.push({ rule: id, what: oneLine(describeEndpoint(destination)), reason: find, kind: 'placeholder' });
      } else {
        const why = {
          cidr: 'a network: no one address in it is known to answer',
          reference: 'the page lists these addresses elsewhere',
          any: 'any address: nothing in particular to connect to',
          host: 'not a host name',
        }[destination.kind];
        skipped.push({ rule: id, what: oneLine(describeEndpoint(destination)), reason: why ?? 'not an address', kind: 'not-checkable' });
      }
    }
  }
  return { checks, skipped };
}

export const PROBE_DEFAULTS = { parallel: 8, timeoutSeconds: 5 } as const;

// The script's body: the same for every answer; the checks come after it as data read from a here-document.
const SCRIPT_BODY = `
set -u
PARALLEL=\${PORTHOLE_PARALLEL:-__PARALLEL__}
TIMEOUT=\${PORTHOLE_TIMEOUT:-__TIMEOUT__}
ONLY_FROM=\${PORTHOLE_FROM:-}

usage() {
  echo "usage: sh $0 [-j PARALLEL] [-t TIMEOUT_SECONDS] [-f FROM]" >&2
  echo "  -f FROM  only the checks of rules that start at FROM (__FROMS__)" >&2
  exit 2
}
while getopts j:t:f:h opt; do
  case $opt in
    j) PARALLEL=$OPTARG ;;
    t) TIMEOUT=$OPTARG ;;
    f) ONLY_FROM=$OPTARG ;;
    *) usage ;;
  esac
done
case $PARALLEL in '' | *[!0-9]* | 0) usage ;; esac
case $TIMEOUT in '' | *[!0-9]* | 0) usage ;; esac

if ! command -v timeout >/dev/null 2>&1; then
  echo "porthole probe: needs the timeout command (coreutils or busybox)" >&2
  exit 2
fi
# An nc without -z (some builds) prints its usage: that one cannot check, so it is not used.
nc_has_z() {
  out=$(nc -z -w 1 127.0.0.1 9 </dev/null 2>&1)
  case $out in
    *sage* | *nrecognized* | *nvalid* | *nknown*) return 1 ;;
  esac
  return 0
}
if command -v nc >/dev/null 2>&1 && nc_has_z; then
  CONNECT=nc
# BusyBox's small nc (no -z) connects, and exits as soon as its input ends: a connection test all the same.
elif command -v nc >/dev/null 2>&1 && nc --help 2>&1 | grep -q BusyBox; then
  CONNECT=busybox-nc
elif command -v bash >/dev/null 2>&1; then
  CONNECT=bash
else
  echo "porthole probe: needs nc with -z, or bash for its /dev/tcp" >&2
  exit 2
fi
CURL=
if command -v curl >/dev/null 2>&1; then CURL=curl; fi
RESOLVE=
if command -v getent >/dev/null 2>&1; then RESOLVE=getent; fi

WORK=$(mktemp -d "\${TMPDIR:-/tmp}/porthole-probe.XXXXXX") || exit 2
trap 'rm -rf "$WORK"' EXIT
trap 'exit 130' INT TERM

now_ms() {
  t=$(date +%s%N 2>/dev/null)
  case $t in
    *N* | '') echo $(($(date +%s) * 1000)) ;;
    *) echo $((t / 1000000)) ;;
  esac
}

# Connects and prints what the tool said; its status is the tool's (124 and above: timeout stopped it).
tcp_connect() {
  if [ "$CONNECT" = nc ]; then
    timeout "$TIMEOUT" nc -v -z -w "$TIMEOUT" "$1" "$2" </dev/null 2>&1
  elif [ "$CONNECT" = busybox-nc ]; then
    timeout "$TIMEOUT" nc -w "$TIMEOUT" "$1" "$2" </dev/null 2>&1 >/dev/null
  else
    # shellcheck disable=SC2016 # $1 and $2 are bash's own arguments, expanded there
    timeout "$TIMEOUT" bash -c 'exec 3<>"/dev/tcp/$1/$2"' porthole "$1" "$2" </dev/null 2>&1
  fi
}

# What a connection attempt observed, from the tool's status and the system's error text in what it said
# (nc, busybox nc and bash all print strerror). Linux reports an ICMP "host prohibited" or "administratively
# prohibited" answer as "No route to host": that is "host unreachable" too.
outcome() {
  case $1 in
    0) echo open; return ;;
    124 | 137 | 143) echo 'timed out'; return ;;
  esac
  case $2 in
    *[Rr]efused*) echo refused ;;
    *'No route to host'* | *[Hh]'ost is unreachable'* | *[Hh]'ost unreachable'*) echo 'host unreachable' ;;
    *[Nn]'etwork is unreachable'* | *[Nn]'etwork unreachable'*) echo 'net unreachable' ;;
    *'not permitted'* | *'Permission denied'* | *[Pp]rohibited*) echo prohibited ;;
    *[Tt]'imed out'* | *[Tt]'ime out'* | *[Tt]imeout*) echo 'timed out' ;;
    *'not known'* | *[Rr]esolv* | *'bad address'* | *[Uu]'nknown host'* | *'No address'*) echo unresolved ;;
    *) echo 'tool error' ;;
  esac
}

# An HTTPS check once TCP is open: curl's status tells a TLS failure from an answer (any HTTP status is one).
https_outcome() {
  timeout "$TIMEOUT" curl -sS -o /dev/null --connect-timeout "$TIMEOUT" -m "$TIMEOUT" "https://$1:$2/" </dev/null 2>/dev/null
  case $? in
    0) echo open ;;
    35 | 51 | 53 | 54 | 58 | 59 | 60 | 64 | 66 | 77 | 80 | 82 | 83 | 90 | 91) echo 'TLS failure' ;;
    28 | 124 | 137 | 143) echo 'timed out' ;;
    6) echo unresolved ;;
    *) echo 'tool error' ;;
  esac
}

# One check: writes its aligned line and its verdict to $WORK/<n>.
check() {
  n=$1 rule=$2 method=$3 host=$4 port=$5 required=$6 range_end=$7
  start=$(now_ms)
  result=
  case $host in
    *[!0-9.]*) if [ -n "$RESOLVE" ] && ! getent hosts "$host" >/dev/null 2>&1; then result=unresolved; fi ;;
  esac
  said=
  if [ -z "$result" ]; then
    said=$(tcp_connect "$host" "$port")
    result=$(outcome "$?" "$said")
    if [ "$result" = open ] && [ "$method" = https ] && [ -n "$CURL" ]; then result=$(https_outcome "$host" "$port"); fi
  fi
  ms=$(($(now_ms) - start))
  # A tool that gave up silently after the whole timeout timed out.
  if [ "$result" = 'tool error' ] && [ "$ms" -ge $((TIMEOUT * 1000 - 50)) ]; then result='timed out'; fi
  verdict=FAIL
  case $result in
    open) verdict=ok ;;
    refused) [ "$range_end" = 1 ] && verdict=inconclusive ;;
  esac
  if [ "$verdict" = FAIL ] && [ "$required" = 0 ]; then verdict='FAIL (optional)'; fi
  if [ "$result" = 'tool error' ]; then verdict="$verdict: $(printf '%s' "$said" | tr -c '[:print:]' ' ' | cut -c1-120)"; fi
  printf '%-__RULE_WIDTH__s  %-__DEST_WIDTH__s  %5s  %-16s  %6s ms  %s\\n' "$rule" "$host" "$port" "$result" "$ms" "$verdict" >"$WORK/$n"
  case $verdict in
    FAIL*'(optional)'*) ;;
    FAIL*) : >"$WORK/$n.failed" ;;
    inconclusive) : >"$WORK/$n.inconclusive" ;;
  esac
}

echo "porthole connectivity check: $(uname -n 2>/dev/null), $PARALLEL at a time, \${TIMEOUT}s per check, with $CONNECT\${CURL:+ and curl for HTTPS}"
printf '%-__RULE_WIDTH__s  %-__DEST_WIDTH__s  %5s  %-16s  %9s  %s\\n' rule destination port result time verdict
n=0
running=0
while read -r rule method host port required range_end from; do
  case ",$from," in
    *",$ONLY_FROM,"* | *,any,* ) ;;
    *) [ -z "$ONLY_FROM" ] || continue ;;
  esac
  n=$((n + 1))
  check "$n" "$rule" "$method" "$host" "$port" "$required" "$range_end" </dev/null &
  running=$((running + 1))
  if [ "$running" -ge "$PARALLEL" ]; then
    wait
    running=0
  fi
done <<'PORTHOLE_CHECKS'
__CHECKS__
PORTHOLE_CHECKS
wait

i=1
failed=0
inconclusive=0
while [ "$i" -le "$n" ]; do
  cat "$WORK/$i"
  if [ -e "$WORK/$i.failed" ]; then failed=$((failed + 1)); fi
  if [ -e "$WORK/$i.inconclusive" ]; then inconclusive=$((inconclusive + 1)); fi
  i=$((i + 1))
done
echo
if [ "$inconclusive" -gt 0 ]; then
  echo "$inconclusive check(s) of $n inconclusive: refused at the end of a port range, which does not show the port"
  echo "your cluster uses is open; ask again for your cluster (porthole ask '<question> for cluster NAME') for its exact port"
fi
if [ "$failed" -gt 0 ]; then
  echo "$failed required check(s) of $n failed"
  exit 1
fi
if [ "$inconclusive" -gt 0 ]; then exit 3; fi
echo "all $n checks passed"
exit 0
`;

/** The sh script for an answer; `defaults` sets the parallelism and timeout a run uses unless told otherwise. */
export function renderProbe(answer: Answer, defaults: { parallel: number; timeoutSeconds: number } = PROBE_DEFAULTS): string {
  const { checks, skipped } = planProbe(answer);
  const froms = [...new Set(checks.flatMap((c) => c.from))];
  const ruleWidth = Math.max(4, ...checks.map((c) => c.rule.length));
  const destWidth = Math.max(11, ...checks.map((c) => c.destination.length));
  const rows = checks.map((c) => [c.rule, c.method, c.destination, c.port, c.required ? 1 : 0, c.rangeEnd ? 1 : 0, c.from.join(',')].join(' '));
  const notCheckable = skipped.filter((s) => s.kind === 'not-checkable');
  const placeholders = skipped.filter((s) => s.kind === 'placeholder');
  const header = [
    ...describeExport(answer, 'connectivity check'),
    '',
    'Run it on the machine the rules are for: your workstation for the CLI rules, a worker node for the worker',
    `rules (-f ${froms.join(' | -f ') || 'FROM'} keeps the checks of one). It only connects: nothing is sent.`,
    'Usage: sh FILE [-j PARALLEL] [-t TIMEOUT_SECONDS] [-f FROM]; exit 0 when every required check is open, 1 when',
    'one fails, 3 when none fails but some are inconclusive, 2 when it cannot run. Only open passes. A port range',
    'is checked at its first and last port; refused there is inconclusive (ask for your cluster for its exact port).',
    '',
    ...(notCheckable.length > 0
      ? ['Not checkable from here (never counted as passed):', ...notCheckable.map((s) => `  ${s.rule}: ${oneLine(s.what)}: ${s.reason}`)]
      : []),
    ...(placeholders.length > 0
      ? ['', 'Skipped until the value is known (ask again for your cluster to fill it in):', ...placeholders.map((s) => `  ${s.rule}: ${oneLine(s.what)}: ${s.reason}`)]
      : []),
  ];
  const body = SCRIPT_BODY.replaceAll('__PARALLEL__', String(defaults.parallel))
    .replaceAll('__TIMEOUT__', String(defaults.timeoutSeconds))
    .replaceAll('__FROMS__', froms.join(', ') || 'none')
    .replaceAll('__RULE_WIDTH__', String(ruleWidth))
    .replaceAll('__DEST_WIDTH__', String(destWidth))
    .replace('__CHECKS__', rows.join('\n'));
  return `#!/bin/sh\n${commentLines(header).join('\n')}\n${body}`;
}

export const probeExporter: Exporter = {
  id: 'probe',
  title: 'Connectivity check (shell)',
  fileExtension: 'sh',
  mimeType: 'text/x-shellscript',
  render: (answer) => renderProbe(answer),
};
