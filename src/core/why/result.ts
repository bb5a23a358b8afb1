import { z } from 'zod';
import { direction, protocol } from '../dataset/schema.js';
import { answerJsonSchema, replyKind } from '../render/json-contract.js';

// What a "why is this address needed?" lookup answers, as data (`porthole why --format json`). Fields may be
// added; none is removed or changes meaning without a new `contract` number.

export const WHY_CONTRACT_VERSION = 1;

export const whyRole = z.enum(['source', 'destination']);

/** A rule of the dataset that uses the looked-up address, host or port. */
export const whyRuleSchema = z.strictObject({
  rule: z.string(),
  scenario: z.strictObject({ id: z.string(), title: z.string() }),
  direction,
  /** Where the listing stands in the rule; null for a port lookup. */
  side: whyRole.nullable(),
  /** Who the traffic comes from and goes to, as the page names them. */
  from: z.array(z.string()),
  to: z.array(z.string()),
  protocols: z.array(protocol),
  ports: z.array(z.string()),
  /** A cluster-specific port (the master URL's port, a NodePort) and the range the page gives for it. */
  clusterPort: z.strictObject({ label: z.string(), range: z.string().nullable() }).nullable(),
  required: z.boolean(),
  purpose: z.string(),
  section: z.string(),
  sectionUrl: z.string(),
  /**
   * With a port or protocol in the question: whether this rule opens it ("depends-on-cluster" for a port only a
   * cluster lookup knows, such as the etcd port; "other-protocol" when the rule allows another protocol, whatever
   * the port); null when the question names neither.
   */
  portMatch: z.enum(['yes', 'no', 'depends-on-cluster', 'other-protocol']).nullable(),
});

/** One place the dataset lists an address, subnet or host name: a table row, or a rule that names it itself. */
export const whyListingSchema = z.strictObject({
  value: z.string(),
  kind: z.enum(['ip', 'cidr', 'host']),
  deprecated: z.boolean(),
  /** exact: the same address or name; inside: the asked address is in this subnet; contains: the asked subnet holds it. */
  relation: z.enum(['exact', 'inside', 'contains']),
  table: z.strictObject({ id: z.string(), title: z.string() }).nullable(),
  label: z.string(),
  /** Region ids, or ["global"] for a row that applies to every region. */
  regions: z.array(z.string()),
  regionNames: z.array(z.string()),
  zones: z.array(z.string()),
  /** The whole table row (or rule endpoint) the listing belongs to. */
  row: z.strictObject({ hosts: z.array(z.string()), deprecatedHosts: z.array(z.string()), addresses: z.array(z.string()) }),
  note: z.string().nullable(),
  /** The day the row stopped applying, if it did; ended: that day is on or before the edition's date. */
  until: z.iso.date().nullable(),
  ended: z.boolean(),
  rules: z.array(whyRuleSchema),
});

export const whyFindingSchema = z.strictObject({
  subject: z.strictObject({ kind: z.enum(['ip', 'cidr', 'host']), value: z.string(), role: whyRole.nullable() }),
  listed: z.boolean(),
  /** For addresses: the kind of range it falls in (private, loopback, unicast, ...), as ipaddr.js names it. */
  addressRange: z.string().nullable(),
  listings: z.array(whyListingSchema),
});

export const whyProblemSchema = z.strictObject({
  code: z.enum(['nothing-to-look-up', 'invalid-address', 'invalid-port']),
  message: z.string(),
  input: z.string().optional(),
});

export const whyResultSchema = z.strictObject({
  contract: z.literal(WHY_CONTRACT_VERSION),
  /** "why": the kind of reply, as `porthole ask --format json` and `porthole why --format json` name it. */
  reply: replyKind.optional(),
  input: z.string(),
  dataset: answerJsonSchema.shape.dataset,
  query: z.strictObject({
    addresses: z.array(z.strictObject({ value: z.string(), role: whyRole.nullable() })),
    hosts: z.array(z.string()),
    port: z.number().int().nullable(),
    protocol: z.string().nullable(),
  }),
  findings: z.array(whyFindingSchema),
  /** For a question about a port alone: the rules that name it. */
  port: z
    .strictObject({
      port: z.number().int(),
      protocol: z.string().nullable(),
      rules: z.array(whyRuleSchema),
      /** Rules that open every port of a protocol (between worker nodes, whole ranges), which cover it too. */
      everyPortRules: z.array(z.string()),
      /** Rules whose port depends on the cluster and has no documented range: it may be this one. */
      clusterPortRules: z.array(z.string()),
    })
    .nullable(),
  problems: z.array(whyProblemSchema),
  notes: z.array(z.string()),
  /** For subjects this edition does not list: each edition and whether (and as what) it lists them. */
  history: z
    .array(
      z.strictObject({
        subject: z.string(),
        editions: z.array(z.strictObject({ edition: z.string(), date: z.string(), listed: z.boolean(), as: z.array(z.string()) })),
      }),
    )
    .optional(),
});

export type WhyRule = z.infer<typeof whyRuleSchema>;
export type WhyListing = z.infer<typeof whyListingSchema>;
export type WhyFinding = z.infer<typeof whyFindingSchema>;
export type WhyProblem = z.infer<typeof whyProblemSchema>;
export type WhyResult = z.infer<typeof whyResultSchema>;
export type WhyRole = z.infer<typeof whyRole>;
