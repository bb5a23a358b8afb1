import { z } from 'zod';
import { direction, portSpec, protocol } from '../dataset/schema.js';
import { JSON_CONTRACT_VERSION } from './json.js';

// The JSON output contract (`porthole ask --format json`), documented in docs/json.md. Fields may be added;
// none is removed or changes meaning without a new `contract` number. Kept apart from json.ts, which renders
// it, so that a JSON answer loads no zod.

const endpointJson = z.strictObject({
  kind: z.enum(['ip', 'cidr', 'host', 'placeholder', 'reference', 'any']),
  value: z.string().min(1),
  label: z.string(),
  party: z.string().optional(),
  deprecated: z.boolean().optional(),
  zones: z.array(z.string()).optional(),
  until: z.iso.date().optional(),
  url: z.string().optional(),
  find: z.array(z.string()).optional(),
});

/** The kind of reply a question got (src/bot/dispatch.ts), as `porthole ask --format json` names it. */
export const REPLY_KINDS = ['answer', 'why', 'change', 'help', 'topics', 'not-understood', 'out-of-scope'] as const;
export const replyKind = z.enum(REPLY_KINDS);

export const answerJsonSchema = z.strictObject({
  contract: z.literal(JSON_CONTRACT_VERSION),
  reply: replyKind.optional(),
  query: z.strictObject({
    text: z.string(),
    scenarios: z.array(z.string()),
    region: z.string().nullable(),
    zone: z.string().nullable(),
    cluster: z.string().nullable(),
    format: z.string().nullable(),
    includeOptional: z.boolean().optional(),
    edition: z.string().optional(),
    since: z.string().optional(),
    source: z.string().optional(),
    excluded: z.array(z.string()).optional(),
    filters: z
      .strictObject({ direction: z.array(z.string()).optional(), network: z.array(z.string()).optional(), party: z.array(z.string()).optional() })
      .optional(),
    check: z
      .strictObject({ ports: z.array(z.string()).optional(), protocols: z.array(z.string()).optional(), addresses: z.array(z.string()).optional(), hosts: z.array(z.string()).optional() })
      .optional(),
  }),
  verdict: z.strictObject({ answer: z.enum(['yes', 'no', 'partly']), text: z.string(), rules: z.array(z.string()) }).optional(),
  reading: z.string().optional(),
  title: z.string(),
  dataset: z.strictObject({
    version: z.string(),
    lastUpdated: z.string(),
    source: z.strictObject({ title: z.string(), url: z.string() }),
    edition: z
      .strictObject({
        id: z.string(),
        date: z.iso.date(),
        covers: z.string(),
        source: z.strictObject({
          title: z.string(),
          url: z.string(),
          repository: z.strictObject({ name: z.string(), path: z.string(), commit: z.string() }).optional(),
        }),
        newer: z.array(z.strictObject({ id: z.string(), date: z.iso.date() })).optional(),
      })
      .optional(),
    /** The page edition the rules come from, with its date. */
    page: z.strictObject({ edition: z.string(), date: z.iso.date() }).optional(),
    /** Where the addresses come from when an edition imported them (IBM-Cloud/kube-samples). */
    addresses: z.strictObject({ repository: z.string(), commit: z.string(), date: z.iso.date() }).optional(),
  }),
  scenarios: z.array(z.strictObject({ id: z.string(), title: z.string(), summary: z.string(), prerequisite: z.boolean() })),
  rules: z.array(
    z.strictObject({
      id: z.string(),
      scenario: z.string(),
      direction,
      sources: z.array(endpointJson).min(1),
      destinations: z.array(endpointJson).min(1),
      protocols: z.array(protocol).min(1),
      ports: z.array(portSpec),
      required: z.boolean(),
      ended: z.iso.date().optional(),
      condition: z.string().optional(),
      allowlist: z.boolean().optional(),
      purpose: z.string(),
      section: z.string(),
      sectionUrl: z.string(),
      prerequisite: z.boolean(),
      pending: z.array(
        z.strictObject({
          fact: z.string(),
          label: z.string(),
          range: portSpec.nullable(),
          find: z.array(z.string()),
        }),
      ),
      notes: z.array(z.string()),
      verify: z.array(z.string()),
    }),
  ),
  notes: z.array(z.string()),
  problems: z.array(
    z.strictObject({ code: z.string(), message: z.string(), input: z.string().optional(), suggestions: z.array(z.string()) }),
  ),
  needsRegion: z.boolean(),
  cluster: z
    .strictObject({ name: z.string(), id: z.string(), region: z.string(), zones: z.array(z.string()), source: z.string() })
    .nullable(),
});

export type AnswerJson = z.infer<typeof answerJsonSchema>;
