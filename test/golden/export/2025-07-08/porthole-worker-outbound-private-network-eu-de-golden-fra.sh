#!/bin/sh
# porthole connectivity check: Public allowlist, Private allowlist in eu-de for cluster golden-fra
# Dataset 2025-07-08.2 (updated 2025-07-08) from "Opening required ports and IP addresses in your allowlist"
#   https://cloud.ibm.com/docs/containers?topic=containers-firewall
#
# Run it on the machine the rules are for: your workstation for the CLI rules, a worker node for the worker
# rules (-f workers-public | -f workers-private keeps the checks of one). It only connects: nothing is sent.
# Usage: sh FILE [-j PARALLEL] [-t TIMEOUT_SECONDS] [-f FROM]; exit 0 when every required check is open, 1 when
# one fails, 3 when none fails but some are inconclusive, 2 when it cannot run. Only open passes. A port range
# is checked at its first and last port; refused there is inconclusive (ask for your cluster for its exact port).
#
# Not checkable from here (never counted as passed):
#   registry.public: IBM Cloud Container Registry addresses (Accessing IBM Cloud Container Registry through a firewall): https://cloud.ibm.com/docs/Registry?topic=Registry-registry_firewall (This edition of the page lists no public registry addresses; it points to the Registry's own page.): the page lists these addresses elsewhere
#   iam.any-https: any (any destination (all HTTPS traffic)): any address: nothing in particular to connect to
#   monitoring.public: IBM Cloud Monitoring public IP addresses (<monitoring_public_IP>): https://cloud.ibm.com/docs/monitoring?topic=monitoring-endpoints (The page does not list these addresses; it points to the Monitoring endpoints page.): the page lists these addresses elsewhere
#   monitoring.private: Send metrics to IBM Cloud Monitoring through a private allowlist: all protocols: no connection to prove from one side
#   logging.public: IBM Cloud Logs public IP addresses (<logging_public_IP>): https://cloud.ibm.com/docs/cloud-logs?topic=cloud-logs-ips2open (The page does not list these addresses; it points to the IBM Cloud Logs page.): the page lists these addresses elsewhere
#   logging.private: Send logs to IBM Cloud Logs through a private allowlist: all protocols: no connection to prove from one side
#   istio.egress: any (any destination (the page names none)): any address: nothing in particular to connect to
#   istio.ingress: Let traffic in to the istiod control plane and the istio-ingressgateway load balancer: inbound: check it from outside, toward this machine
#   vrrp.workers: Let IBM Cloud Kubernetes Service manage the IP addresses of public and private load balancers with VRRP: between worker nodes: check it from one worker node to another
#   infrastructure-private.ranges: Allow the infrastructure's private IP ranges so that worker nodes can be created: all protocols: no connection to prove from one side
#   worker-updates.http: any (all destination IPs): any address: nothing in particular to connect to
#   file-storage.nfs: any (all destination IPs): any address: nothing in particular to connect to
#   block-storage.iscsi: any (all destination IPs): any address: nothing in particular to connect to
#   kubelet.inbound: Allow the Kubernetes dashboard and commands such as `kubectl logs` and `kubectl exec`: inbound: check it from outside, toward this machine
#   dns.outbound: any (all destination IPs): any address: nothing in particular to connect to
#   dns.inbound: DNS access (inbound): inbound: check it from outside, toward this machine
#   private-workers.private: Allow all traffic between worker nodes on the private interfaces (VRRP for load balancers, IPEncap for pod-to-pod traffic across subnets): between worker nodes: check it from one worker node to another
#   private-workers.public-vrrp: Allow VRRP between worker nodes on the public interface, which manages load balancer IP addresses: between worker nodes: check it from one worker node to another
#   pvc.https: any (any destination (all egress on TCP 443)): any address: nothing in particular to connect to
#   pvc.infrastructure-ranges: Reach the IBM Cloud infrastructure IP ranges of your cluster's zone for storage: all protocols: no connection to prove from one side

set -u
PARALLEL=${PORTHOLE_PARALLEL:-8}
TIMEOUT=${PORTHOLE_TIMEOUT:-5}
ONLY_FROM=${PORTHOLE_FROM:-}

usage() {
  echo "usage: sh $0 [-j PARALLEL] [-t TIMEOUT_SECONDS] [-f FROM]" >&2
  echo "  -f FROM  only the checks of rules that start at FROM (workers-public, workers-private)" >&2
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
  printf '%-27s  %-17s  %5s  %-16s  %6s ms  %s\n' "$rule" "$host" "$port" "$result" "$ms" "$verdict" >"$WORK/$n"
  case $verdict in
    FAIL*'(optional)'*) ;;
    FAIL*) : >"$WORK/$n.failed" ;;
    inconclusive) : >"$WORK/$n.inconclusive" ;;
  esac
}

echo "porthole connectivity check: $(uname -n 2>/dev/null), $PARALLEL at a time, ${TIMEOUT}s per check, with $CONNECT${CURL:+ and curl for HTTPS}"
printf '%-27s  %-17s  %5s  %-16s  %9s  %s\n' rule destination port result time verdict
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
worker-masters.region tcp 149.81.103.98 30000 1 1 workers-public
worker-masters.region tcp 149.81.103.98 32767 1 1 workers-public
worker-masters.region tcp 149.81.103.98 443 1 0 workers-public
worker-masters.region tcp 149.81.104.122 30000 1 1 workers-public
worker-masters.region tcp 149.81.104.122 32767 1 1 workers-public
worker-masters.region tcp 149.81.104.122 443 1 0 workers-public
worker-masters.region tcp 149.81.113.154 30000 1 1 workers-public
worker-masters.region tcp 149.81.113.154 32767 1 1 workers-public
worker-masters.region tcp 149.81.113.154 443 1 0 workers-public
worker-masters.region tcp 149.81.123.18 30000 1 1 workers-public
worker-masters.region tcp 149.81.123.18 32767 1 1 workers-public
worker-masters.region tcp 149.81.123.18 443 1 0 workers-public
worker-masters.region tcp 149.81.142.90 30000 1 1 workers-public
worker-masters.region tcp 149.81.142.90 32767 1 1 workers-public
worker-masters.region tcp 149.81.142.90 443 1 0 workers-public
worker-masters.region tcp 149.81.180.114 30000 1 1 workers-public
worker-masters.region tcp 149.81.180.114 32767 1 1 workers-public
worker-masters.region tcp 149.81.180.114 443 1 0 workers-public
worker-masters.region tcp 149.81.180.122 30000 1 1 workers-public
worker-masters.region tcp 149.81.180.122 32767 1 1 workers-public
worker-masters.region tcp 149.81.180.122 443 1 0 workers-public
worker-masters.region tcp 149.81.68.2 30000 1 1 workers-public
worker-masters.region tcp 149.81.68.2 32767 1 1 workers-public
worker-masters.region tcp 149.81.68.2 443 1 0 workers-public
worker-masters.region tcp 149.81.78.114 30000 1 1 workers-public
worker-masters.region tcp 149.81.78.114 32767 1 1 workers-public
worker-masters.region tcp 149.81.78.114 443 1 0 workers-public
worker-masters.region tcp 158.177.102.162 30000 1 1 workers-public
worker-masters.region tcp 158.177.102.162 32767 1 1 workers-public
worker-masters.region tcp 158.177.102.162 443 1 0 workers-public
worker-masters.region tcp 158.177.107.50 30000 1 1 workers-public
worker-masters.region tcp 158.177.107.50 32767 1 1 workers-public
worker-masters.region tcp 158.177.107.50 443 1 0 workers-public
worker-masters.region tcp 158.177.112.146 30000 1 1 workers-public
worker-masters.region tcp 158.177.112.146 32767 1 1 workers-public
worker-masters.region tcp 158.177.112.146 443 1 0 workers-public
worker-masters.region tcp 158.177.138.138 30000 1 1 workers-public
worker-masters.region tcp 158.177.138.138 32767 1 1 workers-public
worker-masters.region tcp 158.177.138.138 443 1 0 workers-public
worker-masters.region tcp 158.177.151.2 30000 1 1 workers-public
worker-masters.region tcp 158.177.151.2 32767 1 1 workers-public
worker-masters.region tcp 158.177.151.2 443 1 0 workers-public
worker-masters.region tcp 158.177.156.178 30000 1 1 workers-public
worker-masters.region tcp 158.177.156.178 32767 1 1 workers-public
worker-masters.region tcp 158.177.156.178 443 1 0 workers-public
worker-masters.region tcp 158.177.198.138 30000 1 1 workers-public
worker-masters.region tcp 158.177.198.138 32767 1 1 workers-public
worker-masters.region tcp 158.177.198.138 443 1 0 workers-public
worker-masters.region tcp 158.177.79.34 30000 1 1 workers-public
worker-masters.region tcp 158.177.79.34 32767 1 1 workers-public
worker-masters.region tcp 158.177.79.34 443 1 0 workers-public
worker-masters.region tcp 159.122.141.69 30000 1 1 workers-public
worker-masters.region tcp 159.122.141.69 32767 1 1 workers-public
worker-masters.region tcp 159.122.141.69 443 1 0 workers-public
worker-masters.region tcp 159.122.150.2 30000 1 1 workers-public
worker-masters.region tcp 159.122.150.2 32767 1 1 workers-public
worker-masters.region tcp 159.122.150.2 443 1 0 workers-public
worker-masters.region tcp 159.8.79.250 30000 1 1 workers-public
worker-masters.region tcp 159.8.79.250 32767 1 1 workers-public
worker-masters.region tcp 159.8.79.250 443 1 0 workers-public
worker-masters.region tcp 159.8.86.149 30000 1 1 workers-public
worker-masters.region tcp 159.8.86.149 32767 1 1 workers-public
worker-masters.region tcp 159.8.86.149 443 1 0 workers-public
worker-masters.region tcp 159.8.95.34 30000 1 1 workers-public
worker-masters.region tcp 159.8.95.34 32767 1 1 workers-public
worker-masters.region tcp 159.8.95.34 443 1 0 workers-public
worker-masters.region tcp 161.156.115.138 30000 1 1 workers-public
worker-masters.region tcp 161.156.115.138 32767 1 1 workers-public
worker-masters.region tcp 161.156.115.138 443 1 0 workers-public
worker-masters.region tcp 161.156.120.74 30000 1 1 workers-public
worker-masters.region tcp 161.156.120.74 32767 1 1 workers-public
worker-masters.region tcp 161.156.120.74 443 1 0 workers-public
worker-masters.region tcp 161.156.12.82 30000 1 1 workers-public
worker-masters.region tcp 161.156.12.82 32767 1 1 workers-public
worker-masters.region tcp 161.156.12.82 443 1 0 workers-public
worker-masters.region tcp 161.156.183.218 30000 1 1 workers-public
worker-masters.region tcp 161.156.183.218 32767 1 1 workers-public
worker-masters.region tcp 161.156.183.218 443 1 0 workers-public
worker-masters.region tcp 161.156.187.226 30000 1 1 workers-public
worker-masters.region tcp 161.156.187.226 32767 1 1 workers-public
worker-masters.region tcp 161.156.187.226 443 1 0 workers-public
worker-masters.region tcp 161.156.65.42 30000 1 1 workers-public
worker-masters.region tcp 161.156.65.42 32767 1 1 workers-public
worker-masters.region tcp 161.156.65.42 443 1 0 workers-public
worker-masters.region tcp 161.156.65.82 30000 1 1 workers-public
worker-masters.region tcp 161.156.65.82 32767 1 1 workers-public
worker-masters.region tcp 161.156.65.82 443 1 0 workers-public
worker-masters.region tcp 161.156.74.10 30000 1 1 workers-public
worker-masters.region tcp 161.156.74.10 32767 1 1 workers-public
worker-masters.region tcp 161.156.74.10 443 1 0 workers-public
worker-masters.region tcp 161.156.79.26 30000 1 1 workers-public
worker-masters.region tcp 161.156.79.26 32767 1 1 workers-public
worker-masters.region tcp 161.156.79.26 443 1 0 workers-public
worker-masters.region tcp 169.50.146.82 30000 1 1 workers-public
worker-masters.region tcp 169.50.146.82 32767 1 1 workers-public
worker-masters.region tcp 169.50.146.82 443 1 0 workers-public
worker-masters.region tcp 169.50.169.110 30000 1 1 workers-public
worker-masters.region tcp 169.50.169.110 32767 1 1 workers-public
worker-masters.region tcp 169.50.169.110 443 1 0 workers-public
worker-masters.region tcp 169.50.184.18 30000 1 1 workers-public
worker-masters.region tcp 169.50.184.18 32767 1 1 workers-public
worker-masters.region tcp 169.50.184.18 443 1 0 workers-public
worker-masters.region tcp 169.50.56.174 30000 1 1 workers-public
worker-masters.region tcp 169.50.56.174 32767 1 1 workers-public
worker-masters.region tcp 169.50.56.174 443 1 0 workers-public
worker-masters.region tcp 169.51.197.18 30000 1 1 workers-public
worker-masters.region tcp 169.51.197.18 32767 1 1 workers-public
worker-masters.region tcp 169.51.197.18 443 1 0 workers-public
worker-masters.region tcp 104.94.220.127 30000 1 1 workers-public
worker-masters.region tcp 104.94.220.127 32767 1 1 workers-public
worker-masters.region tcp 104.94.220.127 443 1 0 workers-public
worker-masters.region tcp 104.94.221.127 30000 1 1 workers-public
worker-masters.region tcp 104.94.221.127 32767 1 1 workers-public
worker-masters.region tcp 104.94.221.127 443 1 0 workers-public
worker-masters.region tcp 104.94.222.135 30000 1 1 workers-public
worker-masters.region tcp 104.94.222.135 32767 1 1 workers-public
worker-masters.region tcp 104.94.222.135 443 1 0 workers-public
worker-masters.region tcp 104.94.223.135 30000 1 1 workers-public
worker-masters.region tcp 104.94.223.135 32767 1 1 workers-public
worker-masters.region tcp 104.94.223.135 443 1 0 workers-public
worker-masters.region tcp 104.96.176.127 30000 1 1 workers-public
worker-masters.region tcp 104.96.176.127 32767 1 1 workers-public
worker-masters.region tcp 104.96.176.127 443 1 0 workers-public
worker-masters.region tcp 104.96.177.127 30000 1 1 workers-public
worker-masters.region tcp 104.96.177.127 32767 1 1 workers-public
worker-masters.region tcp 104.96.177.127 443 1 0 workers-public
worker-masters.region tcp 104.96.178.129 30000 1 1 workers-public
worker-masters.region tcp 104.96.178.129 32767 1 1 workers-public
worker-masters.region tcp 104.96.178.129 443 1 0 workers-public
worker-masters.region tcp 104.96.179.129 30000 1 1 workers-public
worker-masters.region tcp 104.96.179.129 32767 1 1 workers-public
worker-masters.region tcp 104.96.179.129 443 1 0 workers-public
worker-masters.region tcp 104.96.180.126 30000 1 1 workers-public
worker-masters.region tcp 104.96.180.126 32767 1 1 workers-public
worker-masters.region tcp 104.96.180.126 443 1 0 workers-public
worker-masters.region tcp 104.96.181.126 30000 1 1 workers-public
worker-masters.region tcp 104.96.181.126 32767 1 1 workers-public
worker-masters.region tcp 104.96.181.126 443 1 0 workers-public
iam.token https iam.bluemix.net 443 1 0 workers-public
iam.token https iam.cloud.ibm.com 443 1 0 workers-public
private-masters.region tcp 166.9.28.107 30000 1 1 workers-private
private-masters.region tcp 166.9.28.107 32767 1 1 workers-private
private-masters.region tcp 166.9.28.107 443 1 0 workers-private
private-masters.region tcp 166.9.28.17 30000 1 1 workers-private
private-masters.region tcp 166.9.28.17 32767 1 1 workers-private
private-masters.region tcp 166.9.28.17 443 1 0 workers-private
private-masters.region tcp 166.9.28.19 30000 1 1 workers-private
private-masters.region tcp 166.9.28.19 32767 1 1 workers-private
private-masters.region tcp 166.9.28.19 443 1 0 workers-private
private-masters.region tcp 166.9.28.20 30000 1 1 workers-private
private-masters.region tcp 166.9.28.20 32767 1 1 workers-private
private-masters.region tcp 166.9.28.20 443 1 0 workers-private
private-masters.region tcp 166.9.28.203 30000 1 1 workers-private
private-masters.region tcp 166.9.28.203 32767 1 1 workers-private
private-masters.region tcp 166.9.28.203 443 1 0 workers-private
private-masters.region tcp 166.9.28.22 30000 1 1 workers-private
private-masters.region tcp 166.9.28.22 32767 1 1 workers-private
private-masters.region tcp 166.9.28.22 443 1 0 workers-private
private-masters.region tcp 166.9.28.23 30000 1 1 workers-private
private-masters.region tcp 166.9.28.23 32767 1 1 workers-private
private-masters.region tcp 166.9.28.23 443 1 0 workers-private
private-masters.region tcp 166.9.28.235 30000 1 1 workers-private
private-masters.region tcp 166.9.28.235 32767 1 1 workers-private
private-masters.region tcp 166.9.28.235 443 1 0 workers-private
private-masters.region tcp 166.9.28.24 30000 1 1 workers-private
private-masters.region tcp 166.9.28.24 32767 1 1 workers-private
private-masters.region tcp 166.9.28.24 443 1 0 workers-private
private-masters.region tcp 166.9.28.240 30000 1 1 workers-private
private-masters.region tcp 166.9.28.240 32767 1 1 workers-private
private-masters.region tcp 166.9.28.240 443 1 0 workers-private
private-masters.region tcp 166.9.28.43 30000 1 1 workers-private
private-masters.region tcp 166.9.28.43 32767 1 1 workers-private
private-masters.region tcp 166.9.28.43 443 1 0 workers-private
private-masters.region tcp 166.9.28.64 30000 1 1 workers-private
private-masters.region tcp 166.9.28.64 32767 1 1 workers-private
private-masters.region tcp 166.9.28.64 443 1 0 workers-private
private-masters.region tcp 166.9.28.84 30000 1 1 workers-private
private-masters.region tcp 166.9.28.84 32767 1 1 workers-private
private-masters.region tcp 166.9.28.84 443 1 0 workers-private
private-masters.region tcp 166.9.28.87 30000 1 1 workers-private
private-masters.region tcp 166.9.28.87 32767 1 1 workers-private
private-masters.region tcp 166.9.28.87 443 1 0 workers-private
private-masters.region tcp 166.9.28.91 30000 1 1 workers-private
private-masters.region tcp 166.9.28.91 32767 1 1 workers-private
private-masters.region tcp 166.9.28.91 443 1 0 workers-private
private-masters.region tcp 166.9.28.94 30000 1 1 workers-private
private-masters.region tcp 166.9.28.94 32767 1 1 workers-private
private-masters.region tcp 166.9.28.94 443 1 0 workers-private
private-masters.region tcp 166.9.28.95 30000 1 1 workers-private
private-masters.region tcp 166.9.28.95 32767 1 1 workers-private
private-masters.region tcp 166.9.28.95 443 1 0 workers-private
private-masters.region tcp 166.9.30.100 30000 1 1 workers-private
private-masters.region tcp 166.9.30.100 32767 1 1 workers-private
private-masters.region tcp 166.9.30.100 443 1 0 workers-private
private-masters.region tcp 166.9.30.11 30000 1 1 workers-private
private-masters.region tcp 166.9.30.11 32767 1 1 workers-private
private-masters.region tcp 166.9.30.11 443 1 0 workers-private
private-masters.region tcp 166.9.30.116 30000 1 1 workers-private
private-masters.region tcp 166.9.30.116 32767 1 1 workers-private
private-masters.region tcp 166.9.30.116 443 1 0 workers-private
private-masters.region tcp 166.9.30.12 30000 1 1 workers-private
private-masters.region tcp 166.9.30.12 32767 1 1 workers-private
private-masters.region tcp 166.9.30.12 443 1 0 workers-private
private-masters.region tcp 166.9.30.13 30000 1 1 workers-private
private-masters.region tcp 166.9.30.13 32767 1 1 workers-private
private-masters.region tcp 166.9.30.13 443 1 0 workers-private
private-masters.region tcp 166.9.30.22 30000 1 1 workers-private
private-masters.region tcp 166.9.30.22 32767 1 1 workers-private
private-masters.region tcp 166.9.30.22 443 1 0 workers-private
private-masters.region tcp 166.9.30.41 30000 1 1 workers-private
private-masters.region tcp 166.9.30.41 32767 1 1 workers-private
private-masters.region tcp 166.9.30.41 443 1 0 workers-private
private-masters.region tcp 166.9.30.54 30000 1 1 workers-private
private-masters.region tcp 166.9.30.54 32767 1 1 workers-private
private-masters.region tcp 166.9.30.54 443 1 0 workers-private
private-masters.region tcp 166.9.30.56 30000 1 1 workers-private
private-masters.region tcp 166.9.30.56 32767 1 1 workers-private
private-masters.region tcp 166.9.30.56 443 1 0 workers-private
private-masters.region tcp 166.9.30.9 30000 1 1 workers-private
private-masters.region tcp 166.9.30.9 32767 1 1 workers-private
private-masters.region tcp 166.9.30.9 443 1 0 workers-private
private-masters.region tcp 166.9.30.92 30000 1 1 workers-private
private-masters.region tcp 166.9.30.92 32767 1 1 workers-private
private-masters.region tcp 166.9.30.92 443 1 0 workers-private
private-masters.region tcp 166.9.32.101 30000 1 1 workers-private
private-masters.region tcp 166.9.32.101 32767 1 1 workers-private
private-masters.region tcp 166.9.32.101 443 1 0 workers-private
private-masters.region tcp 166.9.32.185 30000 1 1 workers-private
private-masters.region tcp 166.9.32.185 32767 1 1 workers-private
private-masters.region tcp 166.9.32.185 443 1 0 workers-private
private-masters.region tcp 166.9.32.20 30000 1 1 workers-private
private-masters.region tcp 166.9.32.20 32767 1 1 workers-private
private-masters.region tcp 166.9.32.20 443 1 0 workers-private
private-masters.region tcp 166.9.32.26 30000 1 1 workers-private
private-masters.region tcp 166.9.32.26 32767 1 1 workers-private
private-masters.region tcp 166.9.32.26 443 1 0 workers-private
private-masters.region tcp 166.9.32.27 30000 1 1 workers-private
private-masters.region tcp 166.9.32.27 32767 1 1 workers-private
private-masters.region tcp 166.9.32.27 443 1 0 workers-private
private-masters.region tcp 166.9.32.44 30000 1 1 workers-private
private-masters.region tcp 166.9.32.44 32767 1 1 workers-private
private-masters.region tcp 166.9.32.44 443 1 0 workers-private
private-masters.region tcp 166.9.32.54 30000 1 1 workers-private
private-masters.region tcp 166.9.32.54 32767 1 1 workers-private
private-masters.region tcp 166.9.32.54 443 1 0 workers-private
private-masters.region tcp 166.9.32.56 30000 1 1 workers-private
private-masters.region tcp 166.9.32.56 32767 1 1 workers-private
private-masters.region tcp 166.9.32.56 443 1 0 workers-private
private-masters.region tcp 166.9.32.84 30000 1 1 workers-private
private-masters.region tcp 166.9.32.84 32767 1 1 workers-private
private-masters.region tcp 166.9.32.84 443 1 0 workers-private
private-masters.region tcp 166.9.32.88 30000 1 1 workers-private
private-masters.region tcp 166.9.32.88 32767 1 1 workers-private
private-masters.region tcp 166.9.32.88 443 1 0 workers-private
private-masters.region tcp 166.9.32.9 30000 1 1 workers-private
private-masters.region tcp 166.9.32.9 32767 1 1 workers-private
private-masters.region tcp 166.9.32.9 443 1 0 workers-private
private-masters.region tcp 166.9.248.77 30000 1 1 workers-private
private-masters.region tcp 166.9.248.77 32767 1 1 workers-private
private-masters.region tcp 166.9.248.77 443 1 0 workers-private
private-masters.region tcp 166.9.248.106 30000 1 1 workers-private
private-masters.region tcp 166.9.248.106 32767 1 1 workers-private
private-masters.region tcp 166.9.248.106 443 1 0 workers-private
private-masters.region tcp 166.9.248.137 30000 1 1 workers-private
private-masters.region tcp 166.9.248.137 32767 1 1 workers-private
private-masters.region tcp 166.9.248.137 443 1 0 workers-private
private-registry.pull https private.icr.io 443 1 0 workers-private
private-registry.pull https cp.icr.io 443 1 0 workers-private
private-registry.pull tcp 166.9.251.49 443 1 0 workers-private
private-registry.pull tcp 166.9.251.82 443 1 0 workers-private
private-registry.pull tcp 166.9.251.113 443 1 0 workers-private
private-registry.pull https private.de.icr.io 443 1 0 workers-private
private-registry.pull tcp 166.9.248.76 443 1 0 workers-private
private-registry.pull tcp 166.9.248.105 443 1 0 workers-private
private-registry.pull tcp 166.9.248.136 443 1 0 workers-private
private-registry.until-2022 tcp 166.9.20.31 443 0 0 workers-private
private-registry.until-2022 tcp 166.9.22.22 443 0 0 workers-private
private-registry.until-2022 tcp 166.9.24.16 443 0 0 workers-private
private-registry.until-2022 tcp 166.9.28.35 443 0 0 workers-private
private-registry.until-2022 tcp 166.9.30.2 443 0 0 workers-private
private-registry.until-2022 tcp 166.9.32.2 443 0 0 workers-private
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
