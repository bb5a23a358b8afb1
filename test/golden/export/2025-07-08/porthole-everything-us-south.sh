#!/bin/sh
# porthole connectivity check: Everything in us-south
# Dataset 2025-07-08.2 (updated 2025-07-08) from "Opening required ports and IP addresses in your allowlist"
#   https://cloud.ibm.com/docs/containers?topic=containers-firewall
#
# Run it on the machine the rules are for: your workstation for the CLI rules, a worker node for the worker
# rules (-f workstation | -f workers-public | -f workers-private keeps the checks of one). It only connects: nothing is sent.
# Usage: sh FILE [-j PARALLEL] [-t TIMEOUT_SECONDS] [-f FROM]; exit 0 when every required check is open, 1 when
# one fails, 3 when none fails but some are inconclusive, 2 when it cannot run. Only open passes. A port range
# is checked at its first and last port; refused there is inconclusive (ask for your cluster for its exact port).
#
# Not checkable from here (never counted as passed):
#   allowlist-workers.workers: Let the cluster reach a service or on-premises network that is protected by an allowlist: an allowlist on IBM's side, not a firewall rule
#   iam-allowlist.network-zone: Let IBM Cloud Kubernetes Service create or access cluster components such as Ingress ALBs when the IAM allowlist restricts IP addresses: an allowlist on IBM's side, not a firewall rule
#   iam-allowlist.worker-subnets: Add the public subnets of your worker nodes' public VLANs to the IAM allowlist: an allowlist on IBM's side, not a firewall rule
#   ibmcloud-ks.registry: IBM Cloud Container Registry regions that you plan to use: https://cloud.ibm.com/docs/Registry?topic=Registry-registry_overview#registry_regions: the page lists these addresses elsewhere
#   registry.public: IBM Cloud Container Registry addresses (Accessing IBM Cloud Container Registry through a firewall): https://cloud.ibm.com/docs/Registry?topic=Registry-registry_firewall (This edition of the page lists no public registry addresses; it points to the Registry's own page.): the page lists these addresses elsewhere
#   iam.any-https: any (any destination (all HTTPS traffic)): any address: nothing in particular to connect to
#   monitoring.public: IBM Cloud Monitoring public IP addresses (<monitoring_public_IP>): https://cloud.ibm.com/docs/monitoring?topic=monitoring-endpoints (The page does not list these addresses; it points to the Monitoring endpoints page.): the page lists these addresses elsewhere
#   monitoring.private: Send metrics to IBM Cloud Monitoring through a private allowlist: all protocols: no connection to prove from one side
#   logging.public: IBM Cloud Logs public IP addresses (<logging_public_IP>): https://cloud.ibm.com/docs/cloud-logs?topic=cloud-logs-ips2open (The page does not list these addresses; it points to the IBM Cloud Logs page.): the page lists these addresses elsewhere
#   logging.private: Send logs to IBM Cloud Logs through a private allowlist: all protocols: no connection to prove from one side
#   istio.egress: any (any destination (the page names none)): any address: nothing in particular to connect to
#   istio.ingress: Let traffic in to the istiod control plane and the istio-ingressgateway load balancer: inbound: check it from outside, toward this machine
#   ingress-monitor.https: Let Ingress domain health monitoring check your service endpoints (HTTPS, the default): inbound: check it from outside, toward this machine
#   ingress-monitor.http: Let Ingress domain health monitoring check your service endpoints over HTTP: inbound: check it from outside, toward this machine
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
#   nodeport.service: Reach a NodePort service on the public or private IP addresses of all worker nodes: inbound: check it from outside, toward this machine
#   load-balancer.service: Reach a load balancer service on its public or private IP address: inbound: check it from outside, toward this machine
#   ingress.alb: Reach apps through the Ingress application load balancer (80 for HTTP, 443 for HTTPS): inbound: check it from outside, toward this machine
#   route.router: Reach apps through the router (80 for HTTP, 443 for HTTPS): inbound: check it from outside, toward this machine
#
# Skipped until the value is known (ask again for your cluster to fill it in):
#   kubectl.master: <public_service_endpoint_URL host> (the cluster master (host of the Public Service Endpoint URL)): find it: ibmcloud ks cluster get --cluster <cluster_name_or_ID>
#   kubectl.private-master: <private_service_endpoint_URL host> (the cluster master (host of the Private Service Endpoint URL)): find it: ibmcloud ks cluster get --cluster <cluster_name_or_ID>
#   calicoctl.etcd: port <the cluster's etcd port>: find it: kubectl get cm -n kube-system cluster-info -o yaml | grep etcd_host

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
kubectl.master tcp 50.22.129.34 30000 1 1 workstation
kubectl.master tcp 50.22.129.34 32767 1 1 workstation
kubectl.master tcp 52.116.231.210 30000 1 1 workstation
kubectl.master tcp 52.116.231.210 32767 1 1 workstation
kubectl.master tcp 52.116.254.234 30000 1 1 workstation
kubectl.master tcp 52.116.254.234 32767 1 1 workstation
kubectl.master tcp 52.116.54.122 30000 1 1 workstation
kubectl.master tcp 52.116.54.122 32767 1 1 workstation
kubectl.master tcp 52.117.197.210 30000 1 1 workstation
kubectl.master tcp 52.117.197.210 32767 1 1 workstation
kubectl.master tcp 52.117.212.34 30000 1 1 workstation
kubectl.master tcp 52.117.212.34 32767 1 1 workstation
kubectl.master tcp 52.117.215.162 30000 1 1 workstation
kubectl.master tcp 52.117.215.162 32767 1 1 workstation
kubectl.master tcp 52.117.232.194 30000 1 1 workstation
kubectl.master tcp 52.117.232.194 32767 1 1 workstation
kubectl.master tcp 52.117.240.106 30000 1 1 workstation
kubectl.master tcp 52.117.240.106 32767 1 1 workstation
kubectl.master tcp 52.117.28.138 30000 1 1 workstation
kubectl.master tcp 52.117.28.138 32767 1 1 workstation
kubectl.master tcp 67.228.97.210 30000 1 1 workstation
kubectl.master tcp 67.228.97.210 32767 1 1 workstation
kubectl.master tcp 169.45.126.154 30000 1 1 workstation
kubectl.master tcp 169.45.126.154 32767 1 1 workstation
kubectl.master tcp 169.45.67.210 30000 1 1 workstation
kubectl.master tcp 169.45.67.210 32767 1 1 workstation
kubectl.master tcp 169.45.88.98 30000 1 1 workstation
kubectl.master tcp 169.45.88.98 32767 1 1 workstation
kubectl.master tcp 169.46.110.218 30000 1 1 workstation
kubectl.master tcp 169.46.110.218 32767 1 1 workstation
kubectl.master tcp 169.46.111.122 30000 1 1 workstation
kubectl.master tcp 169.46.111.122 32767 1 1 workstation
kubectl.master tcp 169.46.16.202 30000 1 1 workstation
kubectl.master tcp 169.46.16.202 32767 1 1 workstation
kubectl.master tcp 169.46.24.210 30000 1 1 workstation
kubectl.master tcp 169.46.24.210 32767 1 1 workstation
kubectl.master tcp 169.46.27.234 30000 1 1 workstation
kubectl.master tcp 169.46.27.234 32767 1 1 workstation
kubectl.master tcp 169.46.63.250 30000 1 1 workstation
kubectl.master tcp 169.46.63.250 32767 1 1 workstation
kubectl.master tcp 169.46.68.234 30000 1 1 workstation
kubectl.master tcp 169.46.68.234 32767 1 1 workstation
kubectl.master tcp 169.46.7.238 30000 1 1 workstation
kubectl.master tcp 169.46.7.238 32767 1 1 workstation
kubectl.master tcp 169.46.89.50 30000 1 1 workstation
kubectl.master tcp 169.46.89.50 32767 1 1 workstation
kubectl.master tcp 169.47.109.34 30000 1 1 workstation
kubectl.master tcp 169.47.109.34 32767 1 1 workstation
kubectl.master tcp 169.47.115.18 30000 1 1 workstation
kubectl.master tcp 169.47.115.18 32767 1 1 workstation
kubectl.master tcp 169.47.201.194 30000 1 1 workstation
kubectl.master tcp 169.47.201.194 32767 1 1 workstation
kubectl.master tcp 169.47.209.66 30000 1 1 workstation
kubectl.master tcp 169.47.209.66 32767 1 1 workstation
kubectl.master tcp 169.47.229.90 30000 1 1 workstation
kubectl.master tcp 169.47.229.90 32767 1 1 workstation
kubectl.master tcp 169.47.232.210 30000 1 1 workstation
kubectl.master tcp 169.47.232.210 32767 1 1 workstation
kubectl.master tcp 169.47.239.34 30000 1 1 workstation
kubectl.master tcp 169.47.239.34 32767 1 1 workstation
kubectl.master tcp 169.47.242.242 30000 1 1 workstation
kubectl.master tcp 169.47.242.242 32767 1 1 workstation
kubectl.master tcp 169.47.70.10 30000 1 1 workstation
kubectl.master tcp 169.47.70.10 32767 1 1 workstation
kubectl.master tcp 169.47.71.138 30000 1 1 workstation
kubectl.master tcp 169.47.71.138 32767 1 1 workstation
kubectl.master tcp 169.48.110.250 30000 1 1 workstation
kubectl.master tcp 169.48.110.250 32767 1 1 workstation
kubectl.master tcp 169.48.143.218 30000 1 1 workstation
kubectl.master tcp 169.48.143.218 32767 1 1 workstation
kubectl.master tcp 169.48.161.242 30000 1 1 workstation
kubectl.master tcp 169.48.161.242 32767 1 1 workstation
kubectl.master tcp 169.48.226.2 30000 1 1 workstation
kubectl.master tcp 169.48.226.2 32767 1 1 workstation
kubectl.master tcp 169.48.230.146 30000 1 1 workstation
kubectl.master tcp 169.48.230.146 32767 1 1 workstation
kubectl.master tcp 169.48.244.66 30000 1 1 workstation
kubectl.master tcp 169.48.244.66 32767 1 1 workstation
kubectl.master tcp 169.57.100.18 30000 1 1 workstation
kubectl.master tcp 169.57.100.18 32767 1 1 workstation
kubectl.master tcp 169.57.13.10 30000 1 1 workstation
kubectl.master tcp 169.57.13.10 32767 1 1 workstation
kubectl.master tcp 169.57.147.58 30000 1 1 workstation
kubectl.master tcp 169.57.147.58 32767 1 1 workstation
kubectl.master tcp 169.57.151.10 30000 1 1 workstation
kubectl.master tcp 169.57.151.10 32767 1 1 workstation
kubectl.master tcp 169.57.154.98 30000 1 1 workstation
kubectl.master tcp 169.57.154.98 32767 1 1 workstation
kubectl.master tcp 169.59.219.90 30000 1 1 workstation
kubectl.master tcp 169.59.219.90 32767 1 1 workstation
kubectl.master tcp 169.59.223.194 30000 1 1 workstation
kubectl.master tcp 169.59.223.194 32767 1 1 workstation
kubectl.master tcp 169.59.230.98 30000 1 1 workstation
kubectl.master tcp 169.59.230.98 32767 1 1 workstation
kubectl.master tcp 169.60.128.2 30000 1 1 workstation
kubectl.master tcp 169.60.128.2 32767 1 1 workstation
kubectl.master tcp 169.60.170.234 30000 1 1 workstation
kubectl.master tcp 169.60.170.234 32767 1 1 workstation
kubectl.master tcp 169.61.175.106 30000 1 1 workstation
kubectl.master tcp 169.61.175.106 32767 1 1 workstation
kubectl.master tcp 169.61.177.2 30000 1 1 workstation
kubectl.master tcp 169.61.177.2 32767 1 1 workstation
kubectl.master tcp 169.61.187.58 30000 1 1 workstation
kubectl.master tcp 169.61.187.58 32767 1 1 workstation
kubectl.master tcp 169.61.228.138 30000 1 1 workstation
kubectl.master tcp 169.61.228.138 32767 1 1 workstation
kubectl.master tcp 169.61.28.66 30000 1 1 workstation
kubectl.master tcp 169.61.28.66 32767 1 1 workstation
kubectl.master tcp 169.61.29.194 30000 1 1 workstation
kubectl.master tcp 169.61.29.194 32767 1 1 workstation
kubectl.master tcp 169.61.60.130 30000 1 1 workstation
kubectl.master tcp 169.61.60.130 32767 1 1 workstation
kubectl.master tcp 169.62.166.98 30000 1 1 workstation
kubectl.master tcp 169.62.166.98 32767 1 1 workstation
kubectl.master tcp 169.62.189.26 30000 1 1 workstation
kubectl.master tcp 169.62.189.26 32767 1 1 workstation
kubectl.master tcp 169.62.206.234 30000 1 1 workstation
kubectl.master tcp 169.62.206.234 32767 1 1 workstation
kubectl.master tcp 169.62.230.114 30000 1 1 workstation
kubectl.master tcp 169.62.230.114 32767 1 1 workstation
kubectl.master tcp 169.62.82.197 30000 1 1 workstation
kubectl.master tcp 169.62.82.197 32767 1 1 workstation
kubectl.master tcp 169.62.87.170 30000 1 1 workstation
kubectl.master tcp 169.62.87.170 32767 1 1 workstation
kubectl.master tcp 169.62.97.218 30000 1 1 workstation
kubectl.master tcp 169.62.97.218 32767 1 1 workstation
kubectl.master tcp 169.63.39.66 30000 1 1 workstation
kubectl.master tcp 169.63.39.66 32767 1 1 workstation
kubectl.master tcp 169.63.47.250 30000 1 1 workstation
kubectl.master tcp 169.63.47.250 32767 1 1 workstation
kubectl.master tcp 104.94.220.130 30000 1 1 workstation
kubectl.master tcp 104.94.220.130 32767 1 1 workstation
kubectl.master tcp 104.94.221.130 30000 1 1 workstation
kubectl.master tcp 104.94.221.130 32767 1 1 workstation
kubectl.master tcp 104.94.222.138 30000 1 1 workstation
kubectl.master tcp 104.94.222.138 32767 1 1 workstation
kubectl.master tcp 104.94.223.138 30000 1 1 workstation
kubectl.master tcp 104.94.223.138 32767 1 1 workstation
kubectl.master tcp 104.96.176.130 30000 1 1 workstation
kubectl.master tcp 104.96.176.130 32767 1 1 workstation
kubectl.master tcp 104.96.177.130 30000 1 1 workstation
kubectl.master tcp 104.96.177.130 32767 1 1 workstation
kubectl.master tcp 104.96.178.132 30000 1 1 workstation
kubectl.master tcp 104.96.178.132 32767 1 1 workstation
kubectl.master tcp 104.96.179.132 30000 1 1 workstation
kubectl.master tcp 104.96.179.132 32767 1 1 workstation
kubectl.master tcp 104.96.180.129 30000 1 1 workstation
kubectl.master tcp 104.96.180.129 32767 1 1 workstation
kubectl.master tcp 104.96.181.129 30000 1 1 workstation
kubectl.master tcp 104.96.181.129 32767 1 1 workstation
kubectl.private-master tcp 166.9.12.140 30000 1 1 workstation
kubectl.private-master tcp 166.9.12.140 32767 1 1 workstation
kubectl.private-master tcp 166.9.12.141 30000 1 1 workstation
kubectl.private-master tcp 166.9.12.141 32767 1 1 workstation
kubectl.private-master tcp 166.9.12.142 30000 1 1 workstation
kubectl.private-master tcp 166.9.12.142 32767 1 1 workstation
kubectl.private-master tcp 166.9.12.143 30000 1 1 workstation
kubectl.private-master tcp 166.9.12.143 32767 1 1 workstation
kubectl.private-master tcp 166.9.12.144 30000 1 1 workstation
kubectl.private-master tcp 166.9.12.144 32767 1 1 workstation
kubectl.private-master tcp 166.9.12.151 30000 1 1 workstation
kubectl.private-master tcp 166.9.12.151 32767 1 1 workstation
kubectl.private-master tcp 166.9.12.193 30000 1 1 workstation
kubectl.private-master tcp 166.9.12.193 32767 1 1 workstation
kubectl.private-master tcp 166.9.12.196 30000 1 1 workstation
kubectl.private-master tcp 166.9.12.196 32767 1 1 workstation
kubectl.private-master tcp 166.9.12.26 30000 1 1 workstation
kubectl.private-master tcp 166.9.12.26 32767 1 1 workstation
kubectl.private-master tcp 166.9.12.99 30000 1 1 workstation
kubectl.private-master tcp 166.9.12.99 32767 1 1 workstation
kubectl.private-master tcp 166.9.13.31 30000 1 1 workstation
kubectl.private-master tcp 166.9.13.31 32767 1 1 workstation
kubectl.private-master tcp 166.9.13.93 30000 1 1 workstation
kubectl.private-master tcp 166.9.13.93 32767 1 1 workstation
kubectl.private-master tcp 166.9.13.94 30000 1 1 workstation
kubectl.private-master tcp 166.9.13.94 32767 1 1 workstation
kubectl.private-master tcp 166.9.14.122 30000 1 1 workstation
kubectl.private-master tcp 166.9.14.122 32767 1 1 workstation
kubectl.private-master tcp 166.9.14.125 30000 1 1 workstation
kubectl.private-master tcp 166.9.14.125 32767 1 1 workstation
kubectl.private-master tcp 166.9.14.202 30000 1 1 workstation
kubectl.private-master tcp 166.9.14.202 32767 1 1 workstation
kubectl.private-master tcp 166.9.14.204 30000 1 1 workstation
kubectl.private-master tcp 166.9.14.204 32767 1 1 workstation
kubectl.private-master tcp 166.9.14.205 30000 1 1 workstation
kubectl.private-master tcp 166.9.14.205 32767 1 1 workstation
kubectl.private-master tcp 166.9.14.95 30000 1 1 workstation
kubectl.private-master tcp 166.9.14.95 32767 1 1 workstation
kubectl.private-master tcp 166.9.15.130 30000 1 1 workstation
kubectl.private-master tcp 166.9.15.130 32767 1 1 workstation
kubectl.private-master tcp 166.9.15.69 30000 1 1 workstation
kubectl.private-master tcp 166.9.15.69 32767 1 1 workstation
kubectl.private-master tcp 166.9.15.70 30000 1 1 workstation
kubectl.private-master tcp 166.9.15.70 32767 1 1 workstation
kubectl.private-master tcp 166.9.15.71 30000 1 1 workstation
kubectl.private-master tcp 166.9.15.71 32767 1 1 workstation
kubectl.private-master tcp 166.9.15.72 30000 1 1 workstation
kubectl.private-master tcp 166.9.15.72 32767 1 1 workstation
kubectl.private-master tcp 166.9.15.73 30000 1 1 workstation
kubectl.private-master tcp 166.9.15.73 32767 1 1 workstation
kubectl.private-master tcp 166.9.15.74 30000 1 1 workstation
kubectl.private-master tcp 166.9.15.74 32767 1 1 workstation
kubectl.private-master tcp 166.9.15.75 30000 1 1 workstation
kubectl.private-master tcp 166.9.15.75 32767 1 1 workstation
kubectl.private-master tcp 166.9.15.76 30000 1 1 workstation
kubectl.private-master tcp 166.9.15.76 32767 1 1 workstation
kubectl.private-master tcp 166.9.16.113 30000 1 1 workstation
kubectl.private-master tcp 166.9.16.113 32767 1 1 workstation
kubectl.private-master tcp 166.9.16.137 30000 1 1 workstation
kubectl.private-master tcp 166.9.16.137 32767 1 1 workstation
kubectl.private-master tcp 166.9.16.149 30000 1 1 workstation
kubectl.private-master tcp 166.9.16.149 32767 1 1 workstation
kubectl.private-master tcp 166.9.16.183 30000 1 1 workstation
kubectl.private-master tcp 166.9.16.183 32767 1 1 workstation
kubectl.private-master tcp 166.9.16.184 30000 1 1 workstation
kubectl.private-master tcp 166.9.16.184 32767 1 1 workstation
kubectl.private-master tcp 166.9.16.185 30000 1 1 workstation
kubectl.private-master tcp 166.9.16.185 32767 1 1 workstation
kubectl.private-master tcp 166.9.16.38 30000 1 1 workstation
kubectl.private-master tcp 166.9.16.38 32767 1 1 workstation
kubectl.private-master tcp 166.9.16.39 30000 1 1 workstation
kubectl.private-master tcp 166.9.16.39 32767 1 1 workstation
kubectl.private-master tcp 166.9.16.5 30000 1 1 workstation
kubectl.private-master tcp 166.9.16.5 32767 1 1 workstation
kubectl.private-master tcp 166.9.17.2 30000 1 1 workstation
kubectl.private-master tcp 166.9.17.2 32767 1 1 workstation
kubectl.private-master tcp 166.9.17.35 30000 1 1 workstation
kubectl.private-master tcp 166.9.17.35 32767 1 1 workstation
kubectl.private-master tcp 166.9.17.37 30000 1 1 workstation
kubectl.private-master tcp 166.9.17.37 32767 1 1 workstation
kubectl.private-master tcp 166.9.17.39 30000 1 1 workstation
kubectl.private-master tcp 166.9.17.39 32767 1 1 workstation
kubectl.private-master tcp 166.9.48.124 30000 1 1 workstation
kubectl.private-master tcp 166.9.48.124 32767 1 1 workstation
kubectl.private-master tcp 166.9.48.171 30000 1 1 workstation
kubectl.private-master tcp 166.9.48.171 32767 1 1 workstation
kubectl.private-master tcp 166.9.48.175 30000 1 1 workstation
kubectl.private-master tcp 166.9.48.175 32767 1 1 workstation
kubectl.private-master tcp 166.9.48.240 30000 1 1 workstation
kubectl.private-master tcp 166.9.48.240 32767 1 1 workstation
kubectl.private-master tcp 166.9.48.35 30000 1 1 workstation
kubectl.private-master tcp 166.9.48.35 32767 1 1 workstation
kubectl.private-master tcp 166.9.48.50 30000 1 1 workstation
kubectl.private-master tcp 166.9.48.50 32767 1 1 workstation
kubectl.private-master tcp 166.9.48.76 30000 1 1 workstation
kubectl.private-master tcp 166.9.48.76 32767 1 1 workstation
kubectl.private-master tcp 166.9.51.104 30000 1 1 workstation
kubectl.private-master tcp 166.9.51.104 32767 1 1 workstation
kubectl.private-master tcp 166.9.51.106 30000 1 1 workstation
kubectl.private-master tcp 166.9.51.106 32767 1 1 workstation
kubectl.private-master tcp 166.9.51.16 30000 1 1 workstation
kubectl.private-master tcp 166.9.51.16 32767 1 1 workstation
kubectl.private-master tcp 166.9.51.54 30000 1 1 workstation
kubectl.private-master tcp 166.9.51.54 32767 1 1 workstation
kubectl.private-master tcp 166.9.51.74 30000 1 1 workstation
kubectl.private-master tcp 166.9.51.74 32767 1 1 workstation
kubectl.private-master tcp 166.9.58.104 30000 1 1 workstation
kubectl.private-master tcp 166.9.58.104 32767 1 1 workstation
kubectl.private-master tcp 166.9.58.11 30000 1 1 workstation
kubectl.private-master tcp 166.9.58.11 32767 1 1 workstation
kubectl.private-master tcp 166.9.58.16 30000 1 1 workstation
kubectl.private-master tcp 166.9.58.16 32767 1 1 workstation
kubectl.private-master tcp 166.9.58.170 30000 1 1 workstation
kubectl.private-master tcp 166.9.58.170 32767 1 1 workstation
kubectl.private-master tcp 166.9.58.210 30000 1 1 workstation
kubectl.private-master tcp 166.9.58.210 32767 1 1 workstation
kubectl.private-master tcp 166.9.58.64 30000 1 1 workstation
kubectl.private-master tcp 166.9.58.64 32767 1 1 workstation
kubectl.private-master tcp 166.9.58.65 30000 1 1 workstation
kubectl.private-master tcp 166.9.58.65 32767 1 1 workstation
kubectl.private-master tcp 166.9.59.125 30000 1 1 workstation
kubectl.private-master tcp 166.9.59.125 32767 1 1 workstation
kubectl.private-master tcp 166.9.59.147 30000 1 1 workstation
kubectl.private-master tcp 166.9.59.147 32767 1 1 workstation
kubectl.private-master tcp 166.9.61.15 30000 1 1 workstation
kubectl.private-master tcp 166.9.61.15 32767 1 1 workstation
kubectl.private-master tcp 166.9.61.54 30000 1 1 workstation
kubectl.private-master tcp 166.9.61.54 32767 1 1 workstation
kubectl.private-master tcp 166.9.85.114 30000 1 1 workstation
kubectl.private-master tcp 166.9.85.114 32767 1 1 workstation
kubectl.private-master tcp 166.9.88.186 30000 1 1 workstation
kubectl.private-master tcp 166.9.88.186 32767 1 1 workstation
kubectl.private-master tcp 166.9.88.196 30000 1 1 workstation
kubectl.private-master tcp 166.9.88.196 32767 1 1 workstation
kubectl.private-master tcp 166.9.88.21 30000 1 1 workstation
kubectl.private-master tcp 166.9.88.21 32767 1 1 workstation
kubectl.private-master tcp 166.9.228.8 30000 1 1 workstation
kubectl.private-master tcp 166.9.228.8 32767 1 1 workstation
kubectl.private-master tcp 166.9.229.10 30000 1 1 workstation
kubectl.private-master tcp 166.9.229.10 32767 1 1 workstation
kubectl.private-master tcp 166.9.230.9 30000 1 1 workstation
kubectl.private-master tcp 166.9.230.9 32767 1 1 workstation
worker-masters.region tcp 50.22.129.34 30000 1 1 workers-public
worker-masters.region tcp 50.22.129.34 32767 1 1 workers-public
worker-masters.region tcp 50.22.129.34 443 1 0 workers-public
worker-masters.region tcp 52.116.231.210 30000 1 1 workers-public
worker-masters.region tcp 52.116.231.210 32767 1 1 workers-public
worker-masters.region tcp 52.116.231.210 443 1 0 workers-public
worker-masters.region tcp 52.116.254.234 30000 1 1 workers-public
worker-masters.region tcp 52.116.254.234 32767 1 1 workers-public
worker-masters.region tcp 52.116.254.234 443 1 0 workers-public
worker-masters.region tcp 52.116.54.122 30000 1 1 workers-public
worker-masters.region tcp 52.116.54.122 32767 1 1 workers-public
worker-masters.region tcp 52.116.54.122 443 1 0 workers-public
worker-masters.region tcp 52.117.197.210 30000 1 1 workers-public
worker-masters.region tcp 52.117.197.210 32767 1 1 workers-public
worker-masters.region tcp 52.117.197.210 443 1 0 workers-public
worker-masters.region tcp 52.117.212.34 30000 1 1 workers-public
worker-masters.region tcp 52.117.212.34 32767 1 1 workers-public
worker-masters.region tcp 52.117.212.34 443 1 0 workers-public
worker-masters.region tcp 52.117.215.162 30000 1 1 workers-public
worker-masters.region tcp 52.117.215.162 32767 1 1 workers-public
worker-masters.region tcp 52.117.215.162 443 1 0 workers-public
worker-masters.region tcp 52.117.232.194 30000 1 1 workers-public
worker-masters.region tcp 52.117.232.194 32767 1 1 workers-public
worker-masters.region tcp 52.117.232.194 443 1 0 workers-public
worker-masters.region tcp 52.117.240.106 30000 1 1 workers-public
worker-masters.region tcp 52.117.240.106 32767 1 1 workers-public
worker-masters.region tcp 52.117.240.106 443 1 0 workers-public
worker-masters.region tcp 52.117.28.138 30000 1 1 workers-public
worker-masters.region tcp 52.117.28.138 32767 1 1 workers-public
worker-masters.region tcp 52.117.28.138 443 1 0 workers-public
worker-masters.region tcp 67.228.97.210 30000 1 1 workers-public
worker-masters.region tcp 67.228.97.210 32767 1 1 workers-public
worker-masters.region tcp 67.228.97.210 443 1 0 workers-public
worker-masters.region tcp 169.45.126.154 30000 1 1 workers-public
worker-masters.region tcp 169.45.126.154 32767 1 1 workers-public
worker-masters.region tcp 169.45.126.154 443 1 0 workers-public
worker-masters.region tcp 169.45.67.210 30000 1 1 workers-public
worker-masters.region tcp 169.45.67.210 32767 1 1 workers-public
worker-masters.region tcp 169.45.67.210 443 1 0 workers-public
worker-masters.region tcp 169.45.88.98 30000 1 1 workers-public
worker-masters.region tcp 169.45.88.98 32767 1 1 workers-public
worker-masters.region tcp 169.45.88.98 443 1 0 workers-public
worker-masters.region tcp 169.46.110.218 30000 1 1 workers-public
worker-masters.region tcp 169.46.110.218 32767 1 1 workers-public
worker-masters.region tcp 169.46.110.218 443 1 0 workers-public
worker-masters.region tcp 169.46.111.122 30000 1 1 workers-public
worker-masters.region tcp 169.46.111.122 32767 1 1 workers-public
worker-masters.region tcp 169.46.111.122 443 1 0 workers-public
worker-masters.region tcp 169.46.16.202 30000 1 1 workers-public
worker-masters.region tcp 169.46.16.202 32767 1 1 workers-public
worker-masters.region tcp 169.46.16.202 443 1 0 workers-public
worker-masters.region tcp 169.46.24.210 30000 1 1 workers-public
worker-masters.region tcp 169.46.24.210 32767 1 1 workers-public
worker-masters.region tcp 169.46.24.210 443 1 0 workers-public
worker-masters.region tcp 169.46.27.234 30000 1 1 workers-public
worker-masters.region tcp 169.46.27.234 32767 1 1 workers-public
worker-masters.region tcp 169.46.27.234 443 1 0 workers-public
worker-masters.region tcp 169.46.63.250 30000 1 1 workers-public
worker-masters.region tcp 169.46.63.250 32767 1 1 workers-public
worker-masters.region tcp 169.46.63.250 443 1 0 workers-public
worker-masters.region tcp 169.46.68.234 30000 1 1 workers-public
worker-masters.region tcp 169.46.68.234 32767 1 1 workers-public
worker-masters.region tcp 169.46.68.234 443 1 0 workers-public
worker-masters.region tcp 169.46.7.238 30000 1 1 workers-public
worker-masters.region tcp 169.46.7.238 32767 1 1 workers-public
worker-masters.region tcp 169.46.7.238 443 1 0 workers-public
worker-masters.region tcp 169.46.89.50 30000 1 1 workers-public
worker-masters.region tcp 169.46.89.50 32767 1 1 workers-public
worker-masters.region tcp 169.46.89.50 443 1 0 workers-public
worker-masters.region tcp 169.47.109.34 30000 1 1 workers-public
worker-masters.region tcp 169.47.109.34 32767 1 1 workers-public
worker-masters.region tcp 169.47.109.34 443 1 0 workers-public
worker-masters.region tcp 169.47.115.18 30000 1 1 workers-public
worker-masters.region tcp 169.47.115.18 32767 1 1 workers-public
worker-masters.region tcp 169.47.115.18 443 1 0 workers-public
worker-masters.region tcp 169.47.201.194 30000 1 1 workers-public
worker-masters.region tcp 169.47.201.194 32767 1 1 workers-public
worker-masters.region tcp 169.47.201.194 443 1 0 workers-public
worker-masters.region tcp 169.47.209.66 30000 1 1 workers-public
worker-masters.region tcp 169.47.209.66 32767 1 1 workers-public
worker-masters.region tcp 169.47.209.66 443 1 0 workers-public
worker-masters.region tcp 169.47.229.90 30000 1 1 workers-public
worker-masters.region tcp 169.47.229.90 32767 1 1 workers-public
worker-masters.region tcp 169.47.229.90 443 1 0 workers-public
worker-masters.region tcp 169.47.232.210 30000 1 1 workers-public
worker-masters.region tcp 169.47.232.210 32767 1 1 workers-public
worker-masters.region tcp 169.47.232.210 443 1 0 workers-public
worker-masters.region tcp 169.47.239.34 30000 1 1 workers-public
worker-masters.region tcp 169.47.239.34 32767 1 1 workers-public
worker-masters.region tcp 169.47.239.34 443 1 0 workers-public
worker-masters.region tcp 169.47.242.242 30000 1 1 workers-public
worker-masters.region tcp 169.47.242.242 32767 1 1 workers-public
worker-masters.region tcp 169.47.242.242 443 1 0 workers-public
worker-masters.region tcp 169.47.70.10 30000 1 1 workers-public
worker-masters.region tcp 169.47.70.10 32767 1 1 workers-public
worker-masters.region tcp 169.47.70.10 443 1 0 workers-public
worker-masters.region tcp 169.47.71.138 30000 1 1 workers-public
worker-masters.region tcp 169.47.71.138 32767 1 1 workers-public
worker-masters.region tcp 169.47.71.138 443 1 0 workers-public
worker-masters.region tcp 169.48.110.250 30000 1 1 workers-public
worker-masters.region tcp 169.48.110.250 32767 1 1 workers-public
worker-masters.region tcp 169.48.110.250 443 1 0 workers-public
worker-masters.region tcp 169.48.143.218 30000 1 1 workers-public
worker-masters.region tcp 169.48.143.218 32767 1 1 workers-public
worker-masters.region tcp 169.48.143.218 443 1 0 workers-public
worker-masters.region tcp 169.48.161.242 30000 1 1 workers-public
worker-masters.region tcp 169.48.161.242 32767 1 1 workers-public
worker-masters.region tcp 169.48.161.242 443 1 0 workers-public
worker-masters.region tcp 169.48.226.2 30000 1 1 workers-public
worker-masters.region tcp 169.48.226.2 32767 1 1 workers-public
worker-masters.region tcp 169.48.226.2 443 1 0 workers-public
worker-masters.region tcp 169.48.230.146 30000 1 1 workers-public
worker-masters.region tcp 169.48.230.146 32767 1 1 workers-public
worker-masters.region tcp 169.48.230.146 443 1 0 workers-public
worker-masters.region tcp 169.48.244.66 30000 1 1 workers-public
worker-masters.region tcp 169.48.244.66 32767 1 1 workers-public
worker-masters.region tcp 169.48.244.66 443 1 0 workers-public
worker-masters.region tcp 169.57.100.18 30000 1 1 workers-public
worker-masters.region tcp 169.57.100.18 32767 1 1 workers-public
worker-masters.region tcp 169.57.100.18 443 1 0 workers-public
worker-masters.region tcp 169.57.13.10 30000 1 1 workers-public
worker-masters.region tcp 169.57.13.10 32767 1 1 workers-public
worker-masters.region tcp 169.57.13.10 443 1 0 workers-public
worker-masters.region tcp 169.57.147.58 30000 1 1 workers-public
worker-masters.region tcp 169.57.147.58 32767 1 1 workers-public
worker-masters.region tcp 169.57.147.58 443 1 0 workers-public
worker-masters.region tcp 169.57.151.10 30000 1 1 workers-public
worker-masters.region tcp 169.57.151.10 32767 1 1 workers-public
worker-masters.region tcp 169.57.151.10 443 1 0 workers-public
worker-masters.region tcp 169.57.154.98 30000 1 1 workers-public
worker-masters.region tcp 169.57.154.98 32767 1 1 workers-public
worker-masters.region tcp 169.57.154.98 443 1 0 workers-public
worker-masters.region tcp 169.59.219.90 30000 1 1 workers-public
worker-masters.region tcp 169.59.219.90 32767 1 1 workers-public
worker-masters.region tcp 169.59.219.90 443 1 0 workers-public
worker-masters.region tcp 169.59.223.194 30000 1 1 workers-public
worker-masters.region tcp 169.59.223.194 32767 1 1 workers-public
worker-masters.region tcp 169.59.223.194 443 1 0 workers-public
worker-masters.region tcp 169.59.230.98 30000 1 1 workers-public
worker-masters.region tcp 169.59.230.98 32767 1 1 workers-public
worker-masters.region tcp 169.59.230.98 443 1 0 workers-public
worker-masters.region tcp 169.60.128.2 30000 1 1 workers-public
worker-masters.region tcp 169.60.128.2 32767 1 1 workers-public
worker-masters.region tcp 169.60.128.2 443 1 0 workers-public
worker-masters.region tcp 169.60.170.234 30000 1 1 workers-public
worker-masters.region tcp 169.60.170.234 32767 1 1 workers-public
worker-masters.region tcp 169.60.170.234 443 1 0 workers-public
worker-masters.region tcp 169.61.175.106 30000 1 1 workers-public
worker-masters.region tcp 169.61.175.106 32767 1 1 workers-public
worker-masters.region tcp 169.61.175.106 443 1 0 workers-public
worker-masters.region tcp 169.61.177.2 30000 1 1 workers-public
worker-masters.region tcp 169.61.177.2 32767 1 1 workers-public
worker-masters.region tcp 169.61.177.2 443 1 0 workers-public
worker-masters.region tcp 169.61.187.58 30000 1 1 workers-public
worker-masters.region tcp 169.61.187.58 32767 1 1 workers-public
worker-masters.region tcp 169.61.187.58 443 1 0 workers-public
worker-masters.region tcp 169.61.228.138 30000 1 1 workers-public
worker-masters.region tcp 169.61.228.138 32767 1 1 workers-public
worker-masters.region tcp 169.61.228.138 443 1 0 workers-public
worker-masters.region tcp 169.61.28.66 30000 1 1 workers-public
worker-masters.region tcp 169.61.28.66 32767 1 1 workers-public
worker-masters.region tcp 169.61.28.66 443 1 0 workers-public
worker-masters.region tcp 169.61.29.194 30000 1 1 workers-public
worker-masters.region tcp 169.61.29.194 32767 1 1 workers-public
worker-masters.region tcp 169.61.29.194 443 1 0 workers-public
worker-masters.region tcp 169.61.60.130 30000 1 1 workers-public
worker-masters.region tcp 169.61.60.130 32767 1 1 workers-public
worker-masters.region tcp 169.61.60.130 443 1 0 workers-public
worker-masters.region tcp 169.62.166.98 30000 1 1 workers-public
worker-masters.region tcp 169.62.166.98 32767 1 1 workers-public
worker-masters.region tcp 169.62.166.98 443 1 0 workers-public
worker-masters.region tcp 169.62.189.26 30000 1 1 workers-public
worker-masters.region tcp 169.62.189.26 32767 1 1 workers-public
worker-masters.region tcp 169.62.189.26 443 1 0 workers-public
worker-masters.region tcp 169.62.206.234 30000 1 1 workers-public
worker-masters.region tcp 169.62.206.234 32767 1 1 workers-public
worker-masters.region tcp 169.62.206.234 443 1 0 workers-public
worker-masters.region tcp 169.62.230.114 30000 1 1 workers-public
worker-masters.region tcp 169.62.230.114 32767 1 1 workers-public
worker-masters.region tcp 169.62.230.114 443 1 0 workers-public
worker-masters.region tcp 169.62.82.197 30000 1 1 workers-public
worker-masters.region tcp 169.62.82.197 32767 1 1 workers-public
worker-masters.region tcp 169.62.82.197 443 1 0 workers-public
worker-masters.region tcp 169.62.87.170 30000 1 1 workers-public
worker-masters.region tcp 169.62.87.170 32767 1 1 workers-public
worker-masters.region tcp 169.62.87.170 443 1 0 workers-public
worker-masters.region tcp 169.62.97.218 30000 1 1 workers-public
worker-masters.region tcp 169.62.97.218 32767 1 1 workers-public
worker-masters.region tcp 169.62.97.218 443 1 0 workers-public
worker-masters.region tcp 169.63.39.66 30000 1 1 workers-public
worker-masters.region tcp 169.63.39.66 32767 1 1 workers-public
worker-masters.region tcp 169.63.39.66 443 1 0 workers-public
worker-masters.region tcp 169.63.47.250 30000 1 1 workers-public
worker-masters.region tcp 169.63.47.250 32767 1 1 workers-public
worker-masters.region tcp 169.63.47.250 443 1 0 workers-public
worker-masters.region tcp 104.94.220.130 30000 1 1 workers-public
worker-masters.region tcp 104.94.220.130 32767 1 1 workers-public
worker-masters.region tcp 104.94.220.130 443 1 0 workers-public
worker-masters.region tcp 104.94.221.130 30000 1 1 workers-public
worker-masters.region tcp 104.94.221.130 32767 1 1 workers-public
worker-masters.region tcp 104.94.221.130 443 1 0 workers-public
worker-masters.region tcp 104.94.222.138 30000 1 1 workers-public
worker-masters.region tcp 104.94.222.138 32767 1 1 workers-public
worker-masters.region tcp 104.94.222.138 443 1 0 workers-public
worker-masters.region tcp 104.94.223.138 30000 1 1 workers-public
worker-masters.region tcp 104.94.223.138 32767 1 1 workers-public
worker-masters.region tcp 104.94.223.138 443 1 0 workers-public
worker-masters.region tcp 104.96.176.130 30000 1 1 workers-public
worker-masters.region tcp 104.96.176.130 32767 1 1 workers-public
worker-masters.region tcp 104.96.176.130 443 1 0 workers-public
worker-masters.region tcp 104.96.177.130 30000 1 1 workers-public
worker-masters.region tcp 104.96.177.130 32767 1 1 workers-public
worker-masters.region tcp 104.96.177.130 443 1 0 workers-public
worker-masters.region tcp 104.96.178.132 30000 1 1 workers-public
worker-masters.region tcp 104.96.178.132 32767 1 1 workers-public
worker-masters.region tcp 104.96.178.132 443 1 0 workers-public
worker-masters.region tcp 104.96.179.132 30000 1 1 workers-public
worker-masters.region tcp 104.96.179.132 32767 1 1 workers-public
worker-masters.region tcp 104.96.179.132 443 1 0 workers-public
worker-masters.region tcp 104.96.180.129 30000 1 1 workers-public
worker-masters.region tcp 104.96.180.129 32767 1 1 workers-public
worker-masters.region tcp 104.96.180.129 443 1 0 workers-public
worker-masters.region tcp 104.96.181.129 30000 1 1 workers-public
worker-masters.region tcp 104.96.181.129 32767 1 1 workers-public
worker-masters.region tcp 104.96.181.129 443 1 0 workers-public
iam.token https iam.bluemix.net 443 1 0 workers-public
iam.token https iam.cloud.ibm.com 443 1 0 workers-public
private-masters.region tcp 166.9.12.140 30000 1 1 workers-private
private-masters.region tcp 166.9.12.140 32767 1 1 workers-private
private-masters.region tcp 166.9.12.140 443 1 0 workers-private
private-masters.region tcp 166.9.12.141 30000 1 1 workers-private
private-masters.region tcp 166.9.12.141 32767 1 1 workers-private
private-masters.region tcp 166.9.12.141 443 1 0 workers-private
private-masters.region tcp 166.9.12.142 30000 1 1 workers-private
private-masters.region tcp 166.9.12.142 32767 1 1 workers-private
private-masters.region tcp 166.9.12.142 443 1 0 workers-private
private-masters.region tcp 166.9.12.143 30000 1 1 workers-private
private-masters.region tcp 166.9.12.143 32767 1 1 workers-private
private-masters.region tcp 166.9.12.143 443 1 0 workers-private
private-masters.region tcp 166.9.12.144 30000 1 1 workers-private
private-masters.region tcp 166.9.12.144 32767 1 1 workers-private
private-masters.region tcp 166.9.12.144 443 1 0 workers-private
private-masters.region tcp 166.9.12.151 30000 1 1 workers-private
private-masters.region tcp 166.9.12.151 32767 1 1 workers-private
private-masters.region tcp 166.9.12.151 443 1 0 workers-private
private-masters.region tcp 166.9.12.193 30000 1 1 workers-private
private-masters.region tcp 166.9.12.193 32767 1 1 workers-private
private-masters.region tcp 166.9.12.193 443 1 0 workers-private
private-masters.region tcp 166.9.12.196 30000 1 1 workers-private
private-masters.region tcp 166.9.12.196 32767 1 1 workers-private
private-masters.region tcp 166.9.12.196 443 1 0 workers-private
private-masters.region tcp 166.9.12.26 30000 1 1 workers-private
private-masters.region tcp 166.9.12.26 32767 1 1 workers-private
private-masters.region tcp 166.9.12.26 443 1 0 workers-private
private-masters.region tcp 166.9.12.99 30000 1 1 workers-private
private-masters.region tcp 166.9.12.99 32767 1 1 workers-private
private-masters.region tcp 166.9.12.99 443 1 0 workers-private
private-masters.region tcp 166.9.13.31 30000 1 1 workers-private
private-masters.region tcp 166.9.13.31 32767 1 1 workers-private
private-masters.region tcp 166.9.13.31 443 1 0 workers-private
private-masters.region tcp 166.9.13.93 30000 1 1 workers-private
private-masters.region tcp 166.9.13.93 32767 1 1 workers-private
private-masters.region tcp 166.9.13.93 443 1 0 workers-private
private-masters.region tcp 166.9.13.94 30000 1 1 workers-private
private-masters.region tcp 166.9.13.94 32767 1 1 workers-private
private-masters.region tcp 166.9.13.94 443 1 0 workers-private
private-masters.region tcp 166.9.14.122 30000 1 1 workers-private
private-masters.region tcp 166.9.14.122 32767 1 1 workers-private
private-masters.region tcp 166.9.14.122 443 1 0 workers-private
private-masters.region tcp 166.9.14.125 30000 1 1 workers-private
private-masters.region tcp 166.9.14.125 32767 1 1 workers-private
private-masters.region tcp 166.9.14.125 443 1 0 workers-private
private-masters.region tcp 166.9.14.202 30000 1 1 workers-private
private-masters.region tcp 166.9.14.202 32767 1 1 workers-private
private-masters.region tcp 166.9.14.202 443 1 0 workers-private
private-masters.region tcp 166.9.14.204 30000 1 1 workers-private
private-masters.region tcp 166.9.14.204 32767 1 1 workers-private
private-masters.region tcp 166.9.14.204 443 1 0 workers-private
private-masters.region tcp 166.9.14.205 30000 1 1 workers-private
private-masters.region tcp 166.9.14.205 32767 1 1 workers-private
private-masters.region tcp 166.9.14.205 443 1 0 workers-private
private-masters.region tcp 166.9.14.95 30000 1 1 workers-private
private-masters.region tcp 166.9.14.95 32767 1 1 workers-private
private-masters.region tcp 166.9.14.95 443 1 0 workers-private
private-masters.region tcp 166.9.15.130 30000 1 1 workers-private
private-masters.region tcp 166.9.15.130 32767 1 1 workers-private
private-masters.region tcp 166.9.15.130 443 1 0 workers-private
private-masters.region tcp 166.9.15.69 30000 1 1 workers-private
private-masters.region tcp 166.9.15.69 32767 1 1 workers-private
private-masters.region tcp 166.9.15.69 443 1 0 workers-private
private-masters.region tcp 166.9.15.70 30000 1 1 workers-private
private-masters.region tcp 166.9.15.70 32767 1 1 workers-private
private-masters.region tcp 166.9.15.70 443 1 0 workers-private
private-masters.region tcp 166.9.15.71 30000 1 1 workers-private
private-masters.region tcp 166.9.15.71 32767 1 1 workers-private
private-masters.region tcp 166.9.15.71 443 1 0 workers-private
private-masters.region tcp 166.9.15.72 30000 1 1 workers-private
private-masters.region tcp 166.9.15.72 32767 1 1 workers-private
private-masters.region tcp 166.9.15.72 443 1 0 workers-private
private-masters.region tcp 166.9.15.73 30000 1 1 workers-private
private-masters.region tcp 166.9.15.73 32767 1 1 workers-private
private-masters.region tcp 166.9.15.73 443 1 0 workers-private
private-masters.region tcp 166.9.15.74 30000 1 1 workers-private
private-masters.region tcp 166.9.15.74 32767 1 1 workers-private
private-masters.region tcp 166.9.15.74 443 1 0 workers-private
private-masters.region tcp 166.9.15.75 30000 1 1 workers-private
private-masters.region tcp 166.9.15.75 32767 1 1 workers-private
private-masters.region tcp 166.9.15.75 443 1 0 workers-private
private-masters.region tcp 166.9.15.76 30000 1 1 workers-private
private-masters.region tcp 166.9.15.76 32767 1 1 workers-private
private-masters.region tcp 166.9.15.76 443 1 0 workers-private
private-masters.region tcp 166.9.16.113 30000 1 1 workers-private
private-masters.region tcp 166.9.16.113 32767 1 1 workers-private
private-masters.region tcp 166.9.16.113 443 1 0 workers-private
private-masters.region tcp 166.9.16.137 30000 1 1 workers-private
private-masters.region tcp 166.9.16.137 32767 1 1 workers-private
private-masters.region tcp 166.9.16.137 443 1 0 workers-private
private-masters.region tcp 166.9.16.149 30000 1 1 workers-private
private-masters.region tcp 166.9.16.149 32767 1 1 workers-private
private-masters.region tcp 166.9.16.149 443 1 0 workers-private
private-masters.region tcp 166.9.16.183 30000 1 1 workers-private
private-masters.region tcp 166.9.16.183 32767 1 1 workers-private
private-masters.region tcp 166.9.16.183 443 1 0 workers-private
private-masters.region tcp 166.9.16.184 30000 1 1 workers-private
private-masters.region tcp 166.9.16.184 32767 1 1 workers-private
private-masters.region tcp 166.9.16.184 443 1 0 workers-private
private-masters.region tcp 166.9.16.185 30000 1 1 workers-private
private-masters.region tcp 166.9.16.185 32767 1 1 workers-private
private-masters.region tcp 166.9.16.185 443 1 0 workers-private
private-masters.region tcp 166.9.16.38 30000 1 1 workers-private
private-masters.region tcp 166.9.16.38 32767 1 1 workers-private
private-masters.region tcp 166.9.16.38 443 1 0 workers-private
private-masters.region tcp 166.9.16.39 30000 1 1 workers-private
private-masters.region tcp 166.9.16.39 32767 1 1 workers-private
private-masters.region tcp 166.9.16.39 443 1 0 workers-private
private-masters.region tcp 166.9.16.5 30000 1 1 workers-private
private-masters.region tcp 166.9.16.5 32767 1 1 workers-private
private-masters.region tcp 166.9.16.5 443 1 0 workers-private
private-masters.region tcp 166.9.17.2 30000 1 1 workers-private
private-masters.region tcp 166.9.17.2 32767 1 1 workers-private
private-masters.region tcp 166.9.17.2 443 1 0 workers-private
private-masters.region tcp 166.9.17.35 30000 1 1 workers-private
private-masters.region tcp 166.9.17.35 32767 1 1 workers-private
private-masters.region tcp 166.9.17.35 443 1 0 workers-private
private-masters.region tcp 166.9.17.37 30000 1 1 workers-private
private-masters.region tcp 166.9.17.37 32767 1 1 workers-private
private-masters.region tcp 166.9.17.37 443 1 0 workers-private
private-masters.region tcp 166.9.17.39 30000 1 1 workers-private
private-masters.region tcp 166.9.17.39 32767 1 1 workers-private
private-masters.region tcp 166.9.17.39 443 1 0 workers-private
private-masters.region tcp 166.9.48.124 30000 1 1 workers-private
private-masters.region tcp 166.9.48.124 32767 1 1 workers-private
private-masters.region tcp 166.9.48.124 443 1 0 workers-private
private-masters.region tcp 166.9.48.171 30000 1 1 workers-private
private-masters.region tcp 166.9.48.171 32767 1 1 workers-private
private-masters.region tcp 166.9.48.171 443 1 0 workers-private
private-masters.region tcp 166.9.48.175 30000 1 1 workers-private
private-masters.region tcp 166.9.48.175 32767 1 1 workers-private
private-masters.region tcp 166.9.48.175 443 1 0 workers-private
private-masters.region tcp 166.9.48.240 30000 1 1 workers-private
private-masters.region tcp 166.9.48.240 32767 1 1 workers-private
private-masters.region tcp 166.9.48.240 443 1 0 workers-private
private-masters.region tcp 166.9.48.35 30000 1 1 workers-private
private-masters.region tcp 166.9.48.35 32767 1 1 workers-private
private-masters.region tcp 166.9.48.35 443 1 0 workers-private
private-masters.region tcp 166.9.48.50 30000 1 1 workers-private
private-masters.region tcp 166.9.48.50 32767 1 1 workers-private
private-masters.region tcp 166.9.48.50 443 1 0 workers-private
private-masters.region tcp 166.9.48.76 30000 1 1 workers-private
private-masters.region tcp 166.9.48.76 32767 1 1 workers-private
private-masters.region tcp 166.9.48.76 443 1 0 workers-private
private-masters.region tcp 166.9.51.104 30000 1 1 workers-private
private-masters.region tcp 166.9.51.104 32767 1 1 workers-private
private-masters.region tcp 166.9.51.104 443 1 0 workers-private
private-masters.region tcp 166.9.51.106 30000 1 1 workers-private
private-masters.region tcp 166.9.51.106 32767 1 1 workers-private
private-masters.region tcp 166.9.51.106 443 1 0 workers-private
private-masters.region tcp 166.9.51.16 30000 1 1 workers-private
private-masters.region tcp 166.9.51.16 32767 1 1 workers-private
private-masters.region tcp 166.9.51.16 443 1 0 workers-private
private-masters.region tcp 166.9.51.54 30000 1 1 workers-private
private-masters.region tcp 166.9.51.54 32767 1 1 workers-private
private-masters.region tcp 166.9.51.54 443 1 0 workers-private
private-masters.region tcp 166.9.51.74 30000 1 1 workers-private
private-masters.region tcp 166.9.51.74 32767 1 1 workers-private
private-masters.region tcp 166.9.51.74 443 1 0 workers-private
private-masters.region tcp 166.9.58.104 30000 1 1 workers-private
private-masters.region tcp 166.9.58.104 32767 1 1 workers-private
private-masters.region tcp 166.9.58.104 443 1 0 workers-private
private-masters.region tcp 166.9.58.11 30000 1 1 workers-private
private-masters.region tcp 166.9.58.11 32767 1 1 workers-private
private-masters.region tcp 166.9.58.11 443 1 0 workers-private
private-masters.region tcp 166.9.58.16 30000 1 1 workers-private
private-masters.region tcp 166.9.58.16 32767 1 1 workers-private
private-masters.region tcp 166.9.58.16 443 1 0 workers-private
private-masters.region tcp 166.9.58.170 30000 1 1 workers-private
private-masters.region tcp 166.9.58.170 32767 1 1 workers-private
private-masters.region tcp 166.9.58.170 443 1 0 workers-private
private-masters.region tcp 166.9.58.210 30000 1 1 workers-private
private-masters.region tcp 166.9.58.210 32767 1 1 workers-private
private-masters.region tcp 166.9.58.210 443 1 0 workers-private
private-masters.region tcp 166.9.58.64 30000 1 1 workers-private
private-masters.region tcp 166.9.58.64 32767 1 1 workers-private
private-masters.region tcp 166.9.58.64 443 1 0 workers-private
private-masters.region tcp 166.9.58.65 30000 1 1 workers-private
private-masters.region tcp 166.9.58.65 32767 1 1 workers-private
private-masters.region tcp 166.9.58.65 443 1 0 workers-private
private-masters.region tcp 166.9.59.125 30000 1 1 workers-private
private-masters.region tcp 166.9.59.125 32767 1 1 workers-private
private-masters.region tcp 166.9.59.125 443 1 0 workers-private
private-masters.region tcp 166.9.59.147 30000 1 1 workers-private
private-masters.region tcp 166.9.59.147 32767 1 1 workers-private
private-masters.region tcp 166.9.59.147 443 1 0 workers-private
private-masters.region tcp 166.9.61.15 30000 1 1 workers-private
private-masters.region tcp 166.9.61.15 32767 1 1 workers-private
private-masters.region tcp 166.9.61.15 443 1 0 workers-private
private-masters.region tcp 166.9.61.54 30000 1 1 workers-private
private-masters.region tcp 166.9.61.54 32767 1 1 workers-private
private-masters.region tcp 166.9.61.54 443 1 0 workers-private
private-masters.region tcp 166.9.85.114 30000 1 1 workers-private
private-masters.region tcp 166.9.85.114 32767 1 1 workers-private
private-masters.region tcp 166.9.85.114 443 1 0 workers-private
private-masters.region tcp 166.9.88.186 30000 1 1 workers-private
private-masters.region tcp 166.9.88.186 32767 1 1 workers-private
private-masters.region tcp 166.9.88.186 443 1 0 workers-private
private-masters.region tcp 166.9.88.196 30000 1 1 workers-private
private-masters.region tcp 166.9.88.196 32767 1 1 workers-private
private-masters.region tcp 166.9.88.196 443 1 0 workers-private
private-masters.region tcp 166.9.88.21 30000 1 1 workers-private
private-masters.region tcp 166.9.88.21 32767 1 1 workers-private
private-masters.region tcp 166.9.88.21 443 1 0 workers-private
private-masters.region tcp 166.9.228.8 30000 1 1 workers-private
private-masters.region tcp 166.9.228.8 32767 1 1 workers-private
private-masters.region tcp 166.9.228.8 443 1 0 workers-private
private-masters.region tcp 166.9.229.10 30000 1 1 workers-private
private-masters.region tcp 166.9.229.10 32767 1 1 workers-private
private-masters.region tcp 166.9.229.10 443 1 0 workers-private
private-masters.region tcp 166.9.230.9 30000 1 1 workers-private
private-masters.region tcp 166.9.230.9 32767 1 1 workers-private
private-masters.region tcp 166.9.230.9 443 1 0 workers-private
private-registry.pull https private.icr.io 443 1 0 workers-private
private-registry.pull https cp.icr.io 443 1 0 workers-private
private-registry.pull tcp 166.9.251.49 443 1 0 workers-private
private-registry.pull tcp 166.9.251.82 443 1 0 workers-private
private-registry.pull tcp 166.9.251.113 443 1 0 workers-private
private-registry.pull https private.us.icr.io 443 1 0 workers-private
private-registry.pull tcp 166.9.250.214 443 1 0 workers-private
private-registry.pull tcp 166.9.250.246 443 1 0 workers-private
private-registry.pull tcp 166.9.251.21 443 1 0 workers-private
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
