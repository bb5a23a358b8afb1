import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { formatDataProblem, loadDataset, SHARED_DATA_FILES } from '../src/data-files/load.js';
import { dataCopyWith } from './helpers/broken-data.js';

// The edits below change values of the 2019-03-04 page's files (its master IPs, zones and rules).
const EDITION = '2019-03-04';
const made: string[] = [];
afterAll(() => made.forEach((d) => rmSync(d, { recursive: true, force: true })));

async function problemsOf(file: string, edit: (text: string) => string): Promise<string[]> {
  const dir = dataCopyWith(file, edit, EDITION);
  made.push(dir);
  const result = await loadDataset(dir);
  expect(result.ok).toBe(false);
  return result.ok ? [] : result.problems.map((p) => formatDataProblem(p).replace(`${dir}${path.sep}`, ''));
}

describe('dataset validation', () => {
  it('loads the shipped dataset', async () => {
    const result = await loadDataset();
    expect(result.ok ? [] : result.problems).toEqual([]);
  });

  it.each([
    ['an invalid IP', 'tables/masters.yml', (t: string) => t.replace('169.38.70.10', '169.38.700.10'), /^tables\/masters\.yml:\d+ entries\[0\]\.addresses\[0\]: is not a valid IPv4 address or CIDR$/],
    ['a CIDR with a bad prefix', 'tables/registry.yml', (t: string) => t.replace('169.60.72.144/28', '169.60.72.144/33'), /tables\/registry\.yml:\d+ entries\[0\]\.addresses\[0\]: is not a valid IPv4 address or CIDR/],
    ['a port out of range', 'scenarios/commands.yml', (t: string) => t.replace('ports: ["443"]', 'ports: ["70000"]'), /scenarios\/commands\.yml:\d+ scenarios\[0\]\.rules\[0\]\.ports\[0\]: must be a port/],
    ['a range in the wrong order', 'scenarios/commands.yml', (t: string) => t.replace('range: "20000-32767"', 'range: "32767-20000"'), /scenarios\[1\]\.rules\[0\]\.clusterPort\.range: must be .* ordered range/],
    ['a zone of an unknown region', 'tables/masters.yml', (t: string) => t.replace('regions: [jp-tok], zones: [che01]', 'regions: [jp-tk], zones: [che01]'), /entries\[0\]\.regions\[0\]: unknown region "jp-tk"; did you mean jp-tok\?/],
    ['a zone listed under the wrong region', 'tables/masters.yml', (t: string) => t.replace('regions: [jp-tok], zones: [che01]', 'regions: [eu-de], zones: [che01]'), /entries\[0\]\.zones\[0\]: zone "che01" belongs to region jp-tok, not eu-de/],
    ['a reference to an unknown table', 'scenarios/commands.yml', (t: string) => t.replace('{ table: masters, narrow: mark-zone }', '{ table: master, narrow: mark-zone }'), /scenarios\[1\]\.rules\[0\]\.to\[1\]\.table: unknown table "master"/],
    ['a reference to an unknown scenario', 'scenarios/commands.yml', (t: string) => t.replace('requires: [ibmcloud-ks]', 'requires: [ibmcloud]'), /scenarios\[1\]\.requires\[0\]: unknown scenario "ibmcloud"/],
    ['an unknown key', 'regions.yml', (t: string) => t.replace('legacyId: ap-north', 'legacyId: ap-north\n    legacy: ap-north'), /regions\.yml:\d+ regions\[0\]: unknown key\(s\): legacy/],
    ['a zone in two regions', 'regions.yml', (t: string) => t.replace('{ id: mel01,', '{ id: che01,'), /zone "che01" is listed under two regions/],
    ['YAML that does not parse', 'regions.yml', (t: string) => t.replace('regions:', 'regions: [\n'), /^regions\.yml:\d+: is not valid YAML/],
    ['a keyword of two scenarios', 'topics.yml', (t: string) => t.replace('keywords: [ingress,', 'keywords: [kubectl, ingress,'), /^topics\.yml:\d+ topics\.ingress\.keywords\[0\]: keyword "kubectl" is already a keyword of scenario "kubectl"$/],
    ['a scenario without a topic', 'topics.yml', (t: string) => t.replace(/^ {2}vrrp:\n( {4}.*\n)+/m, ''), /^topics\.yml:\d+ topics: scenario "vrrp" \(.*worker-outbound\.yml\) has no topic/],
    ['a topic without an example', 'topics.yml', (t: string) => t.replace(/^ {4}example: .*\n/m, ''), /^topics\.yml:\d+ topics\.workstation\.example: /],
    ['scenarios that include each other', 'scenarios/bundles.yml', (t: string) => t.replace('includes: [nodeport, load-balancer, ingress]', 'includes: [nodeport, load-balancer, ingress, everything]'), /loop: .*everything/],
    ['a rule with an unknown condition', 'scenarios/worker-outbound.yml', (t: string) => t.replace('condition: load-balancer-services', 'condition: load-balancers'), /rules\[0\]\.condition: unknown condition "load-balancers"; known: /],
    ['a zone the edition does not list under any region', 'dataset.yml', (t: string) => t.replace('zones: [mel01, ', 'zones: [mel09, '), /^dataset\.yml:\d+ regions\[1\]\.zones\[0\]: unknown zone "mel09"/],
    ['a zone listed under two regions of an edition', 'dataset.yml', (t: string) => t.replace('zones: [mel01, ', 'zones: [che01, mel01, '), /regions\[1\]\.zones\[0\]: zone "che01" is already listed under jp-tok/],
    ['a table row in a region the edition does not list', 'dataset.yml', (t: string) => t.replace(/\n {2}- \{ region: au-syd[^\n]*/, ''), /tables\/masters\.yml:\d+ entries\[\d+\]\.regions\[0\]: unknown region "au-syd"/],
    ['an address endpoint that is neither a list nor any', 'scenarios/worker-outbound.yml', (t: string) => t.replace('to: [{ addresses: [66.228.119.120], label: IBM Cloud infrastructure (SoftLayer) API endpoint }]', 'to: [{ any: false, label: anywhere }]'), /rules\[0\]\.to\[0\]: (does not match any allowed form|unknown key\(s\): any)/],
    ['a party that neither common-parties.yml nor the edition labels', 'parties.yml', (t: string) => t.replace(/(- id: load-balancer-ip\n) {4}label: .*\n/, '$1'), /^parties\.yml:\d+ parties\[\d+\]: party "load-balancer-ip" needs a label \(common-parties\.yml/],
    ['a party listed twice', 'parties.yml', (t: string) => t.replace('- id: load-balancer-ip', '- id: workstation'), /^parties\.yml:\d+ parties\[\d+\]\.id: duplicate party id "workstation"$/],
    ['a placeholder not written as the page does', 'dataset.yml', (t: string) => t.replace('{ text: <master_URL>, fact: master-url }', '{ text: master_URL, fact: master-url }'), /placeholders\[0\]\.text: must be written as the page does/],
  ])('names the file, the path and the problem for %s', async (_what, file, edit, expected) => {
    const problems = await problemsOf(file, edit);
    expect(problems.some((p) => expected.test(p)), problems.join('\n')).toBe(true);
  });

  it('accepts an any-address endpoint, a condition and an IBM-side allowlist rule', async () => {
    const dir = dataCopyWith('scenarios/worker-outbound.yml', (t) =>
      t.replace(
        'to: [{ hosts: [iam.bluemix.net, iam.cloud.ibm.com], label: IBM Cloud IAM }]',
        'to: [{ any: true, label: any address }]\n        condition: persistent-volume-claims\n        allowlist: true',
      ),
      EDITION,
    );
    made.push(dir);
    const result = await loadDataset(dir);
    expect(result.ok ? [] : result.problems).toEqual([]);
    const rule = result.ok ? result.dataset.scenarios.get('iam')!.rules[0]! : null;
    expect(rule).toMatchObject({ to: [{ any: true }], condition: 'persistent-volume-claims', allowlist: true });
  });

  it('refuses an edition folder not named after the page date', async () => {
    const dir = dataCopyWith('dataset.yml', (t) => t, EDITION);
    made.push(dir);
    const data = mkdtempSync(path.join(tmpdir(), 'porthole-editions-'));
    made.push(data);
    cpSync(dir, path.join(data, 'editions', '2020-01-01'), { recursive: true });
    for (const shared of SHARED_DATA_FILES) cpSync(path.join(dir, shared), path.join(data, shared));
    const result = await loadDataset(data, { edition: null });
    const text = result.ok ? '' : result.problems.map((p) => formatDataProblem(p)).join('\n');
    expect(text).toMatch(/dataset\.yml:\d+ lastUpdated: is 2019-03-04, but the edition folder "2020-01-01" is named after another date/);
  });

  it('reports a missing file and a missing folder', async () => {
    const result = await loadDataset(path.join(made[0] ?? '/nonexistent', 'nothing-here'));
    expect(result.ok).toBe(false);
    const text = result.ok ? '' : result.problems.map((p) => formatDataProblem(p)).join('\n');
    expect(text).toMatch(/dataset\.yml: file is missing/);
    expect(text).toMatch(/tables: folder is missing/);
  });
});
