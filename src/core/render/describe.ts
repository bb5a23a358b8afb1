import type { Answer, AnswerRule, DatasetInfo } from '../answer.js';
import type { Protocol } from '../dataset/schema.js';

// Wording shared by every renderer (terminal, Slack, exporters), so they describe an answer alike.

const PROTOCOL_NAMES: Record<Protocol, string> = {
  tcp: 'TCP',
  udp: 'UDP',
  vrrp: 'VRRP (IP protocol 112)',
  ipencap: 'IPEncap / IP-in-IP (IP protocol 4)',
  all: 'all traffic',
};

export function describeProtocols(protocols: readonly Protocol[]): string {
  return protocols.map((p) => PROTOCOL_NAMES[p]).join(', ');
}

/** "required", "optional", "required if you use load balancer services": whether and when a rule is needed. */
export function describeNeed(rule: Pick<AnswerRule, 'required' | 'condition' | 'ended'>): string {
  if (rule.ended) return `ended ${rule.ended}: neither required nor optional`;
  const condition = rule.condition ? (/^(?:if|when|to|for|until)\b/i.test(rule.condition) ? rule.condition : `if ${rule.condition}`) : '';
  return `${rule.required ? 'required' : 'optional'}${condition ? ` ${condition}` : ''}`;
}

/**
 * Where an answer's facts come from and how old they are: "updated 2019-03-04" for a page edition; for an
 * edition with imported addresses both parts, "page edition of 2025-07-08; addresses IBM-Cloud/kube-samples
 * 7057ed0 of 2026-06-16".
 */
export function describeSources(info: Pick<DatasetInfo, 'lastUpdated' | 'page' | 'addresses'>): string {
  if (!info.addresses) return `updated ${info.lastUpdated}`;
  const page = info.page ? `page edition of ${info.page.date}` : `updated ${info.lastUpdated}`;
  return `${page}; addresses ${info.addresses.repository} ${info.addresses.commit.slice(0, 7)} of ${info.addresses.date}`;
}

/** "kubectl commands in eu-de (zone fra02) for cluster demo-fra" */
export function describeSubject(answer: Answer): string {
  return `${answer.title || 'porthole'}${describeWhere(answer)}`;
}

export function describeWhere(answer: Answer): string {
  const { region, zone } = answer.query;
  const parts: string[] = [];
  if (region) parts.push(` in ${region}${zone ? ` (zone ${zone})` : ''}`);
  if (answer.cluster) parts.push(` for cluster ${answer.cluster.name}`);
  return parts.join('');
}
