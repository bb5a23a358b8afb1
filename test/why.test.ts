import fc from 'fast-check';
import ipaddr from 'ipaddr.js';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Dataset } from '../src/core/dataset/build.js';
import { explainAddress, isWhyQuestion, renderWhyText, whyResultSchema, type WhyResult } from '../src/core/why/index.js';
import { whyIndexFor } from '../src/core/why/index-build.js';
import { listEditions } from '../src/data-files/load.js';
import { runCli } from './helpers/cli.js';
import { shippedDataset } from './helpers/dataset.js';

// The tables over what a dataset lists run for every shipped edition, with expected values read from its data;
// the tests with values of one page name that edition. Each describe loads its edition before its tests run.
const { ids: editions } = await listEditions();
const FIRST = '2019-03-04';

let dataset: Dataset;
const useEdition = (edition?: string) =>
  beforeAll(async () => {
    dataset = await shippedDataset(edition);
  });

/** Every address, subnet and host name the dataset lists, with the table (or rule) that lists it. */
function listed(kind: 'address' | 'host'): { value: string; where: string }[] {
  const out: { value: string; where: string }[] = [];
  for (const table of dataset.tables.values()) {
    for (const entry of table.entries) {
      const values = kind === 'address' ? entry.addresses : [...entry.hosts, ...entry.deprecatedHosts];
      for (const value of values) out.push({ value, where: table.title });
    }
  }
  for (const scenario of dataset.scenarios.values()) {
    for (const rule of scenario.rules) {
      for (const endpoint of [...rule.from, ...rule.to]) {
        if (!('hosts' in endpoint)) continue;
        for (const value of kind === 'address' ? endpoint.addresses : endpoint.hosts) out.push({ value, where: endpoint.label });
      }
    }
  }
  return out;
}

function why(input: string): WhyResult {
  const result = explainAddress(input, dataset);
  expect(whyResultSchema.safeParse(result).success, input).toBe(true);
  return result;
}

function offset(address: ipaddr.IPv4, by: number): string {
  const n = address.toByteArray().reduce((acc, b) => acc * 256 + b, 0) + by;
  return [24, 16, 8, 0].map((shift) => Math.floor(n / 2 ** shift) % 256).join('.');
}

describe.each(editions)('why: every address and subnet of the %s edition', (edition) => {
  useEdition(edition);

  it('finds each listed IP address, in its table row, with the rules that use it', () => {
    const ips = listed('address').filter((a) => !a.value.includes('/'));
    expect(ips.length).toBeGreaterThan(0);
    for (const { value, where } of ips) {
      const result = why(`why ${value}`);
      expect(result.problems).toEqual([]);
      const finding = result.findings[0]!;
      expect(finding.listed, value).toBe(true);
      // One address may stand in several lists (a registry and a monitoring net of IBM's policies): this table's is one of them.
      const listing = finding.listings.find((l) => l.value === value && l.relation === 'exact' && l.label === where);
      expect(listing, `${value} in ${where}`).toBeDefined();
      expect(listing!.rules.length, `${value} is used by a rule`).toBeGreaterThan(0);
    }
  });

  it('finds an address inside each listed subnet (first and last), and names the subnet', () => {
    const subnets = listed('address').filter((a) => a.value.includes('/'));
    expect(subnets.length).toBeGreaterThan(0);
    for (const { value, where } of subnets) {
      // A /32 (the 2025 page lists some) is one address: asked for, it is that listing exactly.
      const single = value.endsWith('/32');
      const first = single ? value.slice(0, -3) : offset(ipaddr.IPv4.networkAddressFromCIDR(value), 1);
      const last = ipaddr.IPv4.broadcastAddressFromCIDR(value).toString();
      for (const inside of [first, last]) {
        const finding = why(`what is ${inside}`).findings[0]!;
        const listing = finding.listings.find((l) => l.value === value && l.label === where);
        expect(listing?.relation, `${inside} in ${value} (${where})`).toBe(single ? 'exact' : 'inside');
        expect(listing!.rules.map((r) => r.rule).length).toBeGreaterThan(0);
      }
      const outside = offset(ipaddr.IPv4.broadcastAddressFromCIDR(value), 1);
      expect(why(`what is ${outside}`).findings[0]!.listings.some((l) => l.value === value), `${outside} is outside ${value}`).toBe(false);
    }
  });

  it('says plainly that an address it does not list is not listed, naming its dataset', () => {
    for (const ip of ['10.1.2.3', '8.8.8.8', '192.0.2.1', '0.0.0.0', '255.255.255.255']) {
      const result = why(`is ${ip} needed?`);
      expect(result.problems).toEqual([]);
      expect(result.findings).toHaveLength(1);
      expect(result.findings[0]).toMatchObject({ listed: false, listings: [] });
      expect(renderWhyText(result)).toContain(`${ip} is not listed in the dataset (${dataset.meta.version}).`);
    }
  });

  it('finds every host name the dataset lists', () => {
    const hosts = listed('host');
    expect(hosts.length).toBeGreaterThan(0);
    for (const { value, where } of hosts) {
      const finding = why(`why ${value}`).findings.find((f) => f.subject.value === value)!;
      expect(finding.listed, value).toBe(true);
      expect(finding.listings.map((l) => l.label), value).toContain(where);
    }
  });

  it('says when no rule names a port', () => {
    const result = why('what needs port 1');
    expect(result.port!.rules).toEqual([]);
    expect(renderWhyText(result)).toContain(`No rule of the dataset (${dataset.meta.version}) names port 1.`);
  });
});

// The values below are the 2019-03-04 page's: its master row of eu-de, registry subnets, Sysdig table, bluemix
// host names, ports and rules.
describe(`why: the ${FIRST} page's addresses, hosts, ports and log lines`, () => {
  useEdition(FIRST);

  it('gives the requirement in full: scenario, regions, zones, direction, ports, protocol, section and row', () => {
    const listing = why('why 169.50.56.174').findings[0]!.listings[0]!;
    expect(listing).toMatchObject({
      table: { id: 'masters', title: 'Cluster master IP addresses' },
      regions: ['eu-de'],
      regionNames: ['EU Central'],
      zones: ['fra02', 'fra04', 'fra05'],
      row: { addresses: ['169.50.56.174', '161.156.65.42', '149.81.78.114'] },
    });
    expect(listing.rules.map((r) => r.rule)).toEqual(['kubectl.master', 'calicoctl.etcd', 'worker-masters.region']);
    expect(listing.rules[2]).toMatchObject({
      scenario: { id: 'worker-masters' },
      direction: 'outbound',
      side: 'destination',
      protocols: ['tcp', 'udp'],
      ports: ['20000-32767', '443'],
      section: 'firewall_outbound',
      sectionUrl: 'https://cloud.ibm.com/docs/containers?topic=containers-firewall#firewall_outbound',
      from: ['worker nodes (public IPs)'],
    });
    expect(listing.rules[0]!.clusterPort).toEqual({ label: "the port in the cluster's master URL", range: '20000-32767' });
  });

  it('finds the subnet that holds 161.156.93.20 (the registry of eu-de)', () => {
    const result = why('what is 161.156.93.20');
    expect(result.findings[0]!.listings.map((l) => [l.value, l.relation, l.regions])).toEqual([['161.156.93.16/29', 'inside', ['eu-de']]]);
    const text = renderWhyText(result);
    expect(text).toContain('inside 161.156.93.16/29: IBM Cloud Container Registry, EU Central (eu-de)');
    expect(text).toContain('registry.pull');
    expect(text).toContain('#firewall_outbound');
  });

  it('matches a subnet asked for against the listings it overlaps', () => {
    expect(why('why 161.156.93.16/29').findings[0]!.listings.map((l) => l.relation)).toEqual(['exact']);
    const wide = why('why 169.50.56.0/24').findings[0]!;
    expect(wide.subject.kind).toBe('cidr');
    expect(new Set(wide.listings.map((l) => l.relation))).toEqual(new Set(['contains']));
    expect(wide.listings.map((l) => l.value)).toEqual(expect.arrayContaining(['169.50.56.174', '169.50.56.144/28']));
  });

  it('says what kind of address an unlisted one is, and where else it may be listed', () => {
    const result = why('is 10.1.2.3 needed?');
    expect(result.findings[0]!.addressRange).toBe('private');
    // Text is wrapped at 100 columns: compare it with its line breaks folded.
    const text = renderWhyText(result).replace(/\s+/g, ' ');
    expect(text).toContain('It is a private address.');
    expect(text).toContain('Sysdig public IP addresses');
  });

  it('marks deprecated host names, and reads a URL or upper case', () => {
    const listing = why('why https://Registry.EU-DE.bluemix.net/v2/').findings[0]!.listings[0]!;
    expect(listing).toMatchObject({ value: 'registry.eu-de.bluemix.net', deprecated: true, regions: ['eu-de'] });
  });

  it('reads a host name as Slack links it', () => {
    expect(why('why <http://icr.io|icr.io>').findings.map((f) => [f.subject.value, f.listed])).toEqual([['icr.io', true]]);
  });

  it('says a host name is not listed, and suggests a near one', () => {
    const result = why('why de.icr.oi');
    expect(result.findings[0]).toMatchObject({ listed: false });
    expect(result.notes.join(' ')).toContain('did you mean de.icr.io');
    expect(why('why example.com').findings[0]!.listed).toBe(false);
  });

  const rulesFor = (q: string) => why(q).port!.rules.map((r) => r.rule);

  it('names the rules that open a port', () => {
    expect(rulesFor('what needs port 9095')).toEqual(['monitoring.metrics']);
    expect(rulesFor('port 4443')).toEqual(['registry.pull']);
    expect(rulesFor('why 2049/udp')).toEqual(['file-storage.nfs']);
    expect(rulesFor('what needs port 30000')).toEqual(['kubectl.master', 'worker-masters.region', 'nodeport.service']);
  });

  it('filters by protocol, and lists the rules that open every port or a cluster-specific one', () => {
    const result = why('what needs port 443/udp');
    expect(result.port!.rules.map((r) => r.rule)).toEqual(['worker-masters.region', 'worker-updates.http']);
    expect(result.port!.everyPortRules).toEqual(expect.arrayContaining(['private-workers.all', 'pvc.softlayer-ranges']));
    expect(why('what needs port 443').port!.clusterPortRules).toEqual(['calicoctl.etcd', 'load-balancer.service']);
  });

  const LOG =
    'Nov 28 07:01:02 fw kernel: [1234.5] PORTHOLE-DROP IN=eth1 OUT=eth0 MAC=00:11:22:33:44:55:66:77:88:99:aa:bb:08:00 ' +
    'SRC=10.75.10.11 DST=169.46.9.5 LEN=60 TOS=0x00 PREC=0x00 TTL=63 ID=4321 DF PROTO=TCP SPT=51234 DPT=4443 WINDOW=29200 RES=0x00 SYN URGP=0';

  it('reads SRC, DST, PROTO and DPT from an iptables log line', () => {
    const result = why(LOG);
    expect(result.query).toEqual({
      addresses: [
        { value: '10.75.10.11', role: 'source' },
        { value: '169.46.9.5', role: 'destination' },
      ],
      hosts: [],
      port: 4443,
      protocol: 'tcp',
    });
    const [source, destination] = result.findings;
    expect(source).toMatchObject({ listed: false, subject: { role: 'source' } });
    expect(destination!.listings[0]).toMatchObject({ value: '169.46.9.0/27', relation: 'inside', regions: ['us-east', 'us-south'] });
    expect(destination!.listings[0]!.rules[0]).toMatchObject({ rule: 'registry.pull', portMatch: 'yes' });
    expect(result.notes.join(' ')).toContain('sources of traffic by role');
    expect(isWhyQuestion(LOG)).toBe(true);
  });

  it('says when the listed destination is not opened for the logged port', () => {
    const rule = why('SRC=10.0.0.1 DST=169.46.9.5 PROTO=TCP DPT=8080').findings[1]!.listings[0]!.rules[0]!;
    expect(rule.portMatch).toBe('no');
    expect(renderWhyText(why('SRC=10.0.0.1 DST=169.46.9.5 PROTO=TCP DPT=8080'))).toContain('[does not open the asked port]');
  });

  it('reads "src … dst … port" and address:port forms', () => {
    const a = why('src 10.1.2.3 dst 169.50.56.174 port 31593 proto tcp');
    expect(a.query).toMatchObject({ port: 31593, protocol: 'tcp' });
    expect(a.findings.map((f) => f.subject.role)).toEqual(['source', 'destination']);
    expect(a.findings[1]!.listings[0]!.rules.map((r) => [r.rule, r.portMatch])).toEqual([
      ['kubectl.master', 'yes'],
      ['calicoctl.etcd', 'depends-on-cluster'],
      ['worker-masters.region', 'yes'],
    ]);
    expect(why('blocked 10.1.2.3 -> 169.61.46.85:443').query).toMatchObject({ port: 443 });
  });

  it('stays within 100 columns, except for a single word (a URL) too long for any line', () => {
    for (const question of ['is 10.1.2.3 needed?', 'what is 161.156.93.20', 'what needs port 443', 'why', 'why icr.io']) {
      for (const line of renderWhyText(explainAddress(question, dataset)).split('\n')) {
        if (line.length > 100) expect(line.trim(), question).not.toMatch(/\s/);
      }
    }
  });
});

describe('why: what any edition answers', () => {
  useEdition();

  it('answers an IPv6 address as not listed: the page lists IPv4 only', () => {
    const result = why('why 2001:db8::1');
    expect(result.findings[0]).toMatchObject({ listed: false, addressRange: 'ipv6' });
    expect(result.notes).toContain('The page lists IPv4 addresses only.');
  });
});

describe('why: input it cannot read', () => {
  useEdition();

  it.each([
    ['why 999.1.1.1', 'invalid-address'],
    ['what is 1.2.3.4/40', 'invalid-address'],
    ['why', 'nothing-to-look-up'],
    ['', 'nothing-to-look-up'],
    ['why is this so?', 'nothing-to-look-up'],
    ['what needs port 70000', 'invalid-port'],
  ])('%j is a problem with code %s, not an exception', (input, code) => {
    const result = why(input);
    expect(result.problems.map((p) => p.code)).toContain(code);
    expect(renderWhyText(result)).toMatch(/^- /);
  });

  it('never throws and always returns the documented shape, whatever the text', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.ipV4(), fc.domain(), fc.constantFrom('SRC=', 'DST=1.2.3.4 DPT=', '::', '1.1.1.1/')), (input) => {
        const result = explainAddress(input, dataset);
        expect(whyResultSchema.safeParse(result).success).toBe(true);
        renderWhyText(result);
      }),
      { numRuns: 500 },
    );
    expect(explainAddress(undefined as unknown as string, dataset).problems[0]!.code).toBe('nothing-to-look-up');
  });

  it('builds its index once per dataset', () => {
    expect(whyIndexFor(dataset)).toBe(whyIndexFor(dataset));
  });
});

describe('isWhyQuestion', () => {
  it.each([
    'why 169.50.56.174',
    'what is 161.156.93.20',
    'what needs port 9095',
    'is 10.1.2.3 needed?',
    'why icr.io',
    "what's containers.cloud.ibm.com",
    'SRC=10.0.0.1 DST=169.46.9.5 DPT=443',
    'why 999.1.1.1',
    'why',
    '9095',
    'why ::1',
  ])('routes %j to the why lookup', (q) => expect(isWhyQuestion(q)).toBe(true));

  it.each(['kubectl in eu-de', 'what do I need for the registry in fra02', 'why do I need kubectl', 'what ports does ibmcloud ks need', 'registry icr.io eu-de'])(
    'leaves %j to the answer engine',
    (q) => expect(isWhyQuestion(q)).toBe(false),
  );
});

describe('porthole why (child process), on the default edition', () => {
  useEdition();
  /** The first address of the default edition's first address table, and the rules that use it. */
  const firstAddress = () => {
    const value = listed('address').find((a) => !a.value.includes('/'))!.value;
    return { value, rules: explainAddress(value, dataset).findings[0]!.listings.flatMap((l) => l.rules.map((r) => r.rule)) };
  };

  it('explains an address in text, exit 0', () => {
    const { value, rules } = firstAddress();
    expect(rules.length).toBeGreaterThan(0);
    const r = runCli(['why', value]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout.startsWith(`${value} is listed in the dataset (${dataset.meta.version}):\n`), r.stdout).toBe(true);
    for (const rule of rules) expect(r.stdout).toContain(rule);
  });

  it('answers in JSON that follows the documented shape, and exits 0 for an address not listed', () => {
    const r = runCli(['why', 'is 10.1.2.3 needed?', '--format', 'json']);
    expect(r.status).toBe(0);
    const json = whyResultSchema.parse(JSON.parse(r.stdout));
    expect(json.findings[0]).toMatchObject({ listed: false, subject: { value: '10.1.2.3' } });
  });

  it('is what porthole ask does with a why question', () => {
    const { value } = firstAddress();
    const r = runCli(['ask', `why ${value}`]);
    expect(r.status).toBe(0);
    expect(r.stdout).toBe(runCli(['why', value]).stdout);
  });

  it('exits 2 with the problem on stderr for input it cannot read', () => {
    const r = runCli(['why', '999.1.1.1']);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('"999.1.1.1" is not an IPv4 address');
    expect(runCli(['ask', 'why']).status).toBe(2);
    expect(runCli(['why', '1.2.3.4', '--format', 'csv']).status).toBe(2);
  });

  it('is listed in the help', () => {
    expect(runCli(['help']).stdout).toContain('porthole why "<address|subnet|host|port|firewall log line>"');
  });
});
