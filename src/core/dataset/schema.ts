import { z } from 'zod';
import { HOST_NAME, isIPv4, isIPv4Cidr, isIPv4OrCidr, parsePortRange } from '../net.js';

// The shapes of the YAML files under data/. Each file is validated on its own here; references between
// files are checked in build.ts, where the whole dataset is in view.

const id = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]*$/, 'must be a lowercase id of letters, digits and "-"');

export const ipv4 = z.string().refine((s) => isIPv4(s), { message: 'is not a valid IPv4 address' });

export const cidr = z.string().refine((s) => isIPv4Cidr(s), {
  message: 'is not a valid IPv4 CIDR (a.b.c.d/n with n from 0 to 32)',
});

export const address = z.string().refine((s) => isIPv4OrCidr(s), { message: 'is not a valid IPv4 address or CIDR' });

export const hostname = z
  .string()
  .regex(HOST_NAME, 'is not a valid lowercase host name');

export const portSpec = z.string().refine((s) => parsePortRange(s) !== null, {
  message: 'must be a port "443" or an ordered range "20000-32767", each within 1-65535',
});

// all: every protocol and port, where the page says to allow all traffic to a destination.
export const protocol = z.enum(['tcp', 'udp', 'vrrp', 'ipencap', 'all']);
export const direction = z.enum(['inbound', 'outbound', 'between-workers']);

const command = z.string().min(1);

// A section of the page, by its anchor as the page writes it: "firewall_bx", and since 2025 "firewall-iam".
const sectionAnchor = z.string().regex(/^[a-z][a-z0-9_-]*$/, 'must be a section anchor as the page writes it, e.g. firewall_bx');

export const zoneId = z.string().regex(/^[a-z]{3}\d{2}$/, 'must be a zone id such as fra02');

// Cluster facts that fill a page's placeholders in verify steps once a cluster has been looked up.
export const placeholderFact = z.enum(['master-url', 'private-master-url', 'cluster', 'region']);

export const datasetMetaFile = z.strictObject({
  version: z.string().min(1),
  lastUpdated: z.iso.date(),
  // What the page covers, in its own terms: "classic clusters" (VPC clusters have a page of their own).
  covers: z.string().min(1),
  source: z.strictObject({
    title: z.string().min(1),
    url: z.url(),
    product: z.string().min(1),
    // The copy transcribed, as a path under the shared reference folder (../shared): "sources/cs_firewall-2021-01-19.md".
    file: z.string().min(1),
    // Where the page's source lives, when it comes from a repository.
    repository: z
      .strictObject({
        name: z.string().regex(/^[\w.-]+\/[\w.-]+$/, 'must be owner/name'),
        path: z.string().min(1),
        commit: z.string().regex(/^[0-9a-f]{40}$/, 'must be a 40-digit commit id'),
      })
      .optional(),
  }),
  // The regions the page lists and the zones it lists under each: membership is per edition (a zone may move
  // to a new region), names and cities are shared in data/regions.yml.
  regions: z
    .array(
      z.strictObject({
        region: id,
        // The page's own name for the region when it differs from regions.yml's pageName.
        pageName: z.string().min(1).optional(),
        zones: z.array(zoneId).min(1),
      }),
    )
    .min(1),
  // Conditions under which a requirement applies; rules refer to them by id.
  conditions: z.array(z.strictObject({ id, text: z.string().min(1) })).default([]),
  // Placeholders as this page writes them in verify steps, and the cluster fact that fills each.
  placeholders: z
    .array(z.strictObject({ text: z.string().regex(/^<[^<>\s]+>$/, 'must be written as the page does, e.g. <master_URL>'), fact: placeholderFact }))
    .default([]),
  sections: z
    .array(z.strictObject({ anchor: sectionAnchor, title: z.string().min(1) }))
    .min(1),
  caveat: z.string().min(1),
  // An edition imported from IBM's address lists: the page edition its rules come from, and where its addresses
  // come from. `lastUpdated` is then the lists' date (the edition folder is named after it).
  provenance: z
    .strictObject({
      page: z.strictObject({ edition: z.string().min(1), updated: z.iso.date() }),
      addresses: z.strictObject({
        repository: z.string().regex(/^[\w.-]+\/[\w.-]+$/, 'must be owner/name'),
        commit: z.string().regex(/^[0-9a-f]{40}$/, 'must be a 40-digit commit id'),
        date: z.iso.date(),
      }),
    })
    .optional(),
  examples: z.strictObject({
    questions: z.array(z.string().min(1)).min(1),
    why: z.array(z.string().min(1)).min(1),
    logLine: z.string().min(1),
  }),
});

// When a place came onto or left IBM's page: an edition id. Absent: listed from the oldest edition, or still listed.
const editionRef = z.string().regex(/^\d{4}-\d{2}-\d{2}(-[a-z0-9][a-z0-9-]*)?$/, 'must be an edition id such as 2021-01-19');
const listing = {
  firstListed: editionRef.optional(),
  lastListed: editionRef.optional(),
};

export const zoneEntry = z.strictObject({
  id: zoneId,
  city: z.string().min(1),
  aliases: z.array(z.string().min(1)).default([]),
  ...listing,
  // False for a data centre that IBM's lists name (kube-samples' Calico policies) but no edition lists as a
  // cluster zone: a question naming it is answered for its region.
  clusterZone: z.boolean().default(true),
});

export const regionsFile = z.strictObject({
  regions: z
    .array(
      z.strictObject({
        id,
        legacyId: id,
        pageName: z.string().min(1),
        metro: z.string().min(1),
        aliases: z.array(z.string().min(1)).default([]),
        ...listing,
        zones: z.array(zoneEntry).min(1),
      }),
    )
    .min(1),
});

// Who a rule's traffic comes from or goes to, when that is a role rather than an address. data/common-parties.yml
// defines the roles every edition shares; an edition's parties.yml lists its roles and gives only what its page
// words otherwise, so every field may be left to the common file (assemble.ts checks that the two give a label
// and a placeholder).
const partyEntry = z.strictObject({
  id,
  label: z.string().min(1).optional(),
  placeholder: z.string().min(1).optional(),
  // True for the asker's own address: a question's "from 203.0.113.5" fills it in.
  questionSource: z.boolean().optional(),
  // Host names of this party, as a regular expression with an optional (?<region>...) group: a pasted
  // master URL is then read as the master. Case-insensitive, whole host name.
  hostPattern: z
    .string()
    .refine((p) => {
      try {
        new RegExp(p);
        return true;
      } catch {
        return false;
      }
    }, 'must be a regular expression')
    .optional(),
  // Which cluster fact fills this party in once a cluster has been looked up.
  clusterFact: z.enum(['workers-public-ips', 'workers-private-ips', 'master-host', 'private-master-host']).optional(),
  find: z.array(command).optional(),
});

export const partiesFile = z.strictObject({
  parties: z.array(partyEntry).min(1),
});

export const tableEntry = z.strictObject({
  regions: z.union([z.literal('global'), z.array(id).min(1)]),
  zones: z.array(z.string()).optional(),
  hosts: z.array(hostname).default([]),
  deprecatedHosts: z.array(hostname).default([]),
  addresses: z.array(address).default([]),
  note: z.string().optional(),
  // The day the row stopped applying ("until 5 July 2022": 2022-07-05): from then on it is shown as ended.
  until: z.iso.date().optional(),
});

export const tableFile = z.strictObject({
  id,
  title: z.string().min(1),
  section: z.string().min(1),
  // A global row (regions: global) applies to every region, beside the region's own rows.
  entries: z.array(tableEntry).min(1),
});

const endpoint = z.union([
  z.strictObject({ party: id }),
  z.strictObject({
    table: id,
    // region: every row of the asked region; zone: only the row holding the asked zone when a zone is named;
    // mark-zone: every row of the region, the asked zone's row marked (a page that ties no address to one zone).
    narrow: z.enum(['region', 'zone', 'mark-zone']),
  }),
  z.strictObject({
    hosts: z.array(hostname).default([]),
    addresses: z.array(address).default([]),
    label: z.string().min(1),
  }),
  z.strictObject({
    reference: z.strictObject({ label: z.string().min(1), url: z.url(), note: z.string().optional() }),
  }),
  // Any address: a real rule without an address restriction ("allow all egress on TCP 443").
  z.strictObject({ any: z.literal(true), label: z.string().min(1) }),
]);

export const clusterValue = z.strictObject({
  fact: z.enum(['master-port', 'private-master-port', 'etcd-port', 'node-port', 'service-port']),
  label: z.string().min(1),
  range: portSpec.optional(),
  find: z.array(command).min(1),
});

export const ruleEntry = z.strictObject({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]*\.[a-z0-9][a-z0-9-]*$/, 'must be "<scenario id>.<name>", e.g. kubectl.master'),
  direction,
  from: z.array(endpoint).min(1),
  to: z.array(endpoint).min(1),
  protocols: z.array(protocol).min(1),
  ports: z.array(portSpec).default([]),
  clusterPort: clusterValue.optional(),
  required: z.boolean(),
  // The id of one of the edition's conditions: the requirement applies only then ("required if ...").
  condition: id.optional(),
  // Not a rule for the asker's firewall but an allowlist kept on IBM's side (the IAM allowlist).
  allowlist: z.boolean().default(false),
  purpose: z.string().min(1),
  section: sectionAnchor,
  notes: z.array(z.string().min(1)).default([]),
  verify: z.array(command).default([]),
});

export const scenarioEntry = z.strictObject({
  id,
  title: z.string().min(1),
  summary: z.string().min(1),
  section: sectionAnchor,
  requires: z.array(id).default([]),
  includes: z.array(id).default([]),
  rules: z.array(ruleEntry).default([]),
  notes: z.array(z.string().min(1)).default([]),
});

export const scenariosFile = z.strictObject({
  scenarios: z.array(scenarioEntry).min(1),
});

export const topicEntry = z.strictObject({
  group: z.string().min(1),
  example: z.string().min(1),
  // Phrases a question may use to ask for this topic, matched on word boundaries, lowercase.
  keywords: z.array(z.string().min(1)).min(1),
});

// Words that narrow an answer to some of its rules (topics.yml explains each kind).
export const filterEntry = z.strictObject({
  kind: z.enum(['direction', 'network', 'party']),
  value: id,
  words: z.array(z.string().min(1)).min(1),
  topics: z.array(id).default([]),
  parties: z.array(id).default([]),
});

/** data/topics.yml: what people call each scenario, keyed by scenario id, shared by every edition. */
export const topicsFile = z.strictObject({
  // The words people use for addresses: a keyword ending in one is also read with each of the others.
  addressWords: z.array(z.string().min(1)).default([]),
  // Output format -> the words people use for it; the keys are checked against the formats in assemble.ts.
  formats: z.record(z.string(), z.array(z.string().min(1)).min(1)).default({}),
  filters: z.array(filterEntry).default([]),
  topics: z.record(id, topicEntry),
});

/** data/not-covered.yml: what the page does not cover, as people ask about it, and where IBM documents it. */
export const notCoveredFile = z.strictObject({
  notCovered: z
    .array(
      z.strictObject({
        id,
        what: z.string().min(1),
        keywords: z.array(z.string().min(1)).min(1),
        docs: z.strictObject({ title: z.string().min(1), url: z.url() }),
      }),
    )
    .min(1),
});

export type DatasetMetaFile = z.infer<typeof datasetMetaFile>;
export type RegionsFile = z.infer<typeof regionsFile>;
export type PartiesFile = z.infer<typeof partiesFile>;
export type PartyEntry = z.infer<typeof partyEntry>;
export type TableFile = z.infer<typeof tableFile>;
export type TableEntry = z.infer<typeof tableEntry>;
export type ScenariosFile = z.infer<typeof scenariosFile>;
export type ScenarioEntry = z.infer<typeof scenarioEntry>;
export type TopicEntry = z.infer<typeof topicEntry>;
export type TopicsFile = z.infer<typeof topicsFile>;
export type FilterEntry = z.infer<typeof filterEntry>;
export type NotCoveredFile = z.infer<typeof notCoveredFile>;
export type NotCoveredEntry = NotCoveredFile['notCovered'][number];
export type RuleEntry = z.infer<typeof ruleEntry>;
export type Endpoint = z.infer<typeof endpoint>;
export type PlaceholderFact = z.infer<typeof placeholderFact>;
export type ClusterValue = z.infer<typeof clusterValue>;
export type Protocol = z.infer<typeof protocol>;
export type Direction = z.infer<typeof direction>;
