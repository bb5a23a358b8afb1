import { beforeAll, describe, expect, it } from 'vitest';
import type { Dataset } from '../src/core/dataset/build.js';
import { explainAddress, isWhyQuestion, whyResultSchema, type WhyResult } from '../src/core/why/index.js';
import { shippedDataset } from './helpers/dataset.js';

// The forms people paste into "why": host:port, URLs, a cluster's master URL, and log lines whose protocol
// (not port) is what a rule does not allow.

let dataset: Dataset;
beforeAll(async () => {
  dataset = await shippedDataset();
});

function why(input: string): WhyResult {
  const result = explainAddress(input, dataset);
  expect(whyResultSchema.safeParse(result).success, input).toBe(true);
  return result;
}

/** Rules of the dataset whose `to` names a party with a host pattern (the master), from the data. */
function rulesToPatternParty(): { party: string; rules: string[] } {
  const party = [...dataset.parties.values()].find((p) => p.hostPattern)!;
  const rules = [...dataset.scenarios.values()].flatMap((s) => s.rules.filter((r) => r.to.some((e) => 'party' in e && e.party === party.id)).map((r) => r.id));
  return { party: party.id, rules };
}

describe('why: forms people paste', () => {
  it('reads the port after a host name, and the port of a URL scheme', () => {
    expect(why('icr.io:443').query).toMatchObject({ hosts: ['icr.io'], port: 443, protocol: 'tcp' });
    expect(why('why https://icr.io/v2/').query).toMatchObject({ hosts: ['icr.io'], port: 443 });
    expect(why('http://icr.io').query.port).toBe(80);
    const closed = why('icr.io:22').findings[0]!.listings.flatMap((l) => l.rules.map((r) => r.portMatch));
    expect(closed.length).toBeGreaterThan(0);
    expect(closed.every((m) => m === 'no')).toBe(true);
  });


  it('reads a master URL as the master: the rules to it, its region and the port range', () => {
    const { rules } = rulesToPatternParty();
    expect(rules.length).toBeGreaterThan(0);
    for (const region of dataset.regions) {
      for (const host of [`c3.${region.id}.containers.cloud.ibm.com`, `c100-2.private.${region.id}.containers.cloud.ibm.com`]) {
        const result = why(`https://${host}:31142`);
        expect(isWhyQuestion(`https://${host}:31142`)).toBe(true);
        const finding = result.findings.find((f) => f.subject.value === host)!;
        expect(finding.listed).toBe(true);
        expect(finding.listings[0]!.regions).toEqual([region.id]);
        expect(finding.listings[0]!.rules.map((r) => r.rule).sort()).toEqual([...rules].sort());
        const master = finding.listings[0]!.rules.find((r) => r.clusterPort?.range)!;
        expect(master.portMatch).toBe('yes');
      }
    }
    expect(why('c3.xx-nowhere.containers.cloud.ibm.com:31142').findings[0]!.listings[0]!.regions).toEqual([]);
    expect(why('d3.us-south.containers.cloud.ibm.com').findings[0]!.listed).toBe(false);
  });

  it('says the protocol is what does not match when a log line names another protocol', () => {
    const tcpOnly = [...dataset.scenarios.values()].flatMap((s) => s.rules).find((r) => r.protocols.length === 1 && r.protocols[0] === 'tcp' && r.to.some((e) => 'table' in e))!;
    const table = dataset.tables.get(tcpOnly.to.find((e): e is { table: string; narrow: 'region' | 'zone' } => 'table' in e)!.table)!;
    const address = table.entries.find((e) => e.addresses.length > 0 && !e.addresses[0]!.includes('/'))!.addresses[0]!;
    const result = why(`SRC=10.0.0.5 DST=${address} PROTO=UDP DPT=443`);
    const marks = result.findings.flatMap((f) => f.listings.flatMap((l) => l.rules.filter((r) => r.rule === tcpOnly.id).map((r) => r.portMatch)));
    expect(marks).toContain('other-protocol');
    expect(result.notes.join(' ')).toMatch(/protocol is what does not match: UDP/);
    const tcp = why(`SRC=10.0.0.5 DST=${address} PROTO=TCP DPT=443`);
    expect(tcp.notes.join(' ')).not.toMatch(/protocol is what does not match/);
  });
});
