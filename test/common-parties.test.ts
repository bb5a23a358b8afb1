import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { BUNDLED_DATA_DIR, listEditions } from '../src/data-files/load.js';
import { runCli } from './helpers/cli.js';
import { shippedDataset } from './helpers/dataset.js';

// Roles that do not depend on the page (data/common-parties.yml) serve every edition: the workstation a question's
// "from <address>" fills, and the master a pasted master URL is read as. Each edition overrides only what its own
// parties.yml gives.

type PartyYaml = { id: string } & Record<string, unknown>;
const partiesIn = (file: string): PartyYaml[] => (parse(readFileSync(file, 'utf8')) as { parties: PartyYaml[] }).parties;

const common = new Map(partiesIn(path.join(BUNDLED_DATA_DIR, 'common-parties.yml')).map((p) => [p.id, p]));
const { ids: editions } = await listEditions();
const newest = editions.at(-1)!;

interface JsonEndpoint { kind: string; value: string; party?: string }
interface JsonRule { id: string; sources: JsonEndpoint[]; destinations: JsonEndpoint[] }

describe.each(editions)('common parties in the %s edition', (edition) => {
  const own = partiesIn(path.join(BUNDLED_DATA_DIR, 'editions', edition, 'parties.yml'));
  // Where the CLI answers from this edition by default, it is asked without --edition, as a user would.
  const editionArgs = edition === newest ? [] : ['--edition', edition];
  const cli = (args: string[]) => runCli([...args, ...editionArgs], { PORTHOLE_EDITION: undefined });

  it('each listed party takes the common definition, with the edition\'s own fields over it', async () => {
    const dataset = await shippedDataset(edition);
    expect([...dataset.parties.keys()]).toEqual(own.map((p) => p.id));
    const shared = own.filter((p) => common.has(p.id));
    expect(shared.map((p) => p.id)).toContain('workstation');
    for (const entry of shared) {
      const party = dataset.parties.get(entry.id)!;
      for (const [field, value] of Object.entries(common.get(entry.id)!)) expect(party[field as keyof typeof party], `${entry.id}.${field}`).toEqual(entry[field] ?? value);
    }
  });

  it('"from <address>" is the workstation\'s address in the answer and in an iptables export', async () => {
    const dataset = await shippedDataset(edition);
    const workstation = [...dataset.parties.values()].filter((p) => p.questionSource).map((p) => p.id);
    expect(workstation).toEqual(['workstation']);
    const json = cli(['ask', 'kubectl in eu-de from 203.0.113.7', '--format', 'json']);
    expect(json.status, json.stderr).toBe(0);
    const rules = (JSON.parse(json.stdout) as { rules: JsonRule[] }).rules;
    const fromWorkstation = rules.flatMap((r) => r.sources).filter((e) => e.party === 'workstation');
    expect(fromWorkstation.length).toBeGreaterThan(0);
    expect(fromWorkstation.every((e) => e.kind === 'ip' && e.value === '203.0.113.7')).toBe(true);

    const iptables = cli(['ask', 'kubectl in eu-de from 203.0.113.7 as iptables']);
    expect(iptables.status, iptables.stderr).toBe(0);
    const active = iptables.stdout.split('\n').filter((l) => l.startsWith('-A '));
    expect(active.length).toBeGreaterThan(0);
    expect(active.every((l) => l.includes(' -s 203.0.113.7 ')), active.join('\n')).toBe(true);
  });

  it('a pasted master URL and master host:port are read as the master, with the rules to it', async () => {
    const dataset = await shippedDataset(edition);
    const toMaster = [...dataset.scenarios.values()].flatMap((s) => s.rules.filter((r) => r.to.some((e) => 'party' in e && e.party === 'master')).map((r) => r.id));
    expect(toMaster.length).toBeGreaterThan(0);
    const region = dataset.regions[0]!.id;
    for (const input of [`https://c3.${region}.containers.cloud.ibm.com:31142`, `c3.${region}.containers.cloud.ibm.com:31142`]) {
      const run = cli(['why', input, '--format', 'json']);
      expect(run.status, run.stderr).toBe(0);
      const finding = (JSON.parse(run.stdout) as { findings: { listed: boolean; listings: { regions: string[]; rules: { rule: string }[] }[] }[] }).findings[0]!;
      expect(finding.listed, input).toBe(true);
      expect(finding.listings[0]!.regions).toEqual([region]);
      expect(finding.listings[0]!.rules.map((r) => r.rule).sort()).toEqual([...new Set(toMaster)].sort());
    }
  });
});
