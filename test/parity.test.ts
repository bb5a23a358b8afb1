/**
 * Parity of the front ends on the edition users get: for every question, `porthole ask --format json` (the CLI
 * as a child process) and the message the Slack app sends to the stand-in for `/porthole` (the real app, in
 * HTTP mode, signed requests, 127.0.0.1) carry the same reply kind, rules, addresses and edition. Both go
 * through the dispatcher; this test is what catches a front end that reads a question its own way.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Dataset } from '../src/core/dataset/build.js';
import { chooseEdition } from '../src/core/dataset/editions.js';
import { REPLY_KINDS } from '../src/core/render/json-contract.js';
import { BUNDLED_DATA_DIR, loadDataset } from '../src/data-files/load.js';
import { ACTION_IDS } from '../src/slack/answer-message.js';
import { FILE_NOTE_BLOCK_ID } from '../src/slack/block-kit.js';
import { EXPORT_ACTION_ID } from '../src/slack/export-menu.js';
import { REPLY_BLOCK_ID_PREFIX } from '../src/slack/reply-message.js';
import { runCli } from './helpers/cli.js';
import { blockActionsPayload, DEFAULT_WORKSPACE as W, SlackAppHarness, shownText, slashCommandFields, type RecordedCall, type RecordedUpload, type StandInEvent } from './support/slack/index.js';

let newest: Dataset;
let harness: SlackAppHarness;

beforeAll(async () => {
  const loaded = await loadDataset(BUNDLED_DATA_DIR, { edition: null });
  if (!loaded.ok) throw new Error('the default edition is not valid');
  newest = loaded.dataset;
  harness = new SlackAppHarness('http', {
    tokens: { botToken: 'xoxb-1111-2222-parityBotToken', appToken: 'xapp-1-A0PARITY-3333-parityAppToken', signingSecret: '0c8e7a3bd1f64a52a9c1f0e3d5b7a911' },
    rateLimitPerMinute: 10_000,
    logLevel: 'info',
  });
  await harness.start(newest);
});

afterAll(async () => {
  await harness?.stop();
});

/** The questions, built from the default edition's own data: every reply kind, several times. */
function questions(): { kind: (typeof REPLY_KINDS)[number]; text: string }[] {
  const { examples } = newest.meta;
  const regions = newest.regions.map((r) => r.id);
  const older = newest.editions.filter((id) => id !== newest.edition);
  const years = [...new Set(older.map((id) => id.slice(0, 4)))];
  const topics = ['kubectl', 'registry', 'calicoctl', 'ibmcloud ks', 'logging', 'monitoring'];
  const beforeFirst = String(Number(newest.editions[0]!.slice(0, 4)) - 1);
  return [
    ...examples.questions.map((text) => ({ kind: 'answer' as const, text })),
    ...topics.flatMap((topic, i) => [regions[i % regions.length]!, regions[(i + 3) % regions.length]!].map((region) => ({ kind: 'answer' as const, text: `${topic} in ${region}` }))),
    ...years.map((year) => ({ kind: 'answer' as const, text: `kubectl in ${regions[0]} as of ${year}` })),
    { kind: 'answer', text: 'kubectl' },
    ...examples.why.map((text) => ({ kind: 'why' as const, text })),
    { kind: 'why', text: examples.logLine },
    { kind: 'why', text: 'why 10.1.2.3' },
    ...years.map((year) => ({ kind: 'change' as const, text: `what changed since ${year}` })),
    ...years.map((year) => ({ kind: 'change' as const, text: `what changed for kubectl in ${regions[0]} since ${year}` })),
    { kind: 'help', text: 'help' },
    { kind: 'help', text: '?' },
    { kind: 'topics', text: 'topics' },
    { kind: 'topics', text: 'what can I ask' },
    { kind: 'not-understood', text: 'frobnicate the widget' },
    { kind: 'not-understood', text: `kubectl as of ${beforeFirst}` },
    { kind: 'not-understood', text: `what changed since ${beforeFirst}` },
    { kind: 'not-understood', text: `kubectl in ${regions[0]} and ${regions[1]}` },
    ...newest.notCovered.map((entry) => ({ kind: 'out-of-scope' as const, text: `${entry.keywords[0]} firewall` })),
  ];
}

interface Facts {
  kind: string;
  edition: string;
  /** Rules answered (answers), rule ids named (why), changes counted (change); null where the kind has none. */
  rules: string | null;
  /** Every address and host name the reply gives. */
  addresses: string[];
}

type Json = Record<string, unknown> & { dataset?: { edition?: { id: string } } };

const IPV4 = /\b\d{1,3}(?:\.\d{1,3}){3}(?:\/\d{1,2})?\b/g;

function endpointValues(json: Json): string[] {
  const rules = (json.rules ?? []) as { sources: { kind: string; value: string }[]; destinations: { kind: string; value: string }[] }[];
  return rules.flatMap((r) => [...r.sources, ...r.destinations]).flatMap((e) => (['ip', 'cidr', 'host'].includes(e.kind) ? [e.value] : []));
}

function whyRuleIds(json: Json): string[] {
  const findings = (json.findings ?? []) as { listings: { rules: { rule: string }[] }[] }[];
  const port = json.port as { rules: { rule: string }[] } | null;
  return [...new Set([...findings.flatMap((f) => f.listings.flatMap((l) => l.rules.map((r) => r.rule))), ...(port?.rules.map((r) => r.rule) ?? [])])].sort();
}

/** What the CLI's JSON says. */
function cliFacts(json: Json): Facts {
  const kind = String(json.reply);
  if (kind === 'change') return { kind, edition: `${json.from} → ${json.to}`, rules: String((json.changes as unknown[]).length), addresses: [] };
  const edition = json.dataset?.edition?.id ?? '';
  if (kind === 'why') return { kind, edition, rules: whyRuleIds(json).join(' '), addresses: [] };
  if (kind !== 'answer') return { kind, edition, rules: null, addresses: [] };
  if (json.needsRegion === true) return { kind, edition, rules: 'needs a region', addresses: [] };
  const rules = json.rules as { required: boolean }[];
  return { kind, edition, rules: `${rules.length} (${rules.filter((r) => r.required).length} required)`, addresses: [...new Set(endpointValues(json))].sort() };
}

/** What the Slack message (and the file that follows a summary) says, read as a person reads it. */
function slackFacts(message: { text?: string; blocks?: { block_id?: string }[] }, file: string, cli: Facts, cliJson: Json): Facts {
  const kind = (message.blocks?.[0]?.block_id ?? '').replace(REPLY_BLOCK_ID_PREFIX, '');
  const shown = [...shownText(message.blocks), file].join('\n');
  if (kind === 'change') {
    const header = shown.match(/What changed: (\S+) → (\S+)/);
    const counted = shown.match(/\*(\d+) changes\*/)?.[1] ?? (shown.includes('*No change.*') ? '0' : '?');
    return { kind, edition: `${header?.[1]} → ${header?.[2]}`, rules: counted, addresses: [] };
  }
  const edition = shown.match(/Edition \*([^*]+)\*/)?.[1] ?? '';
  if (kind === 'why') return { kind, edition, rules: whyRuleIds(cliJson).filter((id) => shown.includes(id)).join(' '), addresses: [] };
  if (kind !== 'answer') return { kind, edition, rules: null, addresses: [] };
  if (shown.includes('Pick the region') || shown.includes('depend on the region')) return { kind, edition, rules: 'needs a region', addresses: [] };
  const counted = (message.text ?? '').match(/(\d+) rules? \((\d+) required\)/);
  // Every address of the CLI's answer that Slack shows, and every IPv4 address Slack shows that the answer lacks.
  const shownAddresses = cli.addresses.filter((a) => shown.includes(a));
  const extra = [...new Set(shown.match(IPV4) ?? [])].filter((a) => !cli.addresses.includes(a));
  return { kind, edition, rules: counted ? `${counted[1]} (${counted[2]} required)` : '?', addresses: [...shownAddresses, ...extra].sort() };
}

/** The slash command's ack, and the file sent after it when the ack holds a summary. */
async function askSlack(text: string): Promise<{ message: { text?: string; blocks?: { block_id?: string }[] }; file: string; waited: boolean }> {
  const since = harness.standIn.seq;
  const responseId = harness.nextId('parity');
  const { ackJson } = await harness.sendSlash(slashCommandFields({ text, user_id: W.userId, channel_id: W.channelId, response_url: harness.standIn.responseUrl(responseId) }));
  const acked = ackJson as { text?: string; blocks?: { block_id?: string }[] };
  // An answer that waits (an edition read for the first time) follows the ack through the response_url.
  const isReply = (m: typeof acked) => m.blocks?.[0]?.block_id?.startsWith(REPLY_BLOCK_ID_PREFIX) === true;
  const message = isReply(acked) ? acked : ((await harness.waitForResponse(responseId, since)).body as typeof acked);
  const waited = message !== acked;
  if (!message.blocks?.some((b) => b.block_id === FILE_NOTE_BLOCK_ID)) return { message, file: '', waited };
  const upload = (await harness.standIn.waitFor((e: StandInEvent) => e.kind === 'upload', 10_000, since)) as RecordedUpload;
  return { message, file: upload.text, waited };
}

describe('the CLI and the Slack app give the same reply on the default edition', () => {
  it('for at least 40 questions covering every reply kind', async () => {
    const asked = questions();
    expect(asked.length).toBeGreaterThanOrEqual(40);
    expect(new Set(asked.map((q) => q.kind))).toEqual(new Set(REPLY_KINDS));
    const inForce = (year: string) => {
      const chosen = chooseEdition(newest.editions, year);
      return chosen.ok ? chosen.id : '';
    };
    const compared = { addresses: 0, files: 0, waited: 0 };
    for (const { kind, text } of asked) {
      const run = runCli(['ask', text, '--format', 'json'], { PORTHOLE_EDITION: undefined });
      const json = JSON.parse(run.stdout) as Json;
      const cli = cliFacts(json);
      expect(cli.kind, `${text}: the reply kind the CLI gives`).toBe(kind);
      const edition = text.match(/as of (\d{4})$/)?.[1];
      if (kind === 'answer') expect(cli.edition, text).toBe(edition !== undefined ? inForce(edition) : newest.edition);
      const { message, file, waited } = await askSlack(text);
      expect(slackFacts(message, file, cli, json), `${text}: Slack's reply against the CLI's`).toEqual(cli);
      compared.addresses += cli.addresses.length;
      compared.files += file === '' ? 0 : 1;
      compared.waited += waited ? 1 : 0;
    }
    // The comparison saw addresses, a long answer's file, and an answer that followed its ack.
    expect(compared.addresses).toBeGreaterThan(0);
    expect(compared.files).toBeGreaterThan(0);
    expect(compared.waited).toBeGreaterThan(0);
  });
});

describe('buttons under an answer from an older edition', () => {
  type Blocks = { type: string; block_id?: string; elements?: { action_id: string; value?: string }[] }[];
  const editionOf = (blocks: unknown) => shownText(blocks).join('\n').match(/Edition \*([^*]+)\*/)?.[1];
  const oldest = () => newest.editions[0]!;
  const select = (actionId: string, blockId: string, value: string, responseId: string) => {
    const payload = blockActionsPayload({ actionId, ephemeral: true, responseUrl: harness.standIn.responseUrl(responseId) });
    payload.actions = [{ type: 'static_select', action_id: actionId, block_id: blockId, selected_option: { text: { type: 'plain_text', text: value }, value }, action_ts: '1.1' }];
    return payload;
  };

  it('rebuild it from that edition: Share in channel, the region picker and Export', async () => {
    const year = oldest().slice(0, 4);
    const inForce = chooseEdition(newest.editions, year);
    if (!inForce.ok) throw new Error(inForce.message);
    const region = newest.regions.find((r) => r.id !== newest.regions[0]!.id)!.id;

    // Share in channel: the posted answer is the older edition's, as the private one was.
    const { message } = await askSlack(`kubectl in ${newest.regions[0]!.id} as of ${year}`);
    expect(editionOf(message.blocks)).toBe(inForce.id);
    const actions = (message.blocks as Blocks).find((b) => b.type === 'actions')!;
    const share = actions.elements!.find((e) => e.action_id === ACTION_IDS.share)!;
    let since = harness.standIn.seq;
    await harness.interact(blockActionsPayload({ actionId: ACTION_IDS.share, value: share.value!, ephemeral: true, responseUrl: harness.standIn.responseUrl(harness.nextId('share')) }));
    const shared = (await harness.standIn.waitFor((e: StandInEvent) => e.kind === 'call' && e.method === 'chat.postMessage', 10_000, since)) as RecordedCall;
    expect(editionOf(shared.args.blocks)).toBe(inForce.id);

    // The region picker under "kubectl as of <year>": the picked answer is the older edition's.
    const { message: asked } = await askSlack(`kubectl as of ${year}`);
    expect(editionOf(asked.blocks)).toBe(inForce.id);
    const picker = (asked.blocks as Blocks).find((b) => b.type === 'actions')!;
    const pickId = harness.nextId('pick');
    await harness.interact(select(ACTION_IDS.region, picker.block_id!, region, pickId));
    const picked = (await harness.waitForResponse(pickId)).body as { blocks: Blocks };
    expect(editionOf(picked.blocks)).toBe(inForce.id);

    // Export as CSV from the picked answer: the file names the older edition's dataset.
    const exportActions = picked.blocks.find((b) => b.type === 'actions' && b.elements?.some((e) => e.action_id === EXPORT_ACTION_ID))!;
    since = harness.standIn.seq;
    await harness.interact(select(EXPORT_ACTION_ID, exportActions.block_id!, 'csv', harness.nextId('export')));
    const upload = (await harness.standIn.waitFor((e: StandInEvent) => e.kind === 'upload', 10_000, since)) as RecordedUpload;
    const older = await loadDataset(BUNDLED_DATA_DIR, { edition: inForce.id });
    if (!older.ok) throw new Error('the older edition is not valid');
    expect(upload.text).toContain(older.dataset.meta.version);
    expect(upload.text).not.toContain(newest.meta.version);
  });
});
