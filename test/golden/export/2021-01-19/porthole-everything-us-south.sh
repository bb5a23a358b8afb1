#!/bin/sh
# porthole connectivity check: Everything in us-south
# Dataset 2021-01-19.1 (updated 2021-01-19) from "Classic: Opening required ports and IP addresses in your firewall"
#   https://cloud.ibm.com/docs/containers?topic=containers-firewall
#
# Run it on the machine the rules are for: your workstation for the CLI rules, a worker node for the worker
# rules (-f workstation | -f workers-public | -f workers-private keeps the checks of one). It only connects: nothing is sent.
# Usage: sh FILE [-j PARALLEL] [-t TIMEOUT_SECONDS] [-f FROM]; exit 0 when every required check is open, 1 when
# one fails, 3 when none fails but some are inconclusive, 2 when it cannot run. Only open passes. A port range
# is checked at its first and last port; refused there is inconclusive (ask for your cluster for its exact port).
#
# Not checkable from here (never counted as passed):
#   iam-allowlist.control-plane: Add the control plane's CIDRs to the IAM allowlist (Classic infrastructure) so that Ingress ALBs and load balancers can be created: an allowlist on IBM's side, not a firewall rule
#   ibmcloud-ks.registry: 169.62.37.240/29 (IBM Cloud Container Registry (global)): a network: no one address in it is known to answer
#   ibmcloud-ks.registry: 169.60.98.80/29 (IBM Cloud Container Registry (global)): a network: no one address in it is known to answer
#   ibmcloud-ks.registry: 169.63.104.232/29 (IBM Cloud Container Registry (global)): a network: no one address in it is known to answer
#   ibmcloud-ks.registry: 169.61.234.224/29 (IBM Cloud Container Registry (US East, US South)): a network: no one address in it is known to answer
#   ibmcloud-ks.registry: 169.61.135.160/29 (IBM Cloud Container Registry (US East, US South)): a network: no one address in it is known to answer
#   ibmcloud-ks.registry: 169.61.46.80/29 (IBM Cloud Container Registry (US East, US South)): a network: no one address in it is known to answer
#   registry.pull: 169.62.37.240/29 (IBM Cloud Container Registry (global)): a network: no one address in it is known to answer
#   registry.pull: 169.60.98.80/29 (IBM Cloud Container Registry (global)): a network: no one address in it is known to answer
#   registry.pull: 169.63.104.232/29 (IBM Cloud Container Registry (global)): a network: no one address in it is known to answer
#   registry.pull: 169.61.234.224/29 (IBM Cloud Container Registry (US East, US South)): a network: no one address in it is known to answer
#   registry.pull: 169.61.135.160/29 (IBM Cloud Container Registry (US East, US South)): a network: no one address in it is known to answer
#   registry.pull: 169.61.46.80/29 (IBM Cloud Container Registry (US East, US South)): a network: no one address in it is known to answer
#   iam.any-https: any (any address (IAM has no fixed IP addresses)): any address: nothing in particular to connect to
#   monitoring.sysdig: Sysdig public IP addresses: https://cloud.ibm.com/docs/Monitoring-with-Sysdig?topic=Monitoring-with-Sysdig-endpoints#endpoints_sysdig (The page does not list these addresses; it points to the Sysdig endpoints page.): the page lists these addresses elsewhere
#   monitoring.private: IBM Cloud Monitoring with Sysdig private endpoints: https://cloud.ibm.com/docs/Monitoring-with-Sysdig?topic=Monitoring-with-Sysdig-endpoints#endpoints_sysdig (The page names no address or port; it points to the Sysdig endpoints page.): the page lists these addresses elsewhere
#   logging.logdna: LogDNA public IP addresses: https://cloud.ibm.com/docs/Log-Analysis-with-LogDNA?topic=Log-Analysis-with-LogDNA-service-connection#network_outgoing_traffic (The page does not list these addresses; it points to the LogDNA network page.): the page lists these addresses elsewhere
#   logging.private: IBM Log Analysis with LogDNA private endpoints: https://cloud.ibm.com/docs/Log-Analysis-with-LogDNA?topic=Log-Analysis-with-LogDNA-service-connection#ips_api (The page names no address or port; it points to the LogDNA endpoints page.): the page lists these addresses elsewhere
#   istio.egress: any (any address your apps reach through the istio-egressgateway): any address: nothing in particular to connect to
#   istio.ingress: Let traffic reach the istiod control plane and the istio-ingressgateway load balancer: inbound: check it from outside, toward this machine
#   vrrp.workers: Let load balancer services manage their IP addresses with VRRP: between worker nodes: check it from one worker node to another
#   infrastructure-private.ranges: Allow the infrastructure's private IP ranges so that worker nodes can be created: all protocols: no connection to prove from one side
#   kubelet.inbound: Allow the Kubernetes dashboard and commands such as `kubectl logs` and `kubectl exec`: inbound: check it from outside, toward this machine
#   dns.inbound: DNS access (inbound): inbound: check it from outside, toward this machine
#   private-workers.all: Allow all traffic between worker nodes (VRRP for private load balancers, IPEncap for pod-to-pod traffic across subnets): between worker nodes: check it from one worker node to another
#   pvc.any-https: any (any address): any address: nothing in particular to connect to
#   pvc.softlayer-ranges: Reach the IBM Cloud infrastructure IP ranges of your cluster's zone for storage: all protocols: no connection to prove from one side
#   nodeport.service: Reach a NodePort service on the public or private IP addresses of all worker nodes: inbound: check it from outside, toward this machine
#   load-balancer.service: Reach a load balancer service on its public or private IP address: inbound: check it from outside, toward this machine
#   ingress.alb: Reach apps through the Ingress application load balancer's public or private IP (80 for HTTP, 443 for HTTPS): inbound: check it from outside, toward this machine
#   allowlist-workers.service: Add the worker nodes' IP addresses or VLAN subnets to the other firewall: all protocols: no connection to prove from one side
#
# Skipped until the value is known (ask again for your cluster to fill it in):
#   kubectl.master: <master URL host of your cluster> (the cluster master (public service endpoint URL host)): find it: ibmcloud ks cluster get --cluster <cluster_name_or_ID>
#   kubectl.private-master: <private service endpoint URL host of your cluster> (the cluster master (private service endpoint URL host)): find it: ibmcloud ks cluster get --cluster <cluster_name_or_ID>
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
  echo "  -f FROM  only the checks of rules that start at FROM (workstation, workers-public, workers-private)" >&2
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
  printf '%-22s  %-24s  %5s  %-16s  %6s ms  %s\n' "$rule" "$host" "$port" "$result" "$ms" "$verdict" >"$WORK/$n"
  case $verdict in
    FAIL*'(optional)'*) ;;
    FAIL*) : >"$WORK/$n.failed" ;;
    inconclusive) : >"$WORK/$n.inconclusive" ;;
  esac
}

echo "porthole connectivity check: $(uname -n 2>/dev/null), $PARALLEL at a time, ${TIMEOUT}s per check, with $CONNECT${CURL:+ and curl for HTTPS}"
printf '%-22s  %-24s  %5s  %-16s  %9s  %s\n' rule destination port result time verdict
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
ibmcloud-ks.registry https us.icr.io 443 1 0 workstation
ibmcloud-ks.registry tcp us.icr.io 4443 1 0 workstation
ibmcloud-ks.registry https registry.ng.bluemix.net 443 1 0 workstation
ibmcloud-ks.registry tcp registry.ng.bluemix.net 4443 1 0 workstation
kubectl.master tcp 169.57.13.10 20000 1 1 workstation
kubectl.master tcp 169.57.13.10 32767 1 1 workstation
kubectl.master tcp 169.57.100.18 20000 1 1 workstation
kubectl.master tcp 169.57.100.18 32767 1 1 workstation
kubectl.master tcp 169.57.151.10 20000 1 1 workstation
kubectl.master tcp 169.57.151.10 32767 1 1 workstation
kubectl.master tcp 169.57.154.98 20000 1 1 workstation
kubectl.master tcp 169.57.154.98 32767 1 1 workstation
kubectl.master tcp 169.45.67.210 20000 1 1 workstation
kubectl.master tcp 169.45.67.210 32767 1 1 workstation
kubectl.master tcp 169.45.88.98 20000 1 1 workstation
kubectl.master tcp 169.45.88.98 32767 1 1 workstation
kubectl.master tcp 169.62.82.197 20000 1 1 workstation
kubectl.master tcp 169.62.82.197 32767 1 1 workstation
kubectl.master tcp 169.62.87.170 20000 1 1 workstation
kubectl.master tcp 169.62.87.170 32767 1 1 workstation
kubectl.master tcp 50.22.129.34 20000 1 1 workstation
kubectl.master tcp 50.22.129.34 32767 1 1 workstation
kubectl.master tcp 52.116.231.210 20000 1 1 workstation
kubectl.master tcp 52.116.231.210 32767 1 1 workstation
kubectl.master tcp 52.116.254.234 20000 1 1 workstation
kubectl.master tcp 52.116.254.234 32767 1 1 workstation
kubectl.master tcp 52.117.28.138 20000 1 1 workstation
kubectl.master tcp 52.117.28.138 32767 1 1 workstation
kubectl.master tcp 52.117.197.210 20000 1 1 workstation
kubectl.master tcp 52.117.197.210 32767 1 1 workstation
kubectl.master tcp 52.117.232.194 20000 1 1 workstation
kubectl.master tcp 52.117.232.194 32767 1 1 workstation
kubectl.master tcp 52.117.240.106 20000 1 1 workstation
kubectl.master tcp 52.117.240.106 32767 1 1 workstation
kubectl.master tcp 169.46.7.238 20000 1 1 workstation
kubectl.master tcp 169.46.7.238 32767 1 1 workstation
kubectl.master tcp 169.46.24.210 20000 1 1 workstation
kubectl.master tcp 169.46.24.210 32767 1 1 workstation
kubectl.master tcp 169.46.27.234 20000 1 1 workstation
kubectl.master tcp 169.46.27.234 32767 1 1 workstation
kubectl.master tcp 169.46.68.234 20000 1 1 workstation
kubectl.master tcp 169.46.68.234 32767 1 1 workstation
kubectl.master tcp 169.46.89.50 20000 1 1 workstation
kubectl.master tcp 169.46.89.50 32767 1 1 workstation
kubectl.master tcp 169.46.110.218 20000 1 1 workstation
kubectl.master tcp 169.46.110.218 32767 1 1 workstation
kubectl.master tcp 169.47.70.10 20000 1 1 workstation
kubectl.master tcp 169.47.70.10 32767 1 1 workstation
kubectl.master tcp 169.47.71.138 20000 1 1 workstation
kubectl.master tcp 169.47.71.138 32767 1 1 workstation
kubectl.master tcp 169.47.109.34 20000 1 1 workstation
kubectl.master tcp 169.47.109.34 32767 1 1 workstation
kubectl.master tcp 169.47.209.66 20000 1 1 workstation
kubectl.master tcp 169.47.209.66 32767 1 1 workstation
kubectl.master tcp 169.47.229.90 20000 1 1 workstation
kubectl.master tcp 169.47.229.90 32767 1 1 workstation
kubectl.master tcp 169.47.232.210 20000 1 1 workstation
kubectl.master tcp 169.47.232.210 32767 1 1 workstation
kubectl.master tcp 169.47.239.34 20000 1 1 workstation
kubectl.master tcp 169.47.239.34 32767 1 1 workstation
kubectl.master tcp 169.48.110.250 20000 1 1 workstation
kubectl.master tcp 169.48.110.250 32767 1 1 workstation
kubectl.master tcp 169.48.143.218 20000 1 1 workstation
kubectl.master tcp 169.48.143.218 32767 1 1 workstation
kubectl.master tcp 169.48.161.242 20000 1 1 workstation
kubectl.master tcp 169.48.161.242 32767 1 1 workstation
kubectl.master tcp 169.48.230.146 20000 1 1 workstation
kubectl.master tcp 169.48.230.146 32767 1 1 workstation
kubectl.master tcp 169.48.244.66 20000 1 1 workstation
kubectl.master tcp 169.48.244.66 32767 1 1 workstation
kubectl.master tcp 169.59.219.90 20000 1 1 workstation
kubectl.master tcp 169.59.219.90 32767 1 1 workstation
kubectl.master tcp 169.60.128.2 20000 1 1 workstation
kubectl.master tcp 169.60.128.2 32767 1 1 workstation
kubectl.master tcp 169.60.170.234 20000 1 1 workstation
kubectl.master tcp 169.60.170.234 32767 1 1 workstation
kubectl.master tcp 169.61.29.194 20000 1 1 workstation
kubectl.master tcp 169.61.29.194 32767 1 1 workstation
kubectl.master tcp 169.61.60.130 20000 1 1 workstation
kubectl.master tcp 169.61.60.130 32767 1 1 workstation
kubectl.master tcp 169.61.28.66 20000 1 1 workstation
kubectl.master tcp 169.61.28.66 32767 1 1 workstation
kubectl.master tcp 169.61.175.106 20000 1 1 workstation
kubectl.master tcp 169.61.175.106 32767 1 1 workstation
kubectl.master tcp 169.61.177.2 20000 1 1 workstation
kubectl.master tcp 169.61.177.2 32767 1 1 workstation
kubectl.master tcp 169.61.228.138 20000 1 1 workstation
kubectl.master tcp 169.61.228.138 32767 1 1 workstation
kubectl.master tcp 169.62.166.98 20000 1 1 workstation
kubectl.master tcp 169.62.166.98 32767 1 1 workstation
kubectl.master tcp 169.62.189.26 20000 1 1 workstation
kubectl.master tcp 169.62.189.26 32767 1 1 workstation
kubectl.master tcp 169.62.206.234 20000 1 1 workstation
kubectl.master tcp 169.62.206.234 32767 1 1 workstation
kubectl.master tcp 169.63.39.66 20000 1 1 workstation
kubectl.master tcp 169.63.39.66 32767 1 1 workstation
kubectl.master tcp 169.63.47.250 20000 1 1 workstation
kubectl.master tcp 169.63.47.250 32767 1 1 workstation
kubectl.private-master tcp 166.9.15.74 20000 1 1 workstation
kubectl.private-master tcp 166.9.15.74 32767 1 1 workstation
kubectl.private-master tcp 166.9.15.76 20000 1 1 workstation
kubectl.private-master tcp 166.9.15.76 32767 1 1 workstation
kubectl.private-master tcp 166.9.16.38 20000 1 1 workstation
kubectl.private-master tcp 166.9.16.38 32767 1 1 workstation
kubectl.private-master tcp 166.9.12.143 20000 1 1 workstation
kubectl.private-master tcp 166.9.12.143 32767 1 1 workstation
kubectl.private-master tcp 166.9.16.5 20000 1 1 workstation
kubectl.private-master tcp 166.9.16.5 32767 1 1 workstation
kubectl.private-master tcp 166.9.12.144 20000 1 1 workstation
kubectl.private-master tcp 166.9.12.144 32767 1 1 workstation
kubectl.private-master tcp 166.9.16.39 20000 1 1 workstation
kubectl.private-master tcp 166.9.16.39 32767 1 1 workstation
kubectl.private-master tcp 166.9.15.75 20000 1 1 workstation
kubectl.private-master tcp 166.9.15.75 32767 1 1 workstation
kubectl.private-master tcp 166.9.12.26 20000 1 1 workstation
kubectl.private-master tcp 166.9.12.26 32767 1 1 workstation
kubectl.private-master tcp 166.9.12.140 20000 1 1 workstation
kubectl.private-master tcp 166.9.12.140 32767 1 1 workstation
kubectl.private-master tcp 166.9.12.141 20000 1 1 workstation
kubectl.private-master tcp 166.9.12.141 32767 1 1 workstation
kubectl.private-master tcp 166.9.12.142 20000 1 1 workstation
kubectl.private-master tcp 166.9.12.142 32767 1 1 workstation
kubectl.private-master tcp 166.9.12.151 20000 1 1 workstation
kubectl.private-master tcp 166.9.12.151 32767 1 1 workstation
kubectl.private-master tcp 166.9.12.193 20000 1 1 workstation
kubectl.private-master tcp 166.9.12.193 32767 1 1 workstation
kubectl.private-master tcp 166.9.12.196 20000 1 1 workstation
kubectl.private-master tcp 166.9.12.196 32767 1 1 workstation
kubectl.private-master tcp 166.9.12.99 20000 1 1 workstation
kubectl.private-master tcp 166.9.12.99 32767 1 1 workstation
kubectl.private-master tcp 166.9.13.31 20000 1 1 workstation
kubectl.private-master tcp 166.9.13.31 32767 1 1 workstation
kubectl.private-master tcp 166.9.13.93 20000 1 1 workstation
kubectl.private-master tcp 166.9.13.93 32767 1 1 workstation
kubectl.private-master tcp 166.9.13.94 20000 1 1 workstation
kubectl.private-master tcp 166.9.13.94 32767 1 1 workstation
kubectl.private-master tcp 166.9.14.122 20000 1 1 workstation
kubectl.private-master tcp 166.9.14.122 32767 1 1 workstation
kubectl.private-master tcp 166.9.14.125 20000 1 1 workstation
kubectl.private-master tcp 166.9.14.125 32767 1 1 workstation
kubectl.private-master tcp 166.9.14.202 20000 1 1 workstation
kubectl.private-master tcp 166.9.14.202 32767 1 1 workstation
kubectl.private-master tcp 166.9.14.204 20000 1 1 workstation
kubectl.private-master tcp 166.9.14.204 32767 1 1 workstation
kubectl.private-master tcp 166.9.14.205 20000 1 1 workstation
kubectl.private-master tcp 166.9.14.205 32767 1 1 workstation
kubectl.private-master tcp 166.9.14.95 20000 1 1 workstation
kubectl.private-master tcp 166.9.14.95 32767 1 1 workstation
kubectl.private-master tcp 166.9.15.130 20000 1 1 workstation
kubectl.private-master tcp 166.9.15.130 32767 1 1 workstation
kubectl.private-master tcp 166.9.15.69 20000 1 1 workstation
kubectl.private-master tcp 166.9.15.69 32767 1 1 workstation
kubectl.private-master tcp 166.9.15.70 20000 1 1 workstation
kubectl.private-master tcp 166.9.15.70 32767 1 1 workstation
kubectl.private-master tcp 166.9.15.71 20000 1 1 workstation
kubectl.private-master tcp 166.9.15.71 32767 1 1 workstation
kubectl.private-master tcp 166.9.15.72 20000 1 1 workstation
kubectl.private-master tcp 166.9.15.72 32767 1 1 workstation
kubectl.private-master tcp 166.9.15.73 20000 1 1 workstation
kubectl.private-master tcp 166.9.15.73 32767 1 1 workstation
kubectl.private-master tcp 166.9.16.113 20000 1 1 workstation
kubectl.private-master tcp 166.9.16.113 32767 1 1 workstation
kubectl.private-master tcp 166.9.16.137 20000 1 1 workstation
kubectl.private-master tcp 166.9.16.137 32767 1 1 workstation
kubectl.private-master tcp 166.9.16.149 20000 1 1 workstation
kubectl.private-master tcp 166.9.16.149 32767 1 1 workstation
kubectl.private-master tcp 166.9.16.183 20000 1 1 workstation
kubectl.private-master tcp 166.9.16.183 32767 1 1 workstation
kubectl.private-master tcp 166.9.16.184 20000 1 1 workstation
kubectl.private-master tcp 166.9.16.184 32767 1 1 workstation
kubectl.private-master tcp 166.9.16.185 20000 1 1 workstation
kubectl.private-master tcp 166.9.16.185 32767 1 1 workstation
kubectl.private-master tcp 166.9.17.2 20000 1 1 workstation
kubectl.private-master tcp 166.9.17.2 32767 1 1 workstation
kubectl.private-master tcp 166.9.17.35 20000 1 1 workstation
kubectl.private-master tcp 166.9.17.35 32767 1 1 workstation
kubectl.private-master tcp 166.9.17.37 20000 1 1 workstation
kubectl.private-master tcp 166.9.17.37 32767 1 1 workstation
kubectl.private-master tcp 166.9.17.39 20000 1 1 workstation
kubectl.private-master tcp 166.9.17.39 32767 1 1 workstation
kubectl.private-master tcp 166.9.48.50 20000 1 1 workstation
kubectl.private-master tcp 166.9.48.50 32767 1 1 workstation
kubectl.private-master tcp 166.9.48.76 20000 1 1 workstation
kubectl.private-master tcp 166.9.48.76 32767 1 1 workstation
kubectl.private-master tcp 166.9.48.124 20000 1 1 workstation
kubectl.private-master tcp 166.9.48.124 32767 1 1 workstation
kubectl.private-master tcp 166.9.51.16 20000 1 1 workstation
kubectl.private-master tcp 166.9.51.16 32767 1 1 workstation
kubectl.private-master tcp 166.9.51.54 20000 1 1 workstation
kubectl.private-master tcp 166.9.51.54 32767 1 1 workstation
kubectl.private-master tcp 166.9.51.74 20000 1 1 workstation
kubectl.private-master tcp 166.9.51.74 32767 1 1 workstation
kubectl.private-master tcp 166.9.58.11 20000 1 1 workstation
kubectl.private-master tcp 166.9.58.11 32767 1 1 workstation
kubectl.private-master tcp 166.9.58.16 20000 1 1 workstation
kubectl.private-master tcp 166.9.58.16 32767 1 1 workstation
kubectl.private-master tcp 166.9.58.65 20000 1 1 workstation
kubectl.private-master tcp 166.9.58.65 32767 1 1 workstation
worker-masters.region tcp 169.57.13.10 20000 1 1 workers-public
worker-masters.region tcp 169.57.13.10 32767 1 1 workers-public
worker-masters.region tcp 169.57.13.10 443 1 0 workers-public
worker-masters.region tcp 169.57.100.18 20000 1 1 workers-public
worker-masters.region tcp 169.57.100.18 32767 1 1 workers-public
worker-masters.region tcp 169.57.100.18 443 1 0 workers-public
worker-masters.region tcp 169.57.151.10 20000 1 1 workers-public
worker-masters.region tcp 169.57.151.10 32767 1 1 workers-public
worker-masters.region tcp 169.57.151.10 443 1 0 workers-public
worker-masters.region tcp 169.57.154.98 20000 1 1 workers-public
worker-masters.region tcp 169.57.154.98 32767 1 1 workers-public
worker-masters.region tcp 169.57.154.98 443 1 0 workers-public
worker-masters.region tcp 169.45.67.210 20000 1 1 workers-public
worker-masters.region tcp 169.45.67.210 32767 1 1 workers-public
worker-masters.region tcp 169.45.67.210 443 1 0 workers-public
worker-masters.region tcp 169.45.88.98 20000 1 1 workers-public
worker-masters.region tcp 169.45.88.98 32767 1 1 workers-public
worker-masters.region tcp 169.45.88.98 443 1 0 workers-public
worker-masters.region tcp 169.62.82.197 20000 1 1 workers-public
worker-masters.region tcp 169.62.82.197 32767 1 1 workers-public
worker-masters.region tcp 169.62.82.197 443 1 0 workers-public
worker-masters.region tcp 169.62.87.170 20000 1 1 workers-public
worker-masters.region tcp 169.62.87.170 32767 1 1 workers-public
worker-masters.region tcp 169.62.87.170 443 1 0 workers-public
worker-masters.region tcp 50.22.129.34 20000 1 1 workers-public
worker-masters.region tcp 50.22.129.34 32767 1 1 workers-public
worker-masters.region tcp 50.22.129.34 443 1 0 workers-public
worker-masters.region tcp 52.116.231.210 20000 1 1 workers-public
worker-masters.region tcp 52.116.231.210 32767 1 1 workers-public
worker-masters.region tcp 52.116.231.210 443 1 0 workers-public
worker-masters.region tcp 52.116.254.234 20000 1 1 workers-public
worker-masters.region tcp 52.116.254.234 32767 1 1 workers-public
worker-masters.region tcp 52.116.254.234 443 1 0 workers-public
worker-masters.region tcp 52.117.28.138 20000 1 1 workers-public
worker-masters.region tcp 52.117.28.138 32767 1 1 workers-public
worker-masters.region tcp 52.117.28.138 443 1 0 workers-public
worker-masters.region tcp 52.117.197.210 20000 1 1 workers-public
worker-masters.region tcp 52.117.197.210 32767 1 1 workers-public
worker-masters.region tcp 52.117.197.210 443 1 0 workers-public
worker-masters.region tcp 52.117.232.194 20000 1 1 workers-public
worker-masters.region tcp 52.117.232.194 32767 1 1 workers-public
worker-masters.region tcp 52.117.232.194 443 1 0 workers-public
worker-masters.region tcp 52.117.240.106 20000 1 1 workers-public
worker-masters.region tcp 52.117.240.106 32767 1 1 workers-public
worker-masters.region tcp 52.117.240.106 443 1 0 workers-public
worker-masters.region tcp 169.46.7.238 20000 1 1 workers-public
worker-masters.region tcp 169.46.7.238 32767 1 1 workers-public
worker-masters.region tcp 169.46.7.238 443 1 0 workers-public
worker-masters.region tcp 169.46.24.210 20000 1 1 workers-public
worker-masters.region tcp 169.46.24.210 32767 1 1 workers-public
worker-masters.region tcp 169.46.24.210 443 1 0 workers-public
worker-masters.region tcp 169.46.27.234 20000 1 1 workers-public
worker-masters.region tcp 169.46.27.234 32767 1 1 workers-public
worker-masters.region tcp 169.46.27.234 443 1 0 workers-public
worker-masters.region tcp 169.46.68.234 20000 1 1 workers-public
worker-masters.region tcp 169.46.68.234 32767 1 1 workers-public
worker-masters.region tcp 169.46.68.234 443 1 0 workers-public
worker-masters.region tcp 169.46.89.50 20000 1 1 workers-public
worker-masters.region tcp 169.46.89.50 32767 1 1 workers-public
worker-masters.region tcp 169.46.89.50 443 1 0 workers-public
worker-masters.region tcp 169.46.110.218 20000 1 1 workers-public
worker-masters.region tcp 169.46.110.218 32767 1 1 workers-public
worker-masters.region tcp 169.46.110.218 443 1 0 workers-public
worker-masters.region tcp 169.47.70.10 20000 1 1 workers-public
worker-masters.region tcp 169.47.70.10 32767 1 1 workers-public
worker-masters.region tcp 169.47.70.10 443 1 0 workers-public
worker-masters.region tcp 169.47.71.138 20000 1 1 workers-public
worker-masters.region tcp 169.47.71.138 32767 1 1 workers-public
worker-masters.region tcp 169.47.71.138 443 1 0 workers-public
worker-masters.region tcp 169.47.109.34 20000 1 1 workers-public
worker-masters.region tcp 169.47.109.34 32767 1 1 workers-public
worker-masters.region tcp 169.47.109.34 443 1 0 workers-public
worker-masters.region tcp 169.47.209.66 20000 1 1 workers-public
worker-masters.region tcp 169.47.209.66 32767 1 1 workers-public
worker-masters.region tcp 169.47.209.66 443 1 0 workers-public
worker-masters.region tcp 169.47.229.90 20000 1 1 workers-public
worker-masters.region tcp 169.47.229.90 32767 1 1 workers-public
worker-masters.region tcp 169.47.229.90 443 1 0 workers-public
worker-masters.region tcp 169.47.232.210 20000 1 1 workers-public
worker-masters.region tcp 169.47.232.210 32767 1 1 workers-public
worker-masters.region tcp 169.47.232.210 443 1 0 workers-public
worker-masters.region tcp 169.47.239.34 20000 1 1 workers-public
worker-masters.region tcp 169.47.239.34 32767 1 1 workers-public
worker-masters.region tcp 169.47.239.34 443 1 0 workers-public
worker-masters.region tcp 169.48.110.250 20000 1 1 workers-public
worker-masters.region tcp 169.48.110.250 32767 1 1 workers-public
worker-masters.region tcp 169.48.110.250 443 1 0 workers-public
worker-masters.region tcp 169.48.143.218 20000 1 1 workers-public
worker-masters.region tcp 169.48.143.218 32767 1 1 workers-public
worker-masters.region tcp 169.48.143.218 443 1 0 workers-public
worker-masters.region tcp 169.48.161.242 20000 1 1 workers-public
worker-masters.region tcp 169.48.161.242 32767 1 1 workers-public
worker-masters.region tcp 169.48.161.242 443 1 0 workers-public
worker-masters.region tcp 169.48.230.146 20000 1 1 workers-public
worker-masters.region tcp 169.48.230.146 32767 1 1 workers-public
worker-masters.region tcp 169.48.230.146 443 1 0 workers-public
worker-masters.region tcp 169.48.244.66 20000 1 1 workers-public
worker-masters.region tcp 169.48.244.66 32767 1 1 workers-public
worker-masters.region tcp 169.48.244.66 443 1 0 workers-public
worker-masters.region tcp 169.59.219.90 20000 1 1 workers-public
worker-masters.region tcp 169.59.219.90 32767 1 1 workers-public
worker-masters.region tcp 169.59.219.90 443 1 0 workers-public
worker-masters.region tcp 169.60.128.2 20000 1 1 workers-public
worker-masters.region tcp 169.60.128.2 32767 1 1 workers-public
worker-masters.region tcp 169.60.128.2 443 1 0 workers-public
worker-masters.region tcp 169.60.170.234 20000 1 1 workers-public
worker-masters.region tcp 169.60.170.234 32767 1 1 workers-public
worker-masters.region tcp 169.60.170.234 443 1 0 workers-public
worker-masters.region tcp 169.61.29.194 20000 1 1 workers-public
worker-masters.region tcp 169.61.29.194 32767 1 1 workers-public
worker-masters.region tcp 169.61.29.194 443 1 0 workers-public
worker-masters.region tcp 169.61.60.130 20000 1 1 workers-public
worker-masters.region tcp 169.61.60.130 32767 1 1 workers-public
worker-masters.region tcp 169.61.60.130 443 1 0 workers-public
worker-masters.region tcp 169.61.28.66 20000 1 1 workers-public
worker-masters.region tcp 169.61.28.66 32767 1 1 workers-public
worker-masters.region tcp 169.61.28.66 443 1 0 workers-public
worker-masters.region tcp 169.61.175.106 20000 1 1 workers-public
worker-masters.region tcp 169.61.175.106 32767 1 1 workers-public
worker-masters.region tcp 169.61.175.106 443 1 0 workers-public
worker-masters.region tcp 169.61.177.2 20000 1 1 workers-public
worker-masters.region tcp 169.61.177.2 32767 1 1 workers-public
worker-masters.region tcp 169.61.177.2 443 1 0 workers-public
worker-masters.region tcp 169.61.228.138 20000 1 1 workers-public
worker-masters.region tcp 169.61.228.138 32767 1 1 workers-public
worker-masters.region tcp 169.61.228.138 443 1 0 workers-public
worker-masters.region tcp 169.62.166.98 20000 1 1 workers-public
worker-masters.region tcp 169.62.166.98 32767 1 1 workers-public
worker-masters.region tcp 169.62.166.98 443 1 0 workers-public
worker-masters.region tcp 169.62.189.26 20000 1 1 workers-public
worker-masters.region tcp 169.62.189.26 32767 1 1 workers-public
worker-masters.region tcp 169.62.189.26 443 1 0 workers-public
worker-masters.region tcp 169.62.206.234 20000 1 1 workers-public
worker-masters.region tcp 169.62.206.234 32767 1 1 workers-public
worker-masters.region tcp 169.62.206.234 443 1 0 workers-public
worker-masters.region tcp 169.63.39.66 20000 1 1 workers-public
worker-masters.region tcp 169.63.39.66 32767 1 1 workers-public
worker-masters.region tcp 169.63.39.66 443 1 0 workers-public
worker-masters.region tcp 169.63.47.250 20000 1 1 workers-public
worker-masters.region tcp 169.63.47.250 32767 1 1 workers-public
worker-masters.region tcp 169.63.47.250 443 1 0 workers-public
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
private-masters.region tcp 166.9.15.74 20000 1 1 workers-private
private-masters.region tcp 166.9.15.74 32767 1 1 workers-private
private-masters.region tcp 166.9.15.74 443 1 0 workers-private
private-masters.region tcp 166.9.15.76 20000 1 1 workers-private
private-masters.region tcp 166.9.15.76 32767 1 1 workers-private
private-masters.region tcp 166.9.15.76 443 1 0 workers-private
private-masters.region tcp 166.9.16.38 20000 1 1 workers-private
private-masters.region tcp 166.9.16.38 32767 1 1 workers-private
private-masters.region tcp 166.9.16.38 443 1 0 workers-private
private-masters.region tcp 166.9.12.143 20000 1 1 workers-private
private-masters.region tcp 166.9.12.143 32767 1 1 workers-private
private-masters.region tcp 166.9.12.143 443 1 0 workers-private
private-masters.region tcp 166.9.16.5 20000 1 1 workers-private
private-masters.region tcp 166.9.16.5 32767 1 1 workers-private
private-masters.region tcp 166.9.16.5 443 1 0 workers-private
private-masters.region tcp 166.9.12.144 20000 1 1 workers-private
private-masters.region tcp 166.9.12.144 32767 1 1 workers-private
private-masters.region tcp 166.9.12.144 443 1 0 workers-private
private-masters.region tcp 166.9.16.39 20000 1 1 workers-private
private-masters.region tcp 166.9.16.39 32767 1 1 workers-private
private-masters.region tcp 166.9.16.39 443 1 0 workers-private
private-masters.region tcp 166.9.15.75 20000 1 1 workers-private
private-masters.region tcp 166.9.15.75 32767 1 1 workers-private
private-masters.region tcp 166.9.15.75 443 1 0 workers-private
private-masters.region tcp 166.9.12.26 20000 1 1 workers-private
private-masters.region tcp 166.9.12.26 32767 1 1 workers-private
private-masters.region tcp 166.9.12.26 443 1 0 workers-private
private-masters.region tcp 166.9.12.140 20000 1 1 workers-private
private-masters.region tcp 166.9.12.140 32767 1 1 workers-private
private-masters.region tcp 166.9.12.140 443 1 0 workers-private
private-masters.region tcp 166.9.12.141 20000 1 1 workers-private
private-masters.region tcp 166.9.12.141 32767 1 1 workers-private
private-masters.region tcp 166.9.12.141 443 1 0 workers-private
private-masters.region tcp 166.9.12.142 20000 1 1 workers-private
private-masters.region tcp 166.9.12.142 32767 1 1 workers-private
private-masters.region tcp 166.9.12.142 443 1 0 workers-private
private-masters.region tcp 166.9.12.151 20000 1 1 workers-private
private-masters.region tcp 166.9.12.151 32767 1 1 workers-private
private-masters.region tcp 166.9.12.151 443 1 0 workers-private
private-masters.region tcp 166.9.12.193 20000 1 1 workers-private
private-masters.region tcp 166.9.12.193 32767 1 1 workers-private
private-masters.region tcp 166.9.12.193 443 1 0 workers-private
private-masters.region tcp 166.9.12.196 20000 1 1 workers-private
private-masters.region tcp 166.9.12.196 32767 1 1 workers-private
private-masters.region tcp 166.9.12.196 443 1 0 workers-private
private-masters.region tcp 166.9.12.99 20000 1 1 workers-private
private-masters.region tcp 166.9.12.99 32767 1 1 workers-private
private-masters.region tcp 166.9.12.99 443 1 0 workers-private
private-masters.region tcp 166.9.13.31 20000 1 1 workers-private
private-masters.region tcp 166.9.13.31 32767 1 1 workers-private
private-masters.region tcp 166.9.13.31 443 1 0 workers-private
private-masters.region tcp 166.9.13.93 20000 1 1 workers-private
private-masters.region tcp 166.9.13.93 32767 1 1 workers-private
private-masters.region tcp 166.9.13.93 443 1 0 workers-private
private-masters.region tcp 166.9.13.94 20000 1 1 workers-private
private-masters.region tcp 166.9.13.94 32767 1 1 workers-private
private-masters.region tcp 166.9.13.94 443 1 0 workers-private
private-masters.region tcp 166.9.14.122 20000 1 1 workers-private
private-masters.region tcp 166.9.14.122 32767 1 1 workers-private
private-masters.region tcp 166.9.14.122 443 1 0 workers-private
private-masters.region tcp 166.9.14.125 20000 1 1 workers-private
private-masters.region tcp 166.9.14.125 32767 1 1 workers-private
private-masters.region tcp 166.9.14.125 443 1 0 workers-private
private-masters.region tcp 166.9.14.202 20000 1 1 workers-private
private-masters.region tcp 166.9.14.202 32767 1 1 workers-private
private-masters.region tcp 166.9.14.202 443 1 0 workers-private
private-masters.region tcp 166.9.14.204 20000 1 1 workers-private
private-masters.region tcp 166.9.14.204 32767 1 1 workers-private
private-masters.region tcp 166.9.14.204 443 1 0 workers-private
private-masters.region tcp 166.9.14.205 20000 1 1 workers-private
private-masters.region tcp 166.9.14.205 32767 1 1 workers-private
private-masters.region tcp 166.9.14.205 443 1 0 workers-private
private-masters.region tcp 166.9.14.95 20000 1 1 workers-private
private-masters.region tcp 166.9.14.95 32767 1 1 workers-private
private-masters.region tcp 166.9.14.95 443 1 0 workers-private
private-masters.region tcp 166.9.15.130 20000 1 1 workers-private
private-masters.region tcp 166.9.15.130 32767 1 1 workers-private
private-masters.region tcp 166.9.15.130 443 1 0 workers-private
private-masters.region tcp 166.9.15.69 20000 1 1 workers-private
private-masters.region tcp 166.9.15.69 32767 1 1 workers-private
private-masters.region tcp 166.9.15.69 443 1 0 workers-private
private-masters.region tcp 166.9.15.70 20000 1 1 workers-private
private-masters.region tcp 166.9.15.70 32767 1 1 workers-private
private-masters.region tcp 166.9.15.70 443 1 0 workers-private
private-masters.region tcp 166.9.15.71 20000 1 1 workers-private
private-masters.region tcp 166.9.15.71 32767 1 1 workers-private
private-masters.region tcp 166.9.15.71 443 1 0 workers-private
private-masters.region tcp 166.9.15.72 20000 1 1 workers-private
private-masters.region tcp 166.9.15.72 32767 1 1 workers-private
private-masters.region tcp 166.9.15.72 443 1 0 workers-private
private-masters.region tcp 166.9.15.73 20000 1 1 workers-private
private-masters.region tcp 166.9.15.73 32767 1 1 workers-private
private-masters.region tcp 166.9.15.73 443 1 0 workers-private
private-masters.region tcp 166.9.16.113 20000 1 1 workers-private
private-masters.region tcp 166.9.16.113 32767 1 1 workers-private
private-masters.region tcp 166.9.16.113 443 1 0 workers-private
private-masters.region tcp 166.9.16.137 20000 1 1 workers-private
private-masters.region tcp 166.9.16.137 32767 1 1 workers-private
private-masters.region tcp 166.9.16.137 443 1 0 workers-private
private-masters.region tcp 166.9.16.149 20000 1 1 workers-private
private-masters.region tcp 166.9.16.149 32767 1 1 workers-private
private-masters.region tcp 166.9.16.149 443 1 0 workers-private
private-masters.region tcp 166.9.16.183 20000 1 1 workers-private
private-masters.region tcp 166.9.16.183 32767 1 1 workers-private
private-masters.region tcp 166.9.16.183 443 1 0 workers-private
private-masters.region tcp 166.9.16.184 20000 1 1 workers-private
private-masters.region tcp 166.9.16.184 32767 1 1 workers-private
private-masters.region tcp 166.9.16.184 443 1 0 workers-private
private-masters.region tcp 166.9.16.185 20000 1 1 workers-private
private-masters.region tcp 166.9.16.185 32767 1 1 workers-private
private-masters.region tcp 166.9.16.185 443 1 0 workers-private
private-masters.region tcp 166.9.17.2 20000 1 1 workers-private
private-masters.region tcp 166.9.17.2 32767 1 1 workers-private
private-masters.region tcp 166.9.17.2 443 1 0 workers-private
private-masters.region tcp 166.9.17.35 20000 1 1 workers-private
private-masters.region tcp 166.9.17.35 32767 1 1 workers-private
private-masters.region tcp 166.9.17.35 443 1 0 workers-private
private-masters.region tcp 166.9.17.37 20000 1 1 workers-private
private-masters.region tcp 166.9.17.37 32767 1 1 workers-private
private-masters.region tcp 166.9.17.37 443 1 0 workers-private
private-masters.region tcp 166.9.17.39 20000 1 1 workers-private
private-masters.region tcp 166.9.17.39 32767 1 1 workers-private
private-masters.region tcp 166.9.17.39 443 1 0 workers-private
private-masters.region tcp 166.9.48.50 20000 1 1 workers-private
private-masters.region tcp 166.9.48.50 32767 1 1 workers-private
private-masters.region tcp 166.9.48.50 443 1 0 workers-private
private-masters.region tcp 166.9.48.76 20000 1 1 workers-private
private-masters.region tcp 166.9.48.76 32767 1 1 workers-private
private-masters.region tcp 166.9.48.76 443 1 0 workers-private
private-masters.region tcp 166.9.48.124 20000 1 1 workers-private
private-masters.region tcp 166.9.48.124 32767 1 1 workers-private
private-masters.region tcp 166.9.48.124 443 1 0 workers-private
private-masters.region tcp 166.9.51.16 20000 1 1 workers-private
private-masters.region tcp 166.9.51.16 32767 1 1 workers-private
private-masters.region tcp 166.9.51.16 443 1 0 workers-private
private-masters.region tcp 166.9.51.54 20000 1 1 workers-private
private-masters.region tcp 166.9.51.54 32767 1 1 workers-private
private-masters.region tcp 166.9.51.54 443 1 0 workers-private
private-masters.region tcp 166.9.51.74 20000 1 1 workers-private
private-masters.region tcp 166.9.51.74 32767 1 1 workers-private
private-masters.region tcp 166.9.51.74 443 1 0 workers-private
private-masters.region tcp 166.9.58.11 20000 1 1 workers-private
private-masters.region tcp 166.9.58.11 32767 1 1 workers-private
private-masters.region tcp 166.9.58.11 443 1 0 workers-private
private-masters.region tcp 166.9.58.16 20000 1 1 workers-private
private-masters.region tcp 166.9.58.16 32767 1 1 workers-private
private-masters.region tcp 166.9.58.16 443 1 0 workers-private
private-masters.region tcp 166.9.58.65 20000 1 1 workers-private
private-masters.region tcp 166.9.58.65 32767 1 1 workers-private
private-masters.region tcp 166.9.58.65 443 1 0 workers-private
private-registry.pull https private.icr.io 443 1 0 workers-private
private-registry.pull tcp private.icr.io 4443 1 0 workers-private
private-registry.pull https cp.icr.io 443 1 0 workers-private
private-registry.pull tcp cp.icr.io 4443 1 0 workers-private
private-registry.pull tcp 166.9.20.31 443 1 0 workers-private
private-registry.pull tcp 166.9.20.31 4443 1 0 workers-private
private-registry.pull tcp 166.9.22.22 443 1 0 workers-private
private-registry.pull tcp 166.9.22.22 4443 1 0 workers-private
private-registry.pull tcp 166.9.24.16 443 1 0 workers-private
private-registry.pull tcp 166.9.24.16 4443 1 0 workers-private
private-registry.pull https private.us.icr.io 443 1 0 workers-private
private-registry.pull tcp private.us.icr.io 4443 1 0 workers-private
private-registry.pull tcp 166.9.12.227 443 1 0 workers-private
private-registry.pull tcp 166.9.12.227 4443 1 0 workers-private
private-registry.pull tcp 166.9.15.116 443 1 0 workers-private
private-registry.pull tcp 166.9.15.116 4443 1 0 workers-private
private-registry.pull tcp 166.9.16.244 443 1 0 workers-private
private-registry.pull tcp 166.9.16.244 4443 1 0 workers-private
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
