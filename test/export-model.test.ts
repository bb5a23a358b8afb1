import { parse } from 'csv-parse/sync';
import { parseAllDocuments } from 'yaml';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Answer } from '../src/core/answer.js';
import type { Dataset } from '../src/core/dataset/build.js';
import { ask } from '../src/core/resolve/resolve.js';
import { CSV_COLUMNS } from '../src/export/csv.js';
import { EXPORTERS } from '../src/export/index.js';
import { runCli } from './helpers/cli.js';
import { shippedDataset } from './helpers/dataset.js';
import { everyAnswer, MODEL_FIELDS, modelFieldsAnswer, type NamedAnswer } from './helpers/export-answers.js';

// What every export makes of the answer model's fields: the rule's need (required, optional, a condition),
// optional rules left commented out unless asked for, allowlists on IBM's side never written as rules, and a
// destination of any address. The tools that read each format check these answers in export-formats.test.ts.

let dataset: Dataset;
let answer: Answer;
let withOptional: Answer;
let answers: NamedAnswer[];
beforeAll(async () => {
  dataset = await shippedDataset();
  answer = await modelFieldsAnswer();
  withOptional = { ...answer, query: { ...answer.query, includeOptional: true } };
  answers = await everyAnswer(dataset);
});

const ruleLine = { iptables: /^(# )?-A PORTHOLE-/, nftables: /^\s*(# )?(ip |tcp |udp |meta |accept ).*accept comment "/ } as const;
const active = (line: string) => !line.trimStart().startsWith('#');

function linesOf(format: 'iptables' | 'nftables', text: string, ruleId: string): string[] {
  return text.split('\n').filter((l) => ruleLine[format].test(l) && l.includes(`"${ruleId} [`));
}

describe.each(['iptables', 'nftables'] as const)('%s export of the model fields', (format) => {
  it("says in each rule's own comment whether it is required, optional or under which condition", () => {
    const text = EXPORTERS[format].render(answer);
    const conditional = linesOf(format, text, MODEL_FIELDS.condition.rule);
    expect(conditional.length).toBeGreaterThan(0);
    for (const line of conditional) expect(line).toContain(`${MODEL_FIELDS.condition.rule} [required ${MODEL_FIELDS.condition.text}]`);
    for (const line of linesOf(format, text, MODEL_FIELDS.optional)) expect(line).toContain(`${MODEL_FIELDS.optional} [optional]`);
    for (const rule of answer.rules.filter((r) => !r.allowlist)) {
      for (const line of linesOf(format, text, rule.id)) expect(line).toMatch(/ \[(required|optional)[^\]]*\]: /);
    }
  });

  it('writes optional rules commented out, and active when asked for', () => {
    const off = linesOf(format, EXPORTERS[format].render(answer), MODEL_FIELDS.optional);
    const on = linesOf(format, EXPORTERS[format].render(withOptional), MODEL_FIELDS.optional);
    expect(off.length).toBeGreaterThan(0);
    expect(off.filter(active)).toEqual([]);
    expect(on.filter(active).length).toBeGreaterThan(0);
    // Required rules stay as they are either way.
    expect(linesOf(format, EXPORTERS[format].render(answer), MODEL_FIELDS.condition.rule).filter(active).length).toBeGreaterThan(0);
  });

  it('never writes an allowlist as a rule, and says where it went', () => {
    const text = EXPORTERS[format].render(withOptional);
    expect(linesOf(format, text, MODEL_FIELDS.allowlist)).toEqual([]);
    expect(text).toMatch(new RegExp(`Not firewall rules[^\\n]*allowlists[\\s\\S]*${MODEL_FIELDS.allowlist.replace('.', '\\.')}`));
  });

  it('writes a destination of any address as an active rule without a destination match', () => {
    const lines = linesOf(format, EXPORTERS[format].render(answer), MODEL_FIELDS.anyDestination);
    expect(lines.length).toBe(1);
    expect(active(lines[0]!)).toBe(true);
    expect(lines[0]).not.toMatch(/ -d |daddr/);
    expect(lines[0]).toMatch(/dport 443/);
  });

  it('states its return-traffic assumption and carries the established-connections rule, commented out', () => {
    const text = EXPORTERS[format].render(answer);
    expect(text).toMatch(/Return traffic: [\s\S]*enable the rule below/);
    const conntrack = format === 'iptables' ? '# -A PORTHOLE-OUTBOUND -m conntrack --ctstate ESTABLISHED,RELATED -j ACCEPT' : '# ct state established,related accept';
    expect(text.split('\n').map((l) => l.trim())).toContain(conntrack);
  });
});

describe('Calico export of the model fields', () => {
  const rulesOf = (a: Answer) =>
    parseAllDocuments(EXPORTERS.calico.render(a))
      .map((d) => d.toJS() as { kind: string; spec: { egress?: { protocol?: string; destination?: Record<string, unknown> }[] } })
      .filter((d) => d.kind === 'GlobalNetworkPolicy')
      .flatMap((d) => d.spec.egress ?? []);

  it('adds optional rules only when asked for, and lists them with the YAML to add otherwise', () => {
    const text = EXPORTERS.calico.render(answer);
    expect(text).toMatch(new RegExp(`Optional rules, left out[\\s\\S]*${MODEL_FIELDS.optional.replace('.', '\\.')}[\\s\\S]*to enable it, add`));
    expect(rulesOf(withOptional).length).toBeGreaterThan(rulesOf(answer).length);
  });

  it('writes any address as an egress rule with ports and no destination nets or selector', () => {
    expect(rulesOf(answer)).toContainEqual({ action: 'Allow', protocol: 'TCP', destination: { ports: [443] } });
  });

  it('lists the allowlist in the comments only', () => {
    const text = EXPORTERS.calico.render(answer);
    const yamlLines = text.split('\n').filter((l) => !l.trimStart().startsWith('#'));
    expect(yamlLines.join('\n')).not.toContain(MODEL_FIELDS.allowlist);
    expect(text).toMatch(/Not firewall rules/);
  });
});

describe('CSV export of the model fields', () => {
  const rows = (a: Answer) => {
    const [header, ...records] = parse(EXPORTERS.csv.render(a)) as string[][];
    return records.map((r) => Object.fromEntries(header!.map((h, i) => [h, r[i]!])) as Record<(typeof CSV_COLUMNS)[number], string>);
  };

  it('has a Condition column, no allowlist rows, 0.0.0.0/0 for any address and says which optional rows to open', () => {
    const all = rows(answer);
    expect(all.filter((r) => r.Rule === MODEL_FIELDS.condition.rule).every((r) => r.Condition === MODEL_FIELDS.condition.text)).toBe(true);
    expect(all.some((r) => r.Rule === MODEL_FIELDS.allowlist)).toBe(false);
    expect(all.filter((r) => r.Rule === MODEL_FIELDS.anyDestination).map((r) => r.Destination)).toEqual(['0.0.0.0/0']);
    const optional = all.filter((r) => r.Rule === MODEL_FIELDS.optional);
    expect(optional.length).toBeGreaterThan(0);
    for (const r of optional) expect(r.Action).toMatch(/optional/);
    for (const r of rows(withOptional).filter((r) => r.Rule === MODEL_FIELDS.optional && r.Destination)) expect(r.Action).not.toMatch(/optional/);
  });
});

describe('comments that point at a commented rule', () => {
  it('say "fill in the commented rule below" only where such a rule follows, in every export', () => {
    let seen = 0;
    for (const { name, answer: a } of answers) {
      for (const format of ['iptables', 'nftables', 'calico'] as const) {
        // One block per rule: the comment lines about it and the lines written for it, up to an empty comment line.
        for (const block of EXPORTERS[format].render(a).split(/\n\s*#?\s*\n/)) {
          if (!block.includes('fill in the commented rule below')) continue;
          seen++;
          expect(block, `${name} ${format}`).toMatch(/^\s*# (-A PORTHOLE-|ip |tcp |udp |meta ).*<[^>]+>/m);
        }
      }
    }
    expect(seen).toBeGreaterThan(0);
  });
});

describe('porthole ask --with-optional', () => {
  it('writes optional rules active, as "including optional" does', () => {
    // An optional rule of the default edition's answer, which the CLI answers from.
    const rule = ask('everything in eu-de', dataset).rules.find((r) => !r.required && !r.condition && r.destinations.some((e) => ['ip', 'cidr', 'any'].includes(e.kind)))!;
    expect(rule).toBeDefined();
    const off = runCli(['ask', 'everything in eu-de', '--format', 'iptables']);
    const on = runCli(['ask', 'everything in eu-de', '--format', 'iptables', '--with-optional']);
    expect(on.status).toBe(0);
    const optional = (text: string) => text.split('\n').filter((l) => l.includes(`"${rule.id} [optional]`));
    expect(optional(off.stdout).filter(active)).toEqual([]);
    expect(optional(on.stdout).filter(active).length).toBeGreaterThan(0);
    expect(ask('worker outbound in eu-de', dataset).query.includeOptional).not.toBe(true);
  });
});
