#!/bin/sh
# porthole connectivity check: kubectl commands in eu-de
# Dataset 2021-01-19.1 (updated 2021-01-19) from "Classic: Opening required ports and IP addresses in your firewall"
#   https://cloud.ibm.com/docs/containers?topic=containers-firewall
#
# Run it on the machine the rules are for: your workstation for the CLI rules, a worker node for the worker
# rules (-f workstation keeps the checks of one). It only connects: nothing is sent.
# Usage: sh FILE [-j PARALLEL] [-t TIMEOUT_SECONDS] [-f FROM]; exit 0 when every required check is open, 1 when
# one fails, 3 when none fails but some are inconclusive, 2 when it cannot run. Only open passes. A port range
# is checked at its first and last port; refused there is inconclusive (ask for your cluster for its exact port).
#
# Not checkable from here (never counted as passed):
#   ibmcloud-ks.registry: 169.62.37.240/29 (IBM Cloud Container Registry (global)): a network: no one address in it is known to answer
#   ibmcloud-ks.registry: 169.60.98.80/29 (IBM Cloud Container Registry (global)): a network: no one address in it is known to answer
#   ibmcloud-ks.registry: 169.63.104.232/29 (IBM Cloud Container Registry (global)): a network: no one address in it is known to answer
#   ibmcloud-ks.registry: 169.50.58.104/29 (IBM Cloud Container Registry (EU Central)): a network: no one address in it is known to answer
#   ibmcloud-ks.registry: 161.156.93.16/29 (IBM Cloud Container Registry (EU Central)): a network: no one address in it is known to answer
#   ibmcloud-ks.registry: 149.81.79.152/29 (IBM Cloud Container Registry (EU Central)): a network: no one address in it is known to answer
#
# Skipped until the value is known (ask again for your cluster to fill it in):
#   kubectl.master: <master URL host of your cluster> (the cluster master (public service endpoint URL host)): find it: ibmcloud ks cluster get --cluster <cluster_name_or_ID>
#   kubectl.private-master: <private service endpoint URL host of your cluster> (the cluster master (private service endpoint URL host)): find it: ibmcloud ks cluster get --cluster <cluster_name_or_ID>

set -u
PARALLEL=${PORTHOLE_PARALLEL:-8}
TIMEOUT=${PORTHOLE_TIMEOUT:-5}
ONLY_FROM=${PORTHOLE_FROM:-}

usage() {
  echo "usage: sh $0 [-j PARALLEL] [-t TIMEOUT_SECONDS] [-f FROM]" >&2
  echo "  -f FROM  only the checks of rules that start at FROM (workstation)" >&2
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

WORK=$(mktemp -d "${TMPDIR:-/tmp}/porthole-probe.XXXXXX") || exit 2
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
  printf '%-22s  %-26s  %5s  %-16s  %6s ms  %s\n' "$rule" "$host" "$port" "$result" "$ms" "$verdict" >"$WORK/$n"
  case $verdict in
    FAIL*'(optional)'*) ;;
    FAIL*) : >"$WORK/$n.failed" ;;
    inconclusive) : >"$WORK/$n.inconclusive" ;;
  esac
}

echo "porthole connectivity check: $(uname -n 2>/dev/null), $PARALLEL at a time, ${TIMEOUT}s per check, with $CONNECT${CURL:+ and curl for HTTPS}"
printf '%-22s  %-26s  %5s  %-16s  %9s  %s\n' rule destination port result time verdict
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
ibmcloud-ks.cloud https cloud.ibm.com 443 1 0 workstation
ibmcloud-ks.api https containers.cloud.ibm.com 443 1 0 workstation
ibmcloud-ks.registry https icr.io 443 1 0 workstation
ibmcloud-ks.registry tcp icr.io 4443 1 0 workstation
ibmcloud-ks.registry https registry.bluemix.net 443 1 0 workstation
ibmcloud-ks.registry tcp registry.bluemix.net 4443 1 0 workstation
ibmcloud-ks.registry https de.icr.io 443 1 0 workstation
ibmcloud-ks.registry tcp de.icr.io 4443 1 0 workstation
ibmcloud-ks.registry https registry.eu-de.bluemix.net 443 1 0 workstation
ibmcloud-ks.registry tcp registry.eu-de.bluemix.net 4443 1 0 workstation
kubectl.master tcp 169.50.146.82 20000 1 1 workstation
kubectl.master tcp 169.50.146.82 32767 1 1 workstation
kubectl.master tcp 169.50.169.110 20000 1 1 workstation
kubectl.master tcp 169.50.169.110 32767 1 1 workstation
kubectl.master tcp 169.50.184.18 20000 1 1 workstation
kubectl.master tcp 169.50.184.18 32767 1 1 workstation
kubectl.master tcp 159.122.150.2 20000 1 1 workstation
kubectl.master tcp 159.122.150.2 32767 1 1 workstation
kubectl.master tcp 159.122.141.69 20000 1 1 workstation
kubectl.master tcp 159.122.141.69 32767 1 1 workstation
kubectl.master tcp 169.51.73.50 20000 1 1 workstation
kubectl.master tcp 169.51.73.50 32767 1 1 workstation
kubectl.master tcp 169.51.91.162 20000 1 1 workstation
kubectl.master tcp 169.51.91.162 32767 1 1 workstation
kubectl.master tcp 159.8.79.250 20000 1 1 workstation
kubectl.master tcp 159.8.79.250 32767 1 1 workstation
kubectl.master tcp 159.8.86.149 20000 1 1 workstation
kubectl.master tcp 159.8.86.149 32767 1 1 workstation
kubectl.master tcp 149.81.78.114 20000 1 1 workstation
kubectl.master tcp 149.81.78.114 32767 1 1 workstation
kubectl.master tcp 149.81.103.98 20000 1 1 workstation
kubectl.master tcp 149.81.103.98 32767 1 1 workstation
kubectl.master tcp 149.81.104.122 20000 1 1 workstation
kubectl.master tcp 149.81.104.122 32767 1 1 workstation
kubectl.master tcp 149.81.113.154 20000 1 1 workstation
kubectl.master tcp 149.81.113.154 32767 1 1 workstation
kubectl.master tcp 149.81.123.18 20000 1 1 workstation
kubectl.master tcp 149.81.123.18 32767 1 1 workstation
kubectl.master tcp 149.81.142.90 20000 1 1 workstation
kubectl.master tcp 149.81.142.90 32767 1 1 workstation
kubectl.master tcp 158.177.112.146 20000 1 1 workstation
kubectl.master tcp 158.177.112.146 32767 1 1 workstation
kubectl.master tcp 158.177.138.138 20000 1 1 workstation
kubectl.master tcp 158.177.138.138 32767 1 1 workstation
kubectl.master tcp 158.177.151.2 20000 1 1 workstation
kubectl.master tcp 158.177.151.2 32767 1 1 workstation
kubectl.master tcp 158.177.156.178 20000 1 1 workstation
kubectl.master tcp 158.177.156.178 32767 1 1 workstation
kubectl.master tcp 158.177.198.138 20000 1 1 workstation
kubectl.master tcp 158.177.198.138 32767 1 1 workstation
kubectl.master tcp 161.156.65.42 20000 1 1 workstation
kubectl.master tcp 161.156.65.42 32767 1 1 workstation
kubectl.master tcp 161.156.65.82 20000 1 1 workstation
kubectl.master tcp 161.156.65.82 32767 1 1 workstation
kubectl.master tcp 161.156.79.26 20000 1 1 workstation
kubectl.master tcp 161.156.79.26 32767 1 1 workstation
kubectl.master tcp 161.156.115.138 20000 1 1 workstation
kubectl.master tcp 161.156.115.138 32767 1 1 workstation
kubectl.master tcp 161.156.120.74 20000 1 1 workstation
kubectl.master tcp 161.156.120.74 32767 1 1 workstation
kubectl.master tcp 161.156.187.226 20000 1 1 workstation
kubectl.master tcp 161.156.187.226 32767 1 1 workstation
kubectl.master tcp 169.50.56.174 20000 1 1 workstation
kubectl.master tcp 169.50.56.174 32767 1 1 workstation
kubectl.private-master tcp 166.9.28.17 20000 1 1 workstation
kubectl.private-master tcp 166.9.28.17 32767 1 1 workstation
kubectl.private-master tcp 166.9.28.95 20000 1 1 workstation
kubectl.private-master tcp 166.9.28.95 32767 1 1 workstation
kubectl.private-master tcp 166.9.30.11 20000 1 1 workstation
kubectl.private-master tcp 166.9.30.11 32767 1 1 workstation
kubectl.private-master tcp 166.9.32.26 20000 1 1 workstation
kubectl.private-master tcp 166.9.32.26 32767 1 1 workstation
kubectl.private-master tcp 166.9.28.20 20000 1 1 workstation
kubectl.private-master tcp 166.9.28.20 32767 1 1 workstation
kubectl.private-master tcp 166.9.30.12 20000 1 1 workstation
kubectl.private-master tcp 166.9.30.12 32767 1 1 workstation
kubectl.private-master tcp 166.9.32.27 20000 1 1 workstation
kubectl.private-master tcp 166.9.32.27 32767 1 1 workstation
kubectl.private-master tcp 166.9.32.8 20000 1 1 workstation
kubectl.private-master tcp 166.9.32.8 32767 1 1 workstation
kubectl.private-master tcp 166.9.32.9 20000 1 1 workstation
kubectl.private-master tcp 166.9.32.9 32767 1 1 workstation
kubectl.private-master tcp 166.9.32.28 20000 1 1 workstation
kubectl.private-master tcp 166.9.32.28 32767 1 1 workstation
kubectl.private-master tcp 166.9.28.19 20000 1 1 workstation
kubectl.private-master tcp 166.9.28.19 32767 1 1 workstation
kubectl.private-master tcp 166.9.28.22 20000 1 1 workstation
kubectl.private-master tcp 166.9.28.22 32767 1 1 workstation
kubectl.private-master tcp 166.9.28.24 20000 1 1 workstation
kubectl.private-master tcp 166.9.28.24 32767 1 1 workstation
kubectl.private-master tcp 166.9.28.23 20000 1 1 workstation
kubectl.private-master tcp 166.9.28.23 32767 1 1 workstation
kubectl.private-master tcp 166.9.28.43 20000 1 1 workstation
kubectl.private-master tcp 166.9.28.43 32767 1 1 workstation
kubectl.private-master tcp 166.9.28.59 20000 1 1 workstation
kubectl.private-master tcp 166.9.28.59 32767 1 1 workstation
kubectl.private-master tcp 166.9.28.92 20000 1 1 workstation
kubectl.private-master tcp 166.9.28.92 32767 1 1 workstation
kubectl.private-master tcp 166.9.28.94 20000 1 1 workstation
kubectl.private-master tcp 166.9.28.94 32767 1 1 workstation
kubectl.private-master tcp 166.9.28.107 20000 1 1 workstation
kubectl.private-master tcp 166.9.28.107 32767 1 1 workstation
kubectl.private-master tcp 166.9.30.13 20000 1 1 workstation
kubectl.private-master tcp 166.9.30.13 32767 1 1 workstation
kubectl.private-master tcp 166.9.30.22 20000 1 1 workstation
kubectl.private-master tcp 166.9.30.22 32767 1 1 workstation
kubectl.private-master tcp 166.9.30.43 20000 1 1 workstation
kubectl.private-master tcp 166.9.30.43 32767 1 1 workstation
kubectl.private-master tcp 166.9.30.55 20000 1 1 workstation
kubectl.private-master tcp 166.9.30.55 32767 1 1 workstation
kubectl.private-master tcp 166.9.30.56 20000 1 1 workstation
kubectl.private-master tcp 166.9.30.56 32767 1 1 workstation
kubectl.private-master tcp 166.9.30.100 20000 1 1 workstation
kubectl.private-master tcp 166.9.30.100 32767 1 1 workstation
kubectl.private-master tcp 166.9.32.20 20000 1 1 workstation
kubectl.private-master tcp 166.9.32.20 32767 1 1 workstation
kubectl.private-master tcp 166.9.32.45 20000 1 1 workstation
kubectl.private-master tcp 166.9.32.45 32767 1 1 workstation
kubectl.private-master tcp 166.9.32.53 20000 1 1 workstation
kubectl.private-master tcp 166.9.32.53 32767 1 1 workstation
kubectl.private-master tcp 166.9.32.56 20000 1 1 workstation
kubectl.private-master tcp 166.9.32.56 32767 1 1 workstation
kubectl.private-master tcp 166.9.32.88 20000 1 1 workstation
kubectl.private-master tcp 166.9.32.88 32767 1 1 workstation
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
