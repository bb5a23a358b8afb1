import { beforeAll, describe, expect, it } from 'vitest';
import type { ClusterFacts } from '../src/core/answer.js';
import type { Dataset } from '../src/core/dataset/build.js';
import { chooseEdition, newerEditions } from '../src/core/dataset/editions.js';
import { diffEditions, networkKey, sameNetwork } from '../src/core/diff/diff.js';
import { changeEditions, parseChangeQuestion } from '../src/core/diff/question.js';
import { recordsSince } from '../src/core/diff/since.js';
import { explainAddress, withHistory } from '../src/core/why/index.js';
import { csvRecords } from '../src/export/csv.js';
import { ask } from '../src/core/resolve/resolve.js';
import { listEditions } from '../src/data-files/load.js';
import { runCli } from './helpers/cli.js';
import { shippedDataset } from './helpers/dataset.js';

let ids: string[];
let oldest: Dataset;
let newest: Dataset;
let y2021: Dataset;
beforeAll(async () => {
  ids = (await listEditions()).ids;
  oldest = await shippedDataset(ids[0]!);
  newest = await shippedDataset(ids.at(-1)!);
  y2021 = await shippedDataset('2021-01-19');
});

describe('choosing an edition', () => {
  const shipped = ['2019-03-04', '2021-01-19', '2025-07-08'];
  it('takes the newest by default, an id as given, and for a date the edition in force that day', () => {
    expect(chooseEdition(shipped)).toEqual({ ok: true, id: '2025-07-08' });
    expect(chooseEdition(shipped, '2021-01-19')).toEqual({ ok: true, id: '2021-01-19' });
    expect(chooseEdition(shipped, '2021-01-18')).toEqual({ ok: true, id: '2019-03-04' });
    expect(chooseEdition(shipped, '2024-12-31')).toEqual({ ok: true, id: '2021-01-19' });
    expect(chooseEdition(shipped, '2019')).toEqual({ ok: true, id: '2019-03-04' });
  });

  it('says why when no edition fits, with the editions there are', () => {
    const before = chooseEdition(shipped, '2018-06-01');
    expect(before).toMatchObject({ ok: false });
    expect(!before.ok && before.message).toMatch(/no edition was in force on 2018-06-01: the oldest is 2019-03-04/);
    const typo = chooseEdition(shipped, '2021-01-91');
    expect(!typo.ok && typo.message).toMatch(/did you mean 2021-01-19\?/);
  });

  it('lists the newer editions of an edition', () => {
    expect(newerEditions(shipped, '2019-03-04')).toEqual(['2021-01-19', '2025-07-08']);
    expect(newerEditions(shipped, '2025-07-08')).toEqual([]);
  });

  it('ships editions named after their page dates, each naming its source', () => {
    expect(ids.length).toBeGreaterThanOrEqual(2);
    for (const d of [oldest, newest, y2021]) expect(d.edition.startsWith(d.meta.lastUpdated)).toBe(true);
  });
});

describe('answers name their edition', () => {
  it('carries the edition, its date, source and the newer editions in the answer', () => {
    const answer = ask('kubectl in eu-de', oldest);
    expect(answer.dataset.edition).toMatchObject({ id: oldest.edition, date: oldest.meta.lastUpdated, covers: oldest.meta.covers });
    expect(answer.dataset.edition!.newer!.map((n) => n.id)).toEqual(ids.slice(1));
    expect(answer.notes.join('\n')).toContain(`Answered from the ${oldest.edition} edition of the page; a newer edition exists`);
    const current = ask('kubectl in eu-de', newest);
    expect(current.dataset.edition!.newer).toBeUndefined();
    expect(current.notes.join('\n')).not.toContain('a newer edition exists');
  });

  it('shows conditions as data and lists the region with the zone marked for kubectl', () => {
    const answer = ask('kubectl in fra02', y2021);
    const master = answer.rules.find((r) => r.id === 'kubectl.master')!;
    expect(master.condition).toBe(y2021.conditions.get(y2021.scenarios.get('kubectl')!.rules[0]!.condition!));
    const regionRows = y2021.tables.get('masters')!.entries.filter((e) => e.regions !== 'global' && e.regions.includes('eu-de'));
    const ips = master.destinations.filter((d) => d.kind === 'ip');
    expect(ips.map((d) => d.value)).toEqual(regionRows.flatMap((e) => e.addresses));
    const marked = ips.filter((d) => d.label.includes('your zone'));
    expect(marked.map((d) => d.value)).toEqual(regionRows.filter((e) => e.zones?.includes('fra02')).flatMap((e) => e.addresses));
  });

  it('answers the private service endpoint from the data, filled from the cluster lookup', () => {
    const cluster: ClusterFacts = {
      id: 'c1',
      name: 'demo',
      region: 'eu-de',
      zones: ['fra02'],
      masterUrl: 'https://c2.eu-de.containers.cloud.ibm.com:31142',
      masterHost: 'c2.eu-de.containers.cloud.ibm.com',
      masterPort: 31142,
      privateEndpointUrl: 'https://c2.private.eu-de.containers.cloud.ibm.com:26101',
      workers: [],
      source: 'file',
    };
    const answer = ask('kubectl for cluster demo', y2021, { cluster });
    const priv = answer.rules.find((r) => r.id === 'kubectl.private-master')!;
    expect(priv.ports).toEqual(['26101']);
    expect(priv.destinations[0]).toMatchObject({ kind: 'host', value: 'c2.private.eu-de.containers.cloud.ibm.com' });
    expect(priv.verify).toEqual(['curl --insecure https://c2.private.eu-de.containers.cloud.ibm.com:26101/version']);
    expect(answer.rules.find((r) => r.id === 'kubectl.master')!.verify).toEqual(['curl --insecure https://c2.eu-de.containers.cloud.ibm.com:31142/version']);
    expect(answer.rules.filter((r) => r.id.includes('private')).map((r) => r.id)).toEqual(['kubectl.private-master']);
  });

  it('gives any-address rules and IBM-side allowlists their own kinds', () => {
    const iam = ask('iam in eu-de', y2021).rules.find((r) => r.destinations.some((d) => d.kind === 'any'));
    expect(iam?.condition).toBeTruthy();
    const allow = ask('iam allowlist for eu-de', y2021).rules.find((r) => r.allowlist);
    expect(allow?.sources.every((s) => s.kind === 'cidr')).toBe(true);
  });
});

describe('what changed between editions', () => {
  it('compares one network written two ways as the same network', () => {
    expect(sameNetwork('161.202.146.86/29', '161.202.146.80/29')).toBe(true);
    expect(sameNetwork('161.202.146.86/29', '161.202.146.88/29')).toBe(false);
    expect(networkKey('169.50.56.174')).toBe('169.50.56.174/32');
  });

  it('reports added and removed table addresses exactly as the two editions list them', () => {
    const diff = diffEditions(oldest, y2021, { region: 'eu-de', topic: 'worker-masters' });
    const rows = (d: Dataset) =>
      new Set(d.tables.get('masters')!.entries.filter((e) => e.regions !== 'global' && e.regions.includes('eu-de')).flatMap((e) => e.addresses));
    const before = rows(oldest);
    const after = rows(y2021);
    const of = (change: string) => diff.changes.filter((c) => c.table === 'masters' && c.kind === 'address' && c.change === change).map((c) => c.value).sort();
    expect(of('added')).toEqual([...after].filter((a) => !before.has(a)).sort());
    expect(of('removed')).toEqual([...before].filter((a) => !after.has(a)).sort());
    expect(diff.changes.find((c) => c.rule === 'worker-masters.region' && c.kind === 'condition')).toMatchObject({ change: 'added' });
  });

  it('reports a registry subnet written differently as changed, not as removed and added', () => {
    const diff = diffEditions(oldest, y2021, { topic: 'registry' });
    const changed = diff.changes.filter((c) => c.change === 'changed' && c.kind === 'address');
    expect(changed.length).toBeGreaterThan(0);
    for (const c of changed) expect(sameNetwork(c.value, c.was!)).toBe(true);
    const removed = new Set(diff.changes.filter((c) => c.change === 'removed').map((c) => networkKey(c.value)));
    for (const c of changed) expect(removed.has(networkKey(c.value))).toBe(false);
  });

  it('reports topics and rules that came and went', () => {
    const diff = diffEditions(oldest, y2021);
    const topics = (change: string) => diff.changes.filter((c) => c.kind === 'topic' && c.change === change).map((c) => c.value).sort();
    expect(topics('added')).toEqual(y2021.scenarioOrder.filter((id) => !oldest.scenarios.has(id)).sort());
    expect(topics('removed')).toEqual(oldest.scenarioOrder.filter((id) => !y2021.scenarios.has(id)).sort());
    const removedRules = diff.changes.filter((c) => c.kind === 'rule' && c.change === 'removed').map((c) => c.rule);
    expect(removedRules).toContain('monitoring.metrics');
  });
});

describe('questions about changes', () => {
  it('reads "since" and "in the … edition", and leaves other questions alone', () => {
    expect(parseChangeQuestion('what changed for kubectl in eu-de since 2019?')).toMatchObject({ since: '2019', in: null });
    expect(parseChangeQuestion("what's new in the 2021-01-19 edition for us-south")).toMatchObject({ since: null, in: '2021-01-19' });
    expect(parseChangeQuestion('kubectl in eu-de')).toBeNull();
    expect(parseChangeQuestion('why 169.50.56.174')).toBeNull();
    const rest = parseChangeQuestion('what changed for kubectl in eu-de since 2019?')!.rest;
    expect(rest).not.toMatch(/2019|changed/);
  });

  it('compares with the edition before when only the newer one is named', () => {
    expect(changeEditions({ since: null, in: ids[1]!, rest: '' }, ids)).toEqual({ ok: true, from: ids[0], to: ids[1] });
    expect(changeEditions({ since: null, in: ids[0]!, rest: '' }, ids)).toMatchObject({ ok: false });
  });
});

describe('why across editions', () => {
  it('says which editions listed a withdrawn address, for what, and since when it is not listed', () => {
    const rows = (d: Dataset) => new Set(d.tables.get('masters')!.entries.flatMap((e) => e.addresses));
    const withdrawn = [...rows(oldest)].find((a) => !rows(y2021).has(a))!;
    const result = withHistory(explainAddress(withdrawn, y2021), y2021, [oldest]);
    expect(result.findings[0]!.listed).toBe(false);
    expect(result.history![0]!.editions.map((e) => [e.edition, e.listed])).toEqual([
      [oldest.edition, true],
      [y2021.edition, false],
    ]);
    expect(result.notes.join('\n')).toMatch(new RegExp(`listed ${oldest.edition} as .*kubectl\\.master.*not listed since ${y2021.edition}`));
  });

  it('adds nothing for an address the edition lists', () => {
    const listed = y2021.tables.get('masters')!.entries[0]!.addresses[0]!;
    const result = withHistory(explainAddress(listed, y2021), y2021, [oldest]);
    expect(result.history).toBeUndefined();
  });
});

describe('an export as a change against an earlier edition', () => {
  it('adds what only the newer edition lists and removes what only the earlier one does, nothing else', () => {
    const before = csvRecords(ask('registry in jp-tok', oldest));
    const after = csvRecords(ask('registry in jp-tok', y2021));
    const change = recordsSince(before, after);
    expect(change[0]).toEqual(['Change', ...after[0]!]);
    const dest = after[0]!.indexOf('Destination');
    const values = (rows: string[][]) => new Set(rows.slice(1).map((r) => networkKey(r[dest]!)));
    const removed = new Set(change.filter((r) => r[0] === 'remove').map((r) => networkKey(r[dest + 1]!)));
    const added = new Set(change.filter((r) => r[0] === 'add').map((r) => networkKey(r[dest + 1]!)));
    expect([...removed].sort()).toEqual([...values(before)].filter((v) => !values(after).has(v)).sort());
    expect([...added].sort()).toEqual([...values(after)].filter((v) => !values(before).has(v)).sort());
    expect(removed.has(networkKey('161.202.146.86/29'))).toBe(false);
  });
});

describe('the CLI (child process)', () => {
  it('lists the editions with their counts', () => {
    const r = runCli(['data', 'editions', '--format', 'json']);
    expect(r.status).toBe(0);
    const { editions } = JSON.parse(r.stdout);
    expect(editions.map((e: { id: string }) => e.id)).toEqual(ids);
    expect(editions.at(-1).newest).toBe(true);
    const rules = [...y2021.scenarios.values()].reduce((n, s) => n + s.rules.length, 0);
    expect(editions.find((e: { id: string }) => e.id === '2021-01-19').rules).toBe(rules);
  });

  it('checks every edition', () => {
    const r = runCli(['data', 'check']);
    expect(r.status).toBe(0);
    for (const id of ids) expect(r.stdout).toContain(`edition ${id} valid`);
  });

  it('answers from the newest edition by default, and from the one --edition, PORTHOLE_EDITION or a date names', () => {
    const json = (args: string[], env: Record<string, string | undefined> = {}) => JSON.parse(runCli(['ask', 'kubectl in eu-de', '--format', 'json', ...args], env).stdout);
    expect(json([], { PORTHOLE_EDITION: undefined }).dataset.edition.id).toBe(ids.at(-1));
    expect(json(['--edition', '2019-03-04']).dataset.edition.id).toBe('2019-03-04');
    expect(json([], { PORTHOLE_EDITION: '2021-01-19' }).dataset.edition.id).toBe('2021-01-19');
    expect(json(['--edition', '2020-06-30'], { PORTHOLE_EDITION: undefined }).dataset.edition.id).toBe('2019-03-04');
    const bad = runCli(['ask', 'kubectl in eu-de', '--edition', '2018-01-01']);
    expect(bad.status).toBe(1);
    expect(bad.stderr).toMatch(/no edition was in force on 2018-01-01/);
  });

  it('prints a diff as JSON in the documented shape, and refuses an unknown region with a suggestion', () => {
    const r = runCli(['data', 'diff', '2019-03-04', '2021-01-19', '--region', 'eu-de', '--topic', 'kubectl', '--format', 'json']);
    expect(r.status).toBe(0);
    const diff = JSON.parse(r.stdout);
    expect(diff).toMatchObject({ from: '2019-03-04', to: '2021-01-19' });
    for (const c of diff.changes) expect(['added', 'removed', 'changed']).toContain(c.change);
    const asked = runCli(['ask', 'what changed for kubectl in eu-de since 2019?', '--format', 'json']);
    expect(asked.status).toBe(0);
    expect(JSON.parse(asked.stdout)).toMatchObject({ from: '2019-03-04', region: 'eu-de', topic: 'kubectl' });
    const since = runCli(['ask', 'registry in jp-tok', '--format', 'csv', '--since', '2019-03-04', '--edition', '2021-01-19']);
    expect(since.status).toBe(0);
    expect(since.stdout.split('\r\n')[0]).toMatch(/^Change,Direction,/);
    const bad = runCli(['data', 'diff', '2019-03-04', '2021-01-19', '--region', 'eu-dee']);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/did you mean eu-de\?/);
  });
});
