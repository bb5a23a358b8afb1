import { beforeAll, describe, expect, it } from 'vitest';
import type { Dataset } from '../src/core/dataset/build.js';
import type { RuleEntry } from '../src/core/dataset/schema.js';
import { explainAddress, isWhyQuestion, whyResultSchema, type WhyResult } from '../src/core/why/index.js';
import { listEditions } from '../src/data-files/load.js';
import { shippedDataset } from './helpers/dataset.js';

// The forms people paste into "why": host:port, URLs, a cluster's master URL, and log lines whose protocol
// (not port) is what a rule does not allow. For every shipped edition, with hosts and rules read from its data.

const { ids: editions } = await listEditions();
let dataset: Dataset;

function why(input: string): WhyResult {
  const result = explainAddress(input, dataset);
  expect(whyResultSchema.safeParse(result).success, input).toBe(true);
  return result;
}

/** Rules of the dataset whose `to` names a party, from the data. */
function rulesTo(party: string): string[] {
  return [...new Set([...dataset.scenarios.values()].flatMap((s) => s.rules.filter((r) => r.to.some((e) => 'party' in e && e.party === party)).map((r) => r.id)))];
}

/** A host name of an address table whose rules open TCP 443 and not port 22. */
function hostOn443(): string {
  const index = new Map([...dataset.scenarios.values()].flatMap((s) => s.rules.map((r) => [r.id, r] as const)));
  for (const table of dataset.tables.values()) {
    for (const host of table.entries.flatMap((e) => e.hosts)) {
      const rules = explainAddress(host, dataset).findings[0]!.listings.flatMap((l) => l.rules.map((r) => index.get(r.rule)!));
      if (rules.length > 0 && rules.every((r) => r.protocols.includes('tcp') && r.ports.includes('443'))) return host;
    }
  }
  throw new Error(`the ${dataset.edition} edition lists no host opened on TCP 443 only`);
}

describe.each(editions)('why: forms people paste, in the %s edition', (edition) => {
  beforeAll(async () => {
    dataset = await shippedDataset(edition);
  });

  it('reads the port after a host name, and the port of a URL scheme', () => {
    const host = hostOn443();
    expect(why(`${host}:443`).query).toMatchObject({ hosts: [host], port: 443, protocol: 'tcp' });
    expect(why(`why https://${host}/v2/`).query).toMatchObject({ hosts: [host], port: 443 });
    expect(why(`http://${host}`).query.port).toBe(80);
    const closed = why(`${host}:22`).findings[0]!.listings.flatMap((l) => l.rules.map((r) => r.portMatch));
    expect(closed.length).toBeGreaterThan(0);
    expect(closed.every((m) => m === 'no')).toBe(true);
  });


  it('reads a master URL as the master, and a private service endpoint URL as the private master where the page has one', () => {
    const hosts = (region: string) => [
      { party: 'master', host: `c3.${region}.containers.cloud.ibm.com` },
      { party: 'private-master', host: `c100-2.private.${region}.containers.cloud.ibm.com` },
    ];
    for (const region of dataset.regions) {
      for (const { party, host } of hosts(region.id)) {
        const result = why(`https://${host}:31142`);
        expect(isWhyQuestion(`https://${host}:31142`)).toBe(true);
        const finding = result.findings.find((f) => f.subject.value === host)!;
        // The 2019 page has no private service endpoint: no role of it has that host.
        expect(finding.listed, host).toBe(dataset.parties.has(party));
        if (!dataset.parties.has(party)) continue;
        expect(rulesTo(party).length).toBeGreaterThan(0);
        expect(finding.listings[0]!.regions).toEqual([region.id]);
        expect(finding.listings[0]!.rules.map((r) => r.rule).sort()).toEqual(rulesTo(party).sort());
        const master = finding.listings[0]!.rules.find((r) => r.clusterPort?.range)!;
        expect(master.portMatch).toBe('yes');
      }
    }
    expect(why('c3.xx-nowhere.containers.cloud.ibm.com:31142').findings[0]!.listings[0]!.regions).toEqual([]);
    expect(why('d3.us-south.containers.cloud.ibm.com').findings[0]!.listed).toBe(false);
  });

  it('says the protocol is what does not match when a log line names another protocol', () => {
    // A TCP-only rule to a table that lists a single address (not only subnets), and that address.
    const plainAddressOf = (table: string) => dataset.tables.get(table)!.entries.flatMap((e) => e.addresses).find((a) => !a.includes('/'));
    const tablesTo = (rule: RuleEntry) => rule.to.flatMap((e) => ('table' in e ? [e.table] : []));
    const tcpOnly = [...dataset.scenarios.values()]
      .flatMap((s) => s.rules)
      .find((r) => r.protocols.length === 1 && r.protocols[0] === 'tcp' && tablesTo(r).some((t) => plainAddressOf(t) !== undefined))!;
    const address = tablesTo(tcpOnly).map(plainAddressOf).find((a) => a !== undefined)!;
    const result = why(`SRC=10.0.0.5 DST=${address} PROTO=UDP DPT=443`);
    const marks = result.findings.flatMap((f) => f.listings.flatMap((l) => l.rules.filter((r) => r.rule === tcpOnly.id).map((r) => r.portMatch)));
    expect(marks).toContain('other-protocol');
    expect(result.notes.join(' ')).toMatch(/protocol is what does not match: UDP/);
    const tcp = why(`SRC=10.0.0.5 DST=${address} PROTO=TCP DPT=443`);
    expect(tcp.notes.join(' ')).not.toMatch(/protocol is what does not match/);
  });
});
