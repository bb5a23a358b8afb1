import { type Document, YAMLMap, YAMLSeq } from 'yaml';
import type { Answer } from '../core/answer.js';
import type { Direction, Protocol } from '../core/dataset/schema.js';
import { asCidr } from '../core/net.js';
import type { Exporter } from './exporter.js';
import { exportBaseName, slugify } from './names.js';
import {
  describeExport,
  describeTrailer,
  explainRule,
  ASK_FOR_OPTIONAL,
  planAnswer,
  PROTOCOL_NUMBERS,
  type PlannedRule,
  type PortRange,
  type RuleWording,
  uniqueName,
} from './plan.js';
import { commentText, stringifySnippet, yamlDocument, yamlStream } from './yaml.js';

// Calico resources for the worker nodes: a GlobalNetworkSet per group of destination addresses, and one
// GlobalNetworkPolicy that selects the workers' host endpoints by the role label IBM gives them, as IBM's own
// Calico samples (IBM-Cloud/kube-samples, calico-policies) do.

export const CALICO_API_VERSION = 'projectcalico.org/v3';
export const WORKER_SELECTOR = "ibm.role in { 'worker_public', 'worker_private' }";

export type WorkerRole = 'worker_public' | 'worker_private';
const WORKER_ROLES: readonly WorkerRole[] = ['worker_public', 'worker_private'];
// IBM labels each worker's public and private host endpoints with these roles (parties.yml ids).
const ROLE_OF_PARTY: Readonly<Record<string, WorkerRole>> = { 'workers-public': 'worker_public', 'workers-private': 'worker_private' };

export function roleSelector(role: WorkerRole): string {
  return `ibm.role == '${role}'`;
}
export const SET_LABEL = 'porthole/set';
// IBM's samples order the policies that allow IBM services at 1800, after its own default policies.
export const POLICY_ORDER = 1800;

// Kubernetes label values: at most 63 characters.
const MAX_LABEL_VALUE = 63;

export type CalicoPort = number | string;

export interface CalicoRule {
  action: 'Allow';
  protocol?: 'TCP' | 'UDP' | number;
  source?: { selector?: string; nets?: string[] };
  destination?: { selector?: string; nets?: string[]; ports?: CalicoPort[] };
}

// Network set names are also their label values, so both rules apply.
function resourceName(text: string, dots = true): string {
  return slugify(text, { maxLength: MAX_LABEL_VALUE, dots });
}

function calicoProtocol(protocol: Protocol): CalicoRule['protocol'] | null {
  if (protocol === 'all') return null;
  if (protocol === 'tcp') return 'TCP';
  if (protocol === 'udp') return 'UDP';
  return PROTOCOL_NUMBERS[protocol]!;
}

function calicoPort(range: PortRange): CalicoPort {
  return range.from === range.to ? range.from : `${range.from}:${range.to}`;
}

interface NetworkSet {
  name: string;
  nets: string[];
  ruleId: string;
}

interface PolicyRule {
  plan: PlannedRule;
  /** The worker interfaces the rule is about; none when it starts or ends elsewhere (your workstation). */
  roles: WorkerRole[];
  egress: CalicoRule[];
  ingress: CalicoRule[];
}

/** The worker side of a rule: where outbound traffic starts, inbound ends; both for traffic between workers. */
function workerRoles(plan: PlannedRule): WorkerRole[] {
  const { rule } = plan;
  const side = rule.direction === 'outbound' ? rule.sources : rule.direction === 'inbound' ? rule.destinations : [...rule.sources, ...rule.destinations];
  const roles = new Set(side.flatMap((e) => (e.party && ROLE_OF_PARTY[e.party] ? [ROLE_OF_PARTY[e.party]!] : [])));
  return WORKER_ROLES.filter((r) => roles.has(r));
}

/**
 * The Calico rules for one answer rule; none when it has no address or port to hold on to (see comments).
 * `setFor` names the network set of the rule's destination addresses, made only when a rule selects it.
 */
function calicoRules(plan: PlannedRule, setFor: (plan: PlannedRule) => NetworkSet | null): PolicyRule {
  const result: PolicyRule = { plan, roles: workerRoles(plan), egress: [], ingress: [] };
  if (plan.portUnknown || result.roles.length === 0) return result;
  const direction = plan.rule.direction;
  // Rule nets must be CIDRs (Calico rejects a bare address there, unlike in a network set).
  const nets = plan.destinationAddresses.map((e) => asCidr(e.value));
  const placeholderOnly =
    plan.destinationPlaceholders.length > 0 && plan.destinationAddresses.length + plan.destinationHosts.length + plan.destinationReferences.length === 0;
  for (const match of plan.matches) {
    const protocol = calicoProtocol(match.protocol);
    const ports = match.ports.length > 0 ? { ports: match.ports.map(calicoPort) } : {};
    const base = { action: 'Allow' as const, ...(protocol !== null ? { protocol } : {}) };
    const portsOnly = match.ports.length > 0 ? { destination: ports } : {};
    if (direction === 'between-workers') {
      // Both ends are worker nodes, which the worker selector names whether or not their IPs are known.
      result.egress.push({ ...base, destination: { selector: WORKER_SELECTOR, ...ports } });
      result.ingress.push({ ...base, source: { selector: WORKER_SELECTOR }, ...portsOnly });
    } else if (direction === 'outbound') {
      // An optional rule left commented out names its nets itself, so that no set is left without a user.
      const set = nets.length > 0 && plan.active ? setFor(plan) : null;
      if (set) result.egress.push({ ...base, destination: { selector: `${SET_LABEL} == '${set.name}'`, ...ports } });
      else if (nets.length > 0) result.egress.push({ ...base, destination: { nets, ...ports } });
      if (plan.destinationAny) result.egress.push({ ...base, ...portsOnly });
      // The page names only ports for these (block storage, DNS, updates on the private network): any peer.
      else if (placeholderOnly && match.ports.length > 0) result.egress.push({ ...base, ...portsOnly });
    } else if (nets.length > 0 || match.ports.length > 0 || plan.destinationAny) {
      // Inbound traffic ends at the worker nodes the policy selects; the page gives no source address for it.
      // Without an address or a port the rule would let anything in, so it stays a comment (unless it says any).
      if (nets.length > 0) result.ingress.push({ ...base, destination: { nets, ...ports } });
      if (plan.destinationAny || (nets.length === 0 && match.ports.length > 0)) result.ingress.push({ ...base, ...portsOnly });
    }
  }
  return result;
}

/** A resource with its comment lines after its "---", before its first field. */
function document(contents: unknown, comment: string[]): Document {
  const doc = yamlDocument(contents);
  if (comment.length > 0 && doc.contents) doc.contents.commentBefore = commentText(comment);
  return doc;
}

// For rules that belong on another machine's firewall: nothing here holds them, commented or not.
const ELSEWHERE_WORDING: RuleWording = {
  openSource: "not an address, so that firewall's rule matches any source",
  placeholderDestination: 'not an address; fill it in on that firewall',
};

const WORDING: Record<Direction, RuleWording> = {
  outbound: {
    openSource: 'not an address; the policy applies to the worker nodes it selects',
    placeholderDestination: 'not an address: the rule allows its ports to any destination; narrow it with nets once you know them',
  },
  inbound: {
    openSource: 'not an address, so the rule allows any source',
    placeholderDestination: 'allowed as ingress to the worker nodes the policy selects',
  },
  'between-workers': {
    openSource: 'the worker selector stands for it',
    placeholderDestination: 'the worker selector stands for it',
  },
};

function commentRuleItems(doc: Document, key: 'egress' | 'ingress', rules: PolicyRule[]): void {
  const seq = doc.getIn(['spec', key], true);
  if (!(seq instanceof YAMLSeq)) return;
  let index = 0;
  for (const rule of rules) {
    const count = rule[key].length;
    const first = seq.items[index];
    if (count > 0 && first instanceof YAMLMap) first.commentBefore = commentText([rule.plan.comment]);
    index += count;
  }
}

export function renderCalico(answer: Answer): string {
  const base = exportBaseName(answer);
  const plans = planAnswer(answer);
  const sets = new Map<string, NetworkSet>();
  const setFor = (plan: PlannedRule): NetworkSet => {
    const nets = plan.destinationAddresses.map((e) => e.value);
    const key = nets.join(' ');
    if (!sets.has(key)) {
      const taken = new Set([...sets.values()].map((s) => s.name));
      sets.set(key, { name: uniqueName(resourceName(`${base}-${plan.rule.id.replace(/\./g, '-')}`), taken), nets, ruleId: plan.rule.id });
    }
    return sets.get(key)!;
  };
  const policyRules = plans.map((plan) => calicoRules(plan, setFor));

  const header = [
    ...describeExport(answer, 'Calico resources'),
    '',
    'Apply with: calicoctl apply -f FILE (or kubectl apply -f FILE where the Calico API server is installed).',
    "One policy per worker interface, selected by the role label IBM gives the workers' host endpoints",
    `(${WORKER_ROLES.map(roleSelector).join(', ')}); the policies only allow traffic: keep IBM's default policies.`,
    'Calico policies are stateful: replies to an allowed connection are allowed without a rule of their own.',
    'Rules that start or end elsewhere (your workstation, a load balancer IP) belong on that firewall and are',
    'listed in the comments only. Calico nets hold addresses only: host names, placeholders and address lists',
    'kept elsewhere are listed in the comments too.',
  ];

  const explain = (rule: PolicyRule) => {
    const { plan } = rule;
    const written = rule.egress.length + rule.ingress.length > 0;
    const why =
      rule.roles.length === 0
        ? '  (not a worker node rule: it belongs on the firewall of the machine it starts or ends at)'
        : '  (not written as a Calico rule: it names no address or port to hold on to, or its port is not known yet)';
    const addresses = rule.roles.length === 0 && plan.destinationAddresses.length > 0 ? [`  to ${plan.destinationAddresses.map((e) => e.value).join(', ')}`] : [];
    const wording = rule.roles.length === 0 ? ELSEWHERE_WORDING : WORDING[plan.rule.direction];
    return ['', ...explainRule(plan, wording), ...addresses, ...(written ? [] : [why])];
  };
  const trailer = describeTrailer(answer, plans);
  const elsewhere = policyRules.filter((r) => r.roles.length === 0);
  const policies: Document[] = [];
  const optional: string[] = [];
  for (const role of WORKER_ROLES) {
    const mine = policyRules.filter((r) => r.roles.includes(role));
    const active = mine.filter((r) => r.plan.active);
    const egress = active.filter((r) => r.egress.length > 0);
    const ingress = active.filter((r) => r.ingress.length > 0);
    for (const r of mine.filter((r) => !r.plan.active && r.egress.length + r.ingress.length > 0)) {
      optional.push('', ...explain(r).slice(1), `  to enable it, add to spec of the ${roleSelector(role)} policy:`);
      optional.push(...stringifySnippet({ ...(r.ingress.length > 0 ? { ingress: r.ingress } : {}), ...(r.egress.length > 0 ? { egress: r.egress } : {}) }).trimEnd().split('\n').map((l) => `    ${l}`));
    }
    if (egress.length + ingress.length === 0) continue;
    const spec: Record<string, unknown> = {
      selector: roleSelector(role),
      order: POLICY_ORDER,
      types: [...(ingress.length > 0 ? ['Ingress'] : []), ...(egress.length > 0 ? ['Egress'] : [])],
    };
    if (ingress.length > 0) spec.ingress = ingress.flatMap((r) => r.ingress);
    if (egress.length > 0) spec.egress = egress.flatMap((r) => r.egress);
    const comments = ['The rules of this policy, one by one:', ...[...ingress, ...egress].flatMap(explain)];
    // A policy name holds no dot: Calico reads the part before a dot as the name of a policy tier.
    const policy = document(
      { apiVersion: CALICO_API_VERSION, kind: 'GlobalNetworkPolicy', metadata: { name: resourceName(`${base}-${role}`, false) }, spec },
      comments,
    );
    commentRuleItems(policy, 'ingress', ingress);
    commentRuleItems(policy, 'egress', egress);
    policies.push(policy);
  }
  const docs = [
    ...[...sets.values()].map((set) =>
      document(
        {
          apiVersion: CALICO_API_VERSION,
          kind: 'GlobalNetworkSet',
          metadata: { name: set.name, labels: { [SET_LABEL]: set.name } },
          spec: { nets: set.nets },
        },
        [`Destination addresses of ${set.ruleId}`],
      ),
    ),
    ...policies,
  ];

  const unwritten = policyRules.filter((r) => r.roles.length > 0 && r.egress.length + r.ingress.length === 0);
  const out = [...header];
  if (policies.length === 0) out.push('', 'Nothing here can be an active Calico rule.');
  if (optional.length > 0) out.push('', `Optional rules, left out (to write them as rules, ${ASK_FOR_OPTIONAL}):`, ...optional);
  if (unwritten.length > 0) out.push('', 'Worker node rules that cannot be Calico rules:', ...unwritten.flatMap(explain));
  if (elsewhere.length > 0) out.push('', 'Rules for other firewalls:', ...elsewhere.flatMap(explain));
  if (trailer.length > 0) out.push('', ...trailer);
  return yamlStream(docs, out);
}

export const calicoExporter: Exporter = {
  id: 'calico',
  title: 'Calico policy (YAML)',
  fileExtension: 'yaml',
  mimeType: 'application/yaml',
  render: renderCalico,
};
