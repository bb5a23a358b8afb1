import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Ajv, type ValidateFunction } from 'ajv';
import { parse as parseYaml, parseAllDocuments } from 'yaml';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Dataset } from '../src/core/dataset/build.js';
import { isIPv4Cidr, isIPv4OrCidr } from '../src/core/net.js';
import { ask } from '../src/core/resolve/resolve.js';
import { EXPORTERS } from '../src/export/index.js';
import { shippedDataset } from './helpers/dataset.js';
import { everyAnswer, exampleCluster, type NamedAnswer } from './helpers/export-answers.js';
import { needsShared, SHARED_DIR } from './helpers/requirements.js';

// The Calico export checked the way Calico checks it: against the openAPIV3Schema of Calico's own CRDs (with
// unknown fields rejected, as the API server prunes and calicoctl rejects them), plus the rules of Calico's
// validator that a schema cannot say.

const policyCrd = needsShared('calico-crds/globalnetworkpolicies.yaml');
const setCrd = needsShared('calico-crds/globalnetworksets.yaml');

type Schema = Record<string, unknown>;

/** An openAPIV3Schema as JSON Schema for ajv: int-or-string spelled out, unknown fields rejected. */
function jsonSchema(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(jsonSchema);
  if (node === null || typeof node !== 'object') return node;
  const source = node as Schema;
  const out: Schema = {};
  for (const [key, value] of Object.entries(source)) {
    if (key === 'description' || key.startsWith('x-kubernetes-')) continue;
    out[key] = key === 'properties' ? Object.fromEntries(Object.entries(value as Schema).map(([k, v]) => [k, jsonSchema(v)])) : jsonSchema(value);
  }
  if (source['x-kubernetes-int-or-string'] === true) {
    delete out.type;
    return { anyOf: [{ type: 'integer' }, { type: 'string', ...out }] };
  }
  if (out.type === 'object' && out.properties && out.additionalProperties === undefined) out.additionalProperties = false;
  return out;
}

function crdValidator(file: string): ValidateFunction {
  const crd = parseYaml(readFileSync(path.join(SHARED_DIR, 'calico-crds', file), 'utf8')) as {
    spec: { versions: { schema: { openAPIV3Schema: unknown } }[] };
  };
  return new Ajv({ allErrors: true, strict: false }).compile(jsonSchema(crd.spec.versions[0]!.schema.openAPIV3Schema) as Schema);
}

// Calico's selector grammar, as much of it as a policy may use: comparisons, set membership, has(), all(),
// negation, parentheses, && and ||.
function selectorProblem(selector: string): string | null {
  const tokens = selector.match(/\s*(&&|\|\||==|!=|!|\(|\)|\{|\}|,|'[^']*'|"[^"]*"|[A-Za-z0-9_./-]+)/gy);
  if (!tokens || tokens.join('').length !== selector.length) return `cannot read "${selector}"`;
  const t = tokens.map((x) => x.trim());
  let i = 0;
  const isKey = (x: string | undefined) => !!x && /^[A-Za-z0-9_./-]+$/.test(x);
  const isValue = (x: string | undefined) => !!x && /^('[^']*'|"[^"]*")$/.test(x);
  const term = (): boolean => {
    if (t[i] === '!') i++;
    if (t[i] === '(') {
      i++;
      if (!expr() || t[i] !== ')') return false;
      i++;
      return true;
    }
    if ((t[i] === 'all' || t[i] === 'has') && t[i + 1] === '(') {
      const all = t[i] === 'all';
      i += 2;
      if (!all) {
        if (!isKey(t[i])) return false;
        i++;
      }
      return t[i++] === ')';
    }
    if (!isKey(t[i])) return false;
    i++;
    if (t[i] === '==' || t[i] === '!=') return isValue(t[++i]) && ++i > 0;
    if (t[i] === 'not') i++;
    if (t[i] !== 'in' || t[i + 1] !== '{') return false;
    i += 2;
    do {
      if (!isValue(t[i])) return false;
      i++;
    } while (t[i] === ',' && ++i > 0);
    return t[i++] === '}';
  };
  const expr = (): boolean => {
    if (!term()) return false;
    while (t[i] === '&&' || t[i] === '||') {
      i++;
      if (!term()) return false;
    }
    return true;
  };
  return expr() && i === t.length ? null : `not a Calico selector: "${selector}"`;
}

const DNS_SUBDOMAIN = /^(?=.{1,253}$)[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const LABEL_VALUE = /^(?=.{0,63}$)([A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?)?$/;
const PORTED_PROTOCOLS = new Set<unknown>(['TCP', 'UDP', 'SCTP', 6, 17, 132]);
const PROTOCOLS = new Set<unknown>(['TCP', 'UDP', 'ICMP', 'ICMPv6', 'SCTP', 'UDPLite']);

interface CalicoEntity {
  selector?: string;
  nets?: string[];
  notNets?: string[];
  ports?: (number | string)[];
  notPorts?: (number | string)[];
}
interface CalicoRule {
  action: string;
  protocol?: string | number;
  source?: CalicoEntity;
  destination?: CalicoEntity;
}

function portProblem(port: number | string): string | null {
  if (typeof port === 'number') return Number.isInteger(port) && port >= 1 && port <= 65535 ? null : `port ${port} out of 1-65535`;
  const range = /^(\d+):(\d+)$/.exec(port);
  if (range) return Number(range[1]) >= 1 && Number(range[2]) <= 65535 && Number(range[1]) <= Number(range[2]) ? null : `bad port range ${port}`;
  return /^[a-z0-9]([-a-z0-9]{0,13}[a-z0-9])?$/.test(port) && /[a-z]/.test(port) ? null : `bad named port ${port}`;
}

/** What Calico's validator says of a rule beyond the schema. */
function ruleProblems(rule: CalicoRule): string[] {
  const problems: string[] = [];
  if (!['Allow', 'Deny', 'Log', 'Pass'].includes(rule.action)) problems.push(`action ${rule.action}`);
  const p = rule.protocol;
  if (p !== undefined && !(typeof p === 'number' ? Number.isInteger(p) && p >= 1 && p <= 255 : PROTOCOLS.has(p))) problems.push(`protocol ${p}`);
  for (const side of [rule.source, rule.destination]) {
    if (!side) continue;
    for (const net of [...(side.nets ?? []), ...(side.notNets ?? [])]) if (!isIPv4Cidr(net)) problems.push(`invalid CIDR ${net}`);
    const ports = [...(side.ports ?? []), ...(side.notPorts ?? [])];
    if (ports.length > 0 && !PORTED_PROTOCOLS.has(p)) problems.push(`ports with protocol ${p}`);
    problems.push(...ports.map(portProblem).filter((x): x is string => x !== null));
    if (side.selector !== undefined) {
      const problem = selectorProblem(side.selector);
      if (problem) problems.push(problem);
    }
  }
  return problems;
}

interface Checked {
  sets: Map<string, string[]>;
  policies: { name: string; selector: string; types: string[]; ingress: CalicoRule[]; egress: CalicoRule[] }[];
}

/** Validates every document of a Calico export as Calico would, failing the test with the file and the problem. */
function checkCalico(name: string, text: string, validators: { policy: ValidateFunction; set: ValidateFunction }): Checked {
  const checked: Checked = { sets: new Map(), policies: [] };
  const usedSets = new Set<string>();
  for (const doc of parseAllDocuments(text)) {
    expect(doc.errors, name).toEqual([]);
    expect(doc.toString(), `${name}: no YAML aliases`).not.toMatch(/^\s*[-\w]+:\s+[&*]\w+/m);
    const value = doc.toJS() as { apiVersion: string; kind: string; metadata: { name: string; labels?: Record<string, string> }; spec: Record<string, unknown> };
    expect(value.apiVersion, name).toBe('projectcalico.org/v3');
    expect(value.metadata.name, `${name}: name`).toMatch(DNS_SUBDOMAIN);
    for (const [k, v] of Object.entries(value.metadata.labels ?? {})) {
      expect(k, name).toMatch(/^([a-z0-9.-]+\/)?[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/);
      expect(v, name).toMatch(LABEL_VALUE);
    }
    if (value.kind === 'GlobalNetworkSet') {
      const valid = validators.set(value);
      expect(valid, `${name} ${value.metadata.name}: ${JSON.stringify(validators.set.errors)}`).toBe(true);
      const nets = value.spec.nets as string[];
      for (const net of nets) expect(isIPv4OrCidr(net), `${name}: ${net}`).toBe(true);
      checked.sets.set(value.metadata.labels!['porthole/set']!, nets);
      continue;
    }
    expect(value.kind, name).toBe('GlobalNetworkPolicy');
    const valid = validators.policy(value);
    expect(valid, `${name} ${value.metadata.name}: ${JSON.stringify(validators.policy.errors)}`).toBe(true);
    expect(value.metadata.name.split('.').length, `${name}: a policy name holds at most one dot`).toBeLessThanOrEqual(2);
    const spec = value.spec as { selector: string; types: string[]; ingress?: CalicoRule[]; egress?: CalicoRule[] };
    expect(selectorProblem(spec.selector), name).toBeNull();
    const ingress = spec.ingress ?? [];
    const egress = spec.egress ?? [];
    // A type without rules would deny all traffic in that direction; rules without their type would be ignored.
    expect([...spec.types].sort(), `${name}: types`).toEqual([...(egress.length > 0 ? ['Egress'] : []), ...(ingress.length > 0 ? ['Ingress'] : [])]);
    for (const rule of [...ingress, ...egress]) {
      expect(ruleProblems(rule), `${name}: ${JSON.stringify(rule)}`).toEqual([]);
      const setName = /^porthole\/set == '(.+)'$/.exec(rule.destination?.selector ?? '')?.[1];
      if (setName) usedSets.add(setName);
    }
    checked.policies.push({ name: value.metadata.name, selector: spec.selector, types: spec.types, ingress, egress });
  }
  expect([...usedSets].filter((s) => !checked.sets.has(s)), `${name}: selected sets are defined`).toEqual([]);
  expect([...checked.sets.keys()].filter((s) => !usedSets.has(s)), `${name}: every set is selected`).toEqual([]);
  return checked;
}

let dataset: Dataset;
let answers: NamedAnswer[];
beforeAll(async () => {
  dataset = await shippedDataset();
  answers = await everyAnswer(dataset);
});

describe.skipIf(!policyCrd.available || !setCrd.available)(`Calico export, checked against Calico's CRDs${policyCrd.note}${setCrd.note}`, () => {
  let validators: { policy: ValidateFunction; set: ValidateFunction };
  beforeAll(() => {
    policyCrd.assert();
    setCrd.assert();
    validators = { policy: crdValidator('globalnetworkpolicies.yaml'), set: crdValidator('globalnetworksets.yaml') };
  });

  it('every scenario and region, with and without cluster facts, as optional rules left out and included', () => {
    let policies = 0;
    let rules = 0;
    for (const { name, answer } of answers) {
      for (const includeOptional of [false, true]) {
        const text = EXPORTERS.calico.render({ ...answer, query: { ...answer.query, includeOptional } });
        const checked = checkCalico(`${name}${includeOptional ? ' with optional' : ''}`, text, validators);
        policies += checked.policies.length;
        rules += checked.policies.reduce((n, p) => n + p.ingress.length + p.egress.length, 0);
        for (const policy of checked.policies) expect(["ibm.role == 'worker_public'", "ibm.role == 'worker_private'"]).toContain(policy.selector);
        // A rule whose addresses have all ended is never exported (test/ended-rows.test.ts).
        for (const rule of answer.rules.filter((r) => r.ended === undefined)) expect(text, `${name}: ${rule.id} is shown`).toContain(rule.id);
      }
    }
    expect(policies).toBeGreaterThan(50);
    expect(rules).toBeGreaterThan(500);
  });

  it('turns the bare worker addresses of an inbound rule into /32 networks (demo-fra)', async () => {
    const cluster = await exampleCluster(dataset);
    const text = EXPORTERS.calico.render(ask(`everything for cluster ${cluster.name}`, dataset, { cluster }));
    const checked = checkCalico('everything demo-fra', text, validators);
    const inboundNets = checked.policies.flatMap((p) => p.ingress.flatMap((r) => r.destination?.nets ?? []));
    const workerIps = cluster.workers.flatMap((w) => [w.publicIp, w.privateIp]).filter((ip): ip is string => !!ip);
    expect(inboundNets.length).toBeGreaterThan(0);
    for (const ip of workerIps) expect(inboundNets.includes(ip), ip).toBe(false);
    expect(workerIps.some((ip) => inboundNets.includes(`${ip}/32`))).toBe(true);
  });

  it('fails on what calicoctl rejects, so the checks above prove something', () => {
    const broken = (spec: string, name = 'porthole-test') => `apiVersion: projectcalico.org/v3\nkind: GlobalNetworkPolicy\nmetadata:\n  name: ${name}\nspec:\n${spec}`;
    const fine = "  selector: all()\n  types: [Egress]\n  egress:\n    - action: Allow\n      protocol: TCP\n      destination:\n        nets: [192.0.2.1/32]\n        ports: [443, '20000:32767']\n";
    expect(() => checkCalico('fine', broken(fine), validators)).not.toThrow();
    const cases = [
      broken(fine, 'default.a.b'),
      broken("  selector: all()\n  types: [Egress]\n  egress:\n    - action: Allow\n      destination:\n        nets: [192.0.2.1]\n"),
      broken("  selector: all()\n  types: [Egress]\n  egress:\n    - action: Allow\n      protocol: TCP\n      destination:\n        ports: ['30000:20000']\n"),
      broken("  selector: all()\n  types: [Ingress, Egress]\n  egress:\n    - action: Allow\n"),
      broken("  selector: ibm.role = 'x'\n  types: [Egress]\n  egress:\n    - action: Allow\n"),
      broken("  selector: all()\n  types: [Egress]\n  egress:\n    - action: Allow\n      destintion: {}\n"),
    ];
    for (const text of cases) expect(() => checkCalico('broken', text, validators)).toThrow();
  });
});

describe('Calico export', () => {
  // This test and the next ask about the 2019 page's rules (its registry, block storage and kubelet rules, its
  // 20000-32767 master ports).
  it("puts each rule in the policy of the worker interface it starts or ends at, and workstation rules in none", async () => {
    const dataset = await shippedDataset('2019-03-04');
    const policiesOf = (question: string) =>
      parseAllDocuments(EXPORTERS.calico.render(ask(question, dataset)))
        .map((d) => d.toJS() as { kind: string; spec: { selector: string; egress?: unknown[]; ingress?: unknown[] } })
        .filter((v) => v.kind === 'GlobalNetworkPolicy');
    expect(policiesOf('kubectl in eu-de')).toEqual([]);
    expect(EXPORTERS.calico.render(ask('kubectl in eu-de', dataset))).toMatch(/kubectl\.master[\s\S]*not a worker node rule/);
    const outbound = policiesOf('registry in eu-de');
    expect(outbound.map((p) => p.spec.selector)).toEqual(["ibm.role == 'worker_public'"]);
    const privateOnly = policiesOf('block storage');
    expect(privateOnly.map((p) => p.spec.selector)).toEqual(["ibm.role == 'worker_private'"]);
    const kubelet = policiesOf('kubectl logs');
    expect(kubelet.map((p) => [p.spec.selector, (p.spec.ingress ?? []).length > 0])).toEqual([["ibm.role == 'worker_private'", true]]);
  });

  it('quotes port ranges, so that YAML 1.1 readers do not take them for base-60 numbers', async () => {
    const text = EXPORTERS.calico.render(ask('worker outbound in eu-de', await shippedDataset('2019-03-04')));
    expect(text).toContain("- '20000:32767'");
  });
});
