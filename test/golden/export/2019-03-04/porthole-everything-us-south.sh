#!/bin/sh
# porthole connectivity check: Everything in us-south
# Dataset 2019-03-04.1 (updated 2019-03-04) from "Opening required ports and IP addresses in your firewall"
#   https://cloud.ibm.com/docs/containers?topic=containers-firewall
#
# Run it on the machine the rules are for: your workstation for the CLI rules, a worker node for the worker
# rules (-f workstation | -f workers-public keeps the checks of one). It only connects: nothing is sent.
# Usage: sh FILE [-j PARALLEL] [-t TIMEOUT_SECONDS] [-f FROM]; exit 0 when every required check is open, 1 when
# one fails, 3 when none fails but some are inconclusive, 2 when it cannot run. Only open passes. A port range
# is checked at its first and last port; refused there is inconclusive (ask for your cluster for its exact port).
#
# Not checkable from here (never counted as passed):
#   registry.pull: 169.60.72.144/28 (IBM Cloud Container Registry (global)): a network: no one address in it is known to answer
#   registry.pull: 169.61.76.176/28 (IBM Cloud Container Registry (global)): a network: no one address in it is known to answer
#   registry.pull: 169.62.37.240/29 (IBM Cloud Container Registry (global)): a network: no one address in it is known to answer
#   registry.pull: 169.60.98.80/29 (IBM Cloud Container Registry (global)): a network: no one address in it is known to answer
#   registry.pull: 169.63.104.232/29 (IBM Cloud Container Registry (global)): a network: no one address in it is known to answer
#   registry.pull: 169.55.39.112/28 (IBM Cloud Container Registry (US East, US South)): a network: no one address in it is known to answer
#   registry.pull: 169.46.9.0/27 (IBM Cloud Container Registry (US East, US South)): a network: no one address in it is known to answer
#   registry.pull: 169.55.211.0/27 (IBM Cloud Container Registry (US East, US South)): a network: no one address in it is known to answer
#   registry.pull: 169.61.234.224/29 (IBM Cloud Container Registry (US East, US South)): a network: no one address in it is known to answer
#   registry.pull: 169.61.135.160/29 (IBM Cloud Container Registry (US East, US South)): a network: no one address in it is known to answer
#   registry.pull: 169.61.46.80/29 (IBM Cloud Container Registry (US East, US South)): a network: no one address in it is known to answer
#   monitoring.metrics: 169.47.204.128/29 (IBM Cloud Monitoring (US East, US South, AP North, AP South)): a network: no one address in it is known to answer
#   monitoring.sysdig: Sysdig public IP addresses: https://cloud.ibm.com/docs/services/Monitoring-with-Sysdig?topic=Sysdig-network#network (The page does not list these addresses; it points to the Sysdig network page.): the page lists these addresses elsewhere
#   logging.logdna: LogDNA public IP addresses: https://cloud.ibm.com/docs/services/Log-Analysis-with-LogDNA?topic=LogDNA-network#ips (The page does not list these addresses; it points to the LogDNA network page.): the page lists these addresses elsewhere
#   vrrp.workers: Let load balancer services manage their IP addresses with VRRP: between worker nodes: check it from one worker node to another
#   pvc.softlayer-ranges: Reach the IBM Cloud infrastructure (SoftLayer) IP ranges of your cluster's zone for storage: all protocols: no connection to prove from one side
#   private-workers.all: Allow all traffic between worker nodes (VRRP for private load balancers, IPEncap for pod-to-pod traffic across subnets): between worker nodes: check it from one worker node to another
#   infrastructure-private.ranges: Allow the infrastructure's private IP ranges so that worker nodes can be created: all protocols: no connection to prove from one side
#   kubelet.inbound: Allow the Kubernetes dashboard and commands such as `kubectl logs` and `kubectl exec`: inbound: check it from outside, toward this machine
#   dns.inbound: DNS access (inbound): inbound: check it from outside, toward this machine
#   nodeport.service: Reach a NodePort service on the public IP addresses of all worker nodes: inbound: check it from outside, toward this machine
#   load-balancer.service: Reach a load balancer service on its public IP address: inbound: check it from outside, toward this machine
#   ingress.alb: Reach apps through the Ingress application load balancer (80 for HTTP, 443 for HTTPS): inbound: check it from outside, toward this machine
#
# Skipped until the value is known (ask again for your cluster to fill it in):
#   kubectl.master: <master URL host of your cluster> (the cluster master (master URL host)): find it: ibmcloud ks cluster-get --cluster <cluster_name_or_ID>
#   calicoctl.etcd: port <the cluster's etcd port>: find it: kubectl get cm -n kube-system cluster-info -o yaml | grep etcd_host
#   worker-updates.http: <private network peers> (the private network): depends on your setup
#   file-storage.nfs: <private network peers> (the private network): depends on your setup
#   block-storage.iscsi: <private network peers> (the private network): depends on your setup
#   dns.outbound: <private network peers> (the private network): depends on your setup

set -u
PARALLEL=${PORTHOLE_PARALLEL:-8}
TIMEOUT=${PORTHOLE_TIMEOUT:-5}
ONLY_FROM=${PORTHOLE_FROM:-}

usage() {
  echo "usage: sh $0 [-j PARALLEL] [-t TIMEOUT_SECONDS] [-f FROM]" >&2
  echo "  -f FROM  only the checks of rules that start at FROM (workstation, workers-public)" >&2
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
  printf '%-21s  %-29s  %5s  %-16s  %6s ms  %s\n' "$rule" "$host" "$port" "$result" "$ms" "$verdict" >"$WORK/$n"
  case $verdict in
    FAIL*'(optional)'*) ;;
    FAIL*) : >"$WORK/$n.failed" ;;
    inconclusive) : >"$WORK/$n.inconclusive" ;;
  esac
}

echo "porthole connectivity check: $(uname -n 2>/dev/null), $PARALLEL at a time, ${TIMEOUT}s per check, with $CONNECT${CURL:+ and curl for HTTPS}"
printf '%-21s  %-29s  %5s  %-16s  %9s  %s\n' rule destination port result time verdict
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
ibmcloud-ks.api https containers.cloud.ibm.com 443 1 0 workstation
kubectl.master tcp 184.173.44.62 20000 1 1 workstation
kubectl.master tcp 184.173.44.62 32767 1 1 workstation
kubectl.master tcp 169.57.100.18 20000 1 1 workstation
kubectl.master tcp 169.57.100.18 32767 1 1 workstation
kubectl.master tcp 169.57.151.10 20000 1 1 workstation
kubectl.master tcp 169.57.151.10 32767 1 1 workstation
kubectl.master tcp 169.45.67.210 20000 1 1 workstation
kubectl.master tcp 169.45.67.210 32767 1 1 workstation
kubectl.master tcp 169.62.82.197 20000 1 1 workstation
kubectl.master tcp 169.62.82.197 32767 1 1 workstation
kubectl.master tcp 169.46.7.238 20000 1 1 workstation
kubectl.master tcp 169.46.7.238 32767 1 1 workstation
kubectl.master tcp 169.48.230.146 20000 1 1 workstation
kubectl.master tcp 169.48.230.146 32767 1 1 workstation
kubectl.master tcp 169.61.29.194 20000 1 1 workstation
kubectl.master tcp 169.61.29.194 32767 1 1 workstation
kubectl.master tcp 169.46.110.218 20000 1 1 workstation
kubectl.master tcp 169.46.110.218 32767 1 1 workstation
kubectl.master tcp 169.47.70.10 20000 1 1 workstation
kubectl.master tcp 169.47.70.10 32767 1 1 workstation
kubectl.master tcp 169.62.166.98 20000 1 1 workstation
kubectl.master tcp 169.62.166.98 32767 1 1 workstation
kubectl.master tcp 169.48.143.218 20000 1 1 workstation
kubectl.master tcp 169.48.143.218 32767 1 1 workstation
kubectl.master tcp 169.61.177.2 20000 1 1 workstation
kubectl.master tcp 169.61.177.2 32767 1 1 workstation
kubectl.master tcp 169.60.128.2 20000 1 1 workstation
kubectl.master tcp 169.60.128.2 32767 1 1 workstation
worker-masters.region tcp 184.173.44.62 20000 1 1 workers-public
worker-masters.region tcp 184.173.44.62 32767 1 1 workers-public
worker-masters.region tcp 184.173.44.62 443 1 0 workers-public
worker-masters.region tcp 169.57.100.18 20000 1 1 workers-public
worker-masters.region tcp 169.57.100.18 32767 1 1 workers-public
worker-masters.region tcp 169.57.100.18 443 1 0 workers-public
worker-masters.region tcp 169.57.151.10 20000 1 1 workers-public
worker-masters.region tcp 169.57.151.10 32767 1 1 workers-public
worker-masters.region tcp 169.57.151.10 443 1 0 workers-public
worker-masters.region tcp 169.45.67.210 20000 1 1 workers-public
worker-masters.region tcp 169.45.67.210 32767 1 1 workers-public
worker-masters.region tcp 169.45.67.210 443 1 0 workers-public
worker-masters.region tcp 169.62.82.197 20000 1 1 workers-public
worker-masters.region tcp 169.62.82.197 32767 1 1 workers-public
worker-masters.region tcp 169.62.82.197 443 1 0 workers-public
worker-masters.region tcp 169.46.7.238 20000 1 1 workers-public
worker-masters.region tcp 169.46.7.238 32767 1 1 workers-public
worker-masters.region tcp 169.46.7.238 443 1 0 workers-public
worker-masters.region tcp 169.48.230.146 20000 1 1 workers-public
worker-masters.region tcp 169.48.230.146 32767 1 1 workers-public
worker-masters.region tcp 169.48.230.146 443 1 0 workers-public
worker-masters.region tcp 169.61.29.194 20000 1 1 workers-public
worker-masters.region tcp 169.61.29.194 32767 1 1 workers-public
worker-masters.region tcp 169.61.29.194 443 1 0 workers-public
worker-masters.region tcp 169.46.110.218 20000 1 1 workers-public
worker-masters.region tcp 169.46.110.218 32767 1 1 workers-public
worker-masters.region tcp 169.46.110.218 443 1 0 workers-public
worker-masters.region tcp 169.47.70.10 20000 1 1 workers-public
worker-masters.region tcp 169.47.70.10 32767 1 1 workers-public
worker-masters.region tcp 169.47.70.10 443 1 0 workers-public
worker-masters.region tcp 169.62.166.98 20000 1 1 workers-public
worker-masters.region tcp 169.62.166.98 32767 1 1 workers-public
worker-masters.region tcp 169.62.166.98 443 1 0 workers-public
worker-masters.region tcp 169.48.143.218 20000 1 1 workers-public
worker-masters.region tcp 169.48.143.218 32767 1 1 workers-public
worker-masters.region tcp 169.48.143.218 443 1 0 workers-public
worker-masters.region tcp 169.61.177.2 20000 1 1 workers-public
worker-masters.region tcp 169.61.177.2 32767 1 1 workers-public
worker-masters.region tcp 169.61.177.2 443 1 0 workers-public
worker-masters.region tcp 169.60.128.2 20000 1 1 workers-public
worker-masters.region tcp 169.60.128.2 32767 1 1 workers-public
worker-masters.region tcp 169.60.128.2 443 1 0 workers-public
registry.pull https icr.io 443 1 0 workers-public
registry.pull tcp icr.io 4443 1 0 workers-public
registry.pull https registry.bluemix.net 443 1 0 workers-public
registry.pull tcp registry.bluemix.net 4443 1 0 workers-public
registry.pull https us.icr.io 443 1 0 workers-public
registry.pull tcp us.icr.io 4443 1 0 workers-public
registry.pull https registry.ng.bluemix.net 443 1 0 workers-public
registry.pull tcp registry.ng.bluemix.net 4443 1 0 workers-public
iam.token https iam.bluemix.net 443 1 0 workers-public
iam.token https iam.cloud.ibm.com 443 1 0 workers-public
monitoring.metrics https metrics.ng.bluemix.net 443 0 0 workers-public
monitoring.metrics tcp metrics.ng.bluemix.net 9095 0 0 workers-public
logging.ingest https ingest.logging.ng.bluemix.net 443 0 0 workers-public
logging.ingest tcp ingest.logging.ng.bluemix.net 9091 0 0 workers-public
logging.ingest tcp 169.48.79.236 443 0 0 workers-public
logging.ingest tcp 169.48.79.236 9091 0 0 workers-public
logging.ingest tcp 169.46.186.113 443 0 0 workers-public
logging.ingest tcp 169.46.186.113 9091 0 0 workers-public
pvc.softlayer-api tcp 66.228.119.120 443 1 0 workers-public
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
