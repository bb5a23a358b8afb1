/**
 * The Export menu and "why is this address needed?" in Slack: the real porthole app against the local Slack
 * stand-in (test/support/slack), in HTTP mode, with one round trip of each in Socket Mode; and the why
 * renderer against Slack's limits for every address of the dataset.
 */
import fc from 'fast-check';
import ipaddr from 'ipaddr.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Answer } from '../src/core/answer.js';
import type { Dataset } from '../src/core/dataset/build.js';
import { parseQuestion } from '../src/core/parse/question.js';
import { ask, resolve } from '../src/core/resolve/resolve.js';
import { explainAddress } from '../src/core/why/index.js';
import { loadDataset } from '../src/data-files/load.js';
import type { Asker, LookupCluster } from '../src/bot/index.js';
import { EXPORT_FORMATS, EXPORTERS, exportFileName, type Exporter, type ExportFormat } from '../src/export/index.js';
import type { SlackMessage } from '../src/slack/block-kit.js';
import { EXPORT_ACTION_ID, exportMenu } from '../src/slack/export-menu.js';
import { blockTexts, measureMessage } from '../src/slack/limits.js';
import { renderWhy } from '../src/slack/why-message.js';
import {
  appMentionEvent,
  blockActionsPayload,
  checkBlocks,
  DEFAULT_WORKSPACE as W,
  dmMessageEvent,
  SlackAppHarness,
  slashCommandFields,
  type Mode,
  type RecordedCall,
  type RecordedResponse,
  type RecordedUpload,
} from './support/slack/index.js';
import { demoFraFacts } from './support/cluster-fixture.js';

const BOT_TOKEN = 'xoxb-1111-2222-exportTestToken';
const APP_TOKEN = 'xapp-1-A0PORTHOLE-3333-exportTestAppToken';
const SECRET = '0cc175b9c0f1b6a831c399e269772661';

interface Actions {
  block_id: string;
  elements: { type: string; action_id: string; options?: { text: { text: string }; value: string }[] }[];
}

let dataset: Dataset;
beforeAll(async () => {
  // The expected values of this file (addresses, rule ids, titles, examples) are the 2019-03-04 page's.
  const loaded = await loadDataset(undefined, { edition: '2019-03-04' });
  if (!loaded.ok) throw new Error('the bundled dataset does not load');
  dataset = loaded.dataset;
});

const demoFacts = demoFraFacts;

/** The porthole app with its Slack (test/support/slack/app-harness.ts), with the test's cluster lookup seam. */
class Harness extends SlackAppHarness {
  readonly lookups: { name: string; asker: Asker }[] = [];

  constructor(mode: Mode) {
    super(mode, {
      tokens: { botToken: BOT_TOKEN, appToken: APP_TOKEN, signingSecret: SECRET },
      rateLimitPerMinute: 1000,
      logLevel: 'info',
      appOptions: () => ({ lookupCluster: this.lookupCluster }),
    });
  }

  private readonly lookupCluster: LookupCluster = async (name, asker) => {
    this.lookups.push({ name, asker });
    return name === 'demo-fra' ? { facts: demoFacts(), notes: [] } : { facts: null, notes: [`Cluster ${name} is not in the cluster file.`] };
  };

  override start(): Promise<this> {
    return super.start(dataset);
  }

  /** A slash command from W.userId in W.channelId; resolves with the answer in its ack, as sent and parsed. */
  async slash(text: string): Promise<{ raw: string; body: Message }> {
    const id = this.nextId('slash');
    const { ackBody, ackJson } = await this.sendSlash(slashCommandFields({ text, response_url: this.standIn.responseUrl(id) }));
    return { raw: typeof ackBody === 'string' ? ackBody : JSON.stringify(ackBody), body: ackJson as Message };
  }

  /** Chooses `format` in the Export menu of a message; resolves with the id of the action's response_url. */
  async exportFrom(
    blocks: unknown,
    format: string,
    where: { ephemeral: true; channel?: string } | { ephemeral: false; channel: string; ts: string; threadTs?: string },
  ): Promise<string> {
    const actions = exportActions(blocks);
    const menu = actions.elements.find((e) => e.type === 'static_select' && e.action_id === EXPORT_ACTION_ID)!;
    const responseId = this.nextId('export');
    const payload = blockActionsPayload({
      actionId: EXPORT_ACTION_ID,
      ephemeral: where.ephemeral,
      channel: where.channel ?? W.channelId,
      responseUrl: this.standIn.responseUrl(responseId),
      ...(where.ephemeral ? {} : { message: { type: 'message', ts: where.ts, ...(where.threadTs !== undefined ? { thread_ts: where.threadTs } : {}), text: 'x', blocks } }),
    });
    const option = menu.options?.find((o) => o.value === format) ?? { text: { text: format }, value: format };
    payload.actions = [
      { type: 'static_select', action_id: EXPORT_ACTION_ID, block_id: actions.block_id, selected_option: { text: { type: 'plain_text', text: option.text.text }, value: option.value }, action_ts: '1.1' },
    ];
    await this.interact(payload);
    return responseId;
  }

  /** The upload of a completed files.uploadV2 (the recorded file, and its completeUploadExternal call). */
  async upload(since: number): Promise<{ complete: RecordedCall; file: RecordedUpload; getUrl: RecordedCall }> {
    const complete = await this.call('files.completeUploadExternal', () => true, since);
    const fileId = (complete.args.files as { id: string }[])[0]!.id;
    const file = this.standIn.uploads.find((u) => u.fileId === fileId)!;
    const getUrl = this.standIn.callsTo('files.getUploadURLExternal').find((c) => c.seq > since && c.result.file_id === fileId)!;
    return { complete, file, getUrl };
  }
}

function exportActions(blocks: unknown): Actions {
  const actions = (blocks as { type: string }[]).filter((b) => b.type === 'actions') as unknown as Actions[];
  const found = actions.find((a) => a.elements.some((e) => e.action_id === EXPORT_ACTION_ID));
  if (found === undefined) throw new Error('no Export menu in the message');
  return found;
}

type Message = { text?: string; blocks?: unknown[]; response_type?: string; replace_original?: boolean };

/** What a response_url received, or the answer in a slash command's ack. */
function bodyOf(r: RecordedResponse | { body: Message }): Message {
  return r.body as Message;
}

function textOf(blocks: unknown): string {
  return blockTexts(blocks).join('\n');
}

function headerOf(blocks: unknown): string | undefined {
  return (blocks as { type: string; text?: { text: string } }[]).find((b) => b.type === 'header')?.text?.text;
}

/** Every Web API call since `since` that names `channel` (as channel, channel_id or channels). */
function callsNaming(h: Harness, channel: string, since: number): RecordedCall[] {
  return h.standIn.calls.filter((c) => c.seq > since && [c.args.channel, c.args.channel_id, c.args.channels].some((v) => typeof v === 'string' && v.split(',').includes(channel)));
}

describe('Export menu, HTTP mode', () => {
  const h = new Harness('http');
  beforeAll(async () => {
    await h.start();
  });
  afterAll(async () => {
    await h.stop();
  });

  it('offers every registered format in one Export menu under an answer', async () => {
    const body = bodyOf(await h.slash('kubectl in eu-de'));
    const menu = exportActions(body.blocks).elements.find((e) => e.action_id === EXPORT_ACTION_ID)!;
    expect(menu.type).toBe('static_select');
    expect(menu.options!.map((o) => o.value)).toEqual([...EXPORT_FORMATS]);
    expect(menu.options!.map((o) => o.text.text)).toEqual(EXPORT_FORMATS.map((f) => EXPORTERS[f].title));
  });

  it("exports a mention's answer into the same thread, with the exporter's exact output", async () => {
    const since = h.standIn.seq;
    const logsBefore = h.rawLogs.length;
    const mention = appMentionEvent({ text: `<@${W.botUserId}> kubectl in eu-de` });
    await h.event(mention);
    const posted = await h.call('chat.postMessage', (c) => c.args.thread_ts === mention.event.ts, since);
    const afterAnswer = h.standIn.seq;
    await h.exportFrom(posted.args.blocks, 'iptables', { ephemeral: false, channel: W.channelId, ts: String(posted.result.ts), threadTs: String(mention.event.ts) });

    const { complete, file, getUrl } = await h.upload(afterAnswer);
    const expected = EXPORTERS.iptables.render(ask('kubectl in eu-de', dataset));
    expect(getUrl.args.filename).toBe('porthole-kubectl-eu-de.rules');
    expect(Number(getUrl.args.length)).toBe(Buffer.byteLength(expected));
    expect(file.status).toBe(200);
    expect(file.text).toBe(expected);
    expect(complete.args.channel_id).toBe(W.channelId);
    expect(complete.args.thread_ts).toBe(mention.event.ts);
    expect(file.completed?.title).toBe('porthole: kubectl commands in eu-de (iptables-restore rules)');
    expect(file.completed?.initialComment).toContain(`dataset ${dataset.meta.version} (updated ${dataset.meta.lastUpdated})`);
    // A posted answer's export needs no DM.
    expect(h.standIn.callsTo('conversations.open').filter((c) => c.seq > afterAnswer)).toEqual([]);

    const audit = await h.waitForLog((l) => l.msg === 'audit' && (l.audit as { entry: string }).entry === 'export', logsBefore);
    expect(audit.audit).toMatchObject({
      entry: 'export',
      channelId: W.channelId,
      userId: W.userId,
      query: { scenarios: ['kubectl'], region: 'eu-de', format: 'iptables' },
      outcome: 'answered',
      rules: 2,
    });
  });

  it("sends an ephemeral answer's export to the asker's direct messages, and nothing to the channel", async () => {
    const answer = bodyOf(await h.slash('registry in fra02'));
    expect(answer.response_type).toBe('ephemeral');
    const since = h.standIn.seq;
    const responseId = await h.exportFrom(answer.blocks, 'csv', { ephemeral: true });
    const { complete, file } = await h.upload(since);

    // A direct message reached by the user id (chat.postMessage opens it): no conversations.open, no im:write.
    const intro = h.standIn.callsTo('chat.postMessage').find((c) => c.seq > since)!;
    expect(intro.args.channel).toBe(W.userId);
    expect(textOf([{ type: 'section', text: { type: 'mrkdwn', text: intro.args.text } }])).toContain('as CSV');
    expect(complete.args.channel_id).toBe(intro.result.channel);
    expect(h.standIn.callsTo('conversations.open')).toEqual([]);
    expect(complete.args.thread_ts).toBeUndefined();
    expect(file.filename).toBe('porthole-registry-fra02.csv');
    expect(file.text).toBe(EXPORTERS.csv.render(ask('registry in fra02', dataset)));

    // The asker is told where the file went, privately.
    const told = bodyOf(await h.standIn.waitForResponse(responseId, 5000));
    expect(told.response_type).toBe('ephemeral');
    expect(told.replace_original).toBe(false);
    expect(textOf(told.blocks)).toContain('`porthole-registry-fra02.csv`');
    expect(textOf(told.blocks)).toContain('direct messages');
    // Nothing reached the public channel: no message, no file share.
    expect(callsNaming(h, W.channelId, since)).toEqual([]);
  });

  it('names each format’s file after the question, with its own extension, and fills it with that format', async () => {
    const channel = 'D0HUMANEXP1';
    const since = h.standIn.seq;
    await h.event(dmMessageEvent({ text: 'registry in fra02', channel }));
    const posted = await h.call('chat.postMessage', (c) => c.args.channel === channel, since);
    const names: string[] = [];
    for (const format of EXPORT_FORMATS) {
      const before = h.standIn.seq;
      await h.exportFrom(posted.args.blocks, format, { ephemeral: false, channel, ts: String(posted.result.ts) });
      const { complete, file } = await h.upload(before);
      // A direct-message answer's file follows it in the conversation (no thread of its own).
      expect(complete.args.channel_id).toBe(channel);
      expect(complete.args.thread_ts).toBeUndefined();
      expect(file.text).toBe(EXPORTERS[format].render(ask('registry in fra02', dataset)));
      names.push(file.filename!);
    }
    expect(names).toEqual(EXPORT_FORMATS.map((f) => `porthole-registry-fra02.${EXPORTERS[f].fileExtension}`));
  });

  it('exports the answer for the region picked in the region picker', async () => {
    const first = bodyOf(await h.slash('kubectl'));
    const picker = (first.blocks as { type: string; block_id?: string }[]).find((b) => b.type === 'actions')!;
    const pickId = h.nextId('pick');
    const payload = blockActionsPayload({ actionId: 'porthole.region', ephemeral: true, responseUrl: h.standIn.responseUrl(pickId) });
    payload.actions = [
      { type: 'static_select', action_id: 'porthole.region', block_id: picker.block_id, selected_option: { text: { type: 'plain_text', text: 'x' }, value: 'eu-gb' }, action_ts: '1.2' },
    ];
    await h.interact(payload);
    const picked = bodyOf(await h.standIn.waitForResponse(pickId, 5000));
    const since = h.standIn.seq;
    await h.exportFrom(picked.blocks, 'nftables', { ephemeral: true });
    const { file } = await h.upload(since);
    expect(file.filename).toBe('porthole-kubectl-eu-gb.nft');
    expect(file.text).toBe(EXPORTERS.nftables.render(ask('kubectl in eu-gb', dataset)));
  });

  it("re-derives a cluster answer through the cluster lookup seam: the file has the cluster's own master port", async () => {
    const since = h.standIn.seq;
    const mention = appMentionEvent({ text: `<@${W.botUserId}> kubectl cluster demo-fra` });
    await h.event(mention);
    const posted = await h.call('chat.postMessage', (c) => c.args.thread_ts === mention.event.ts, since);
    const lookupsBefore = h.lookups.length;
    await h.exportFrom(posted.args.blocks, 'csv', { ephemeral: false, channel: W.channelId, ts: String(posted.result.ts), threadTs: String(mention.event.ts) });
    const { file } = await h.upload(since);

    const expectedAnswer: Answer = resolve(parseQuestion('kubectl cluster demo-fra', dataset), dataset, { cluster: demoFacts(), clusterNotes: [] });
    expect(file.filename).toBe(exportFileName(expectedAnswer, 'csv'));
    expect(file.filename).toContain('demo-fra');
    expect(file.text).toBe(EXPORTERS.csv.render(expectedAnswer));
    expect(file.text).toContain('31142');
    // The lookup was asked again for the export, on behalf of the person who chose it.
    expect(h.lookups.slice(lookupsBefore)).toEqual([{ name: 'demo-fra', asker: { userId: W.userId, channelId: W.channelId, teamId: W.teamId } }]);
  });

  it('tells the asker privately when the upload fails, logs and audits it, and keeps answering', async () => {
    const answer = bodyOf(await h.slash('dns in eu-de'));
    const since = h.standIn.seq;
    const logsBefore = h.rawLogs.length;
    h.standIn.fail('upload_url', { status: 500, times: 1 });
    const responseId = await h.exportFrom(answer.blocks, 'calico', { ephemeral: true });
    const told = bodyOf(await h.standIn.waitForResponse(responseId, 5000));
    expect(told.response_type).toBe('ephemeral');
    expect(textOf(told.blocks)).toContain('Sorry, I could not send you the file');
    expect(textOf(told.blocks)).toContain('--format calico');
    const audit = await h.waitForLog((l) => l.msg === 'audit' && (l.audit as { entry: string }).entry === 'export', logsBefore);
    expect(audit.audit).toMatchObject({ entry: 'export', userId: W.userId, outcome: 'error', rules: 0, query: { format: 'calico' } });
    expect(h.logs.slice(logsBefore).find((l) => l.msg === 'export failed')).toMatchObject({ format: 'calico' });
    expect(h.logs.slice(logsBefore).filter((l) => l.msg === 'unhandled error in a listener')).toEqual([]);
    expect(h.standIn.uploads.filter((u) => u.seq > since).map((u) => u.status)).toEqual([500]);
    expect(h.standIn.callsTo('files.completeUploadExternal').filter((c) => c.seq > since)).toEqual([]);

    // The next export goes through.
    const again = h.standIn.seq;
    await h.exportFrom(answer.blocks, 'calico', { ephemeral: true });
    expect((await h.upload(again)).file.filename).toBe('porthole-dns-eu-de.yaml');
  });

  it('tells the asker when Slack refuses the direct message (e.g. a missing scope)', async () => {
    const answer = bodyOf(await h.slash('iam in eu-de'));
    h.standIn.fail('chat.postMessage', { error: 'missing_scope', times: 1 });
    const since = h.standIn.seq;
    const responseId = await h.exportFrom(answer.blocks, 'csv', { ephemeral: true });
    const told = bodyOf(await h.standIn.waitForResponse(responseId, 5000));
    expect(textOf(told.blocks)).toContain('missing_scope');
    expect(h.standIn.callsTo('files.getUploadURLExternal').filter((c) => c.seq > since)).toEqual([]);
  });

  it('answers an Export choice from an answer it can no longer read with a polite note', async () => {
    const logsBefore = h.rawLogs.length;
    const responseId = h.nextId('stale');
    const payload = blockActionsPayload({ actionId: EXPORT_ACTION_ID, ephemeral: true, responseUrl: h.standIn.responseUrl(responseId) });
    payload.actions = [
      { type: 'static_select', action_id: EXPORT_ACTION_ID, block_id: 'q1;no-such-topic;eu-de;;', selected_option: { text: { type: 'plain_text', text: 'x' }, value: 'csv' }, action_ts: '1.3' },
    ];
    await h.interact(payload);
    expect(textOf(bodyOf(await h.standIn.waitForResponse(responseId, 5000)).blocks)).toContain('Please ask your question again');
    const audit = await h.waitForLog((l) => l.msg === 'audit' && (l.audit as { entry: string }).entry === 'export', logsBefore);
    expect(audit.audit).toMatchObject({ outcome: 'not-understood', query: null });
  });
});

describe('why in Slack, HTTP mode', () => {
  const h = new Harness('http');
  beforeAll(async () => {
    await h.start();
  });
  afterAll(async () => {
    await h.stop();
  });

  it('/porthole why 169.50.56.174 names the master IP row: EU Central, fra02/fra04/fra05, and the rules', async () => {
    const logsBefore = h.rawLogs.length;
    const body = bodyOf(await h.slash('why 169.50.56.174'));
    expect(body.response_type).toBe('ephemeral');
    expect(headerOf(body.blocks)).toBe('Why is 169.50.56.174 needed?');
    const all = textOf(body.blocks);
    expect(all).toContain('`169.50.56.174` is listed in the dataset');
    expect(all).toContain('*Cluster master IP addresses* · EU Central (`eu-de`) · zones `fra02`, `fra04`, `fra05`');
    expect(all).toContain('Row: `169.50.56.174`, `161.156.65.42`, `149.81.78.114`');
    for (const rule of ['kubectl.master', 'calicoctl.etcd', 'worker-masters.region']) expect(all).toContain(`\`${rule}\``);
    expect(body.text).toContain('169.50.56.174 is listed');
    // Not an answer with rules: no Share button, no Export menu.
    expect((body.blocks as { type: string }[]).some((b) => b.type === 'actions')).toBe(false);
    const audit = await h.waitForLog((l) => l.msg === 'audit' && (l.audit as { query?: { text?: string } }).query?.text === 'why 169.50.56.174', logsBefore);
    expect(audit.audit).toMatchObject({ entry: 'slash-command', outcome: 'answered', rules: 3, query: { scenarios: [], region: null } });
  });

  it('says plainly when an address is in no listed subnet', async () => {
    const body = bodyOf(await h.slash('why 203.0.113.7'));
    expect(textOf(body.blocks)).toContain('`203.0.113.7` is *not listed* in the dataset');
  });

  it('answers malformed input with what is wrong and an example', async () => {
    const logsBefore = h.rawLogs.length;
    const body = bodyOf(await h.slash('why 999.1.1.1'));
    expect(headerOf(body.blocks)).toBe('I could not read that address');
    const all = textOf(body.blocks);
    expect(all).toContain('"999.1.1.1" is not an IPv4 address');
    expect(all).toContain('`/porthole why 169.50.56.174`');
    const audit = await h.waitForLog((l) => l.msg === 'audit' && (l.audit as { query?: { text?: string } }).query?.text === 'why 999.1.1.1', logsBefore);
    expect(audit.audit).toMatchObject({ outcome: 'not-understood', rules: 0 });
  });

  it('escapes <!channel> in a why question (slash command and mention)', async () => {
    const response = await h.slash('<!channel> why 169.50.56.174 <!here>');
    expect(response.raw).not.toContain('<!channel>');
    expect(response.raw).not.toContain('<!here>');
    expect(textOf(bodyOf(response).blocks)).toContain('You asked: &lt;!channel&gt; why 169.50.56.174 &lt;!here&gt;');

    const since = h.standIn.seq;
    const mention = appMentionEvent({ text: `<@${W.botUserId}> &lt;!channel&gt; what is 161.156.93.20` });
    await h.event(mention);
    const reply = await h.call('chat.postMessage', (c) => c.args.thread_ts === mention.event.ts, since);
    expect(JSON.stringify(reply.args)).not.toContain('<!channel>');
    const all = textOf(reply.args.blocks);
    expect(all).toContain(`<@${W.userId}> asked: &lt;!channel&gt; what is 161.156.93.20`);
    expect(all).toContain('inside `161.156.93.16/29`: *IBM Cloud Container Registry*');
    expect(all).toContain('`registry.pull`');
  });

  it('explains a firewall log line pasted in a direct message: source and destination', async () => {
    const channel = 'D0HUMANWHY1';
    const since = h.standIn.seq;
    const line = 'Jun  3 10:00:01 fw kernel: [UFW BLOCK] IN=eth0 OUT=eth1 SRC=10.0.0.5 DST=169.50.56.174 LEN=60 PROTO=TCP SPT=51514 DPT=443';
    await h.event(dmMessageEvent({ text: line, channel }));
    const reply = await h.call('chat.postMessage', (c) => c.args.channel === channel, since);
    expect(headerOf(reply.args.blocks)).toBe('Why are these needed?');
    const all = textOf(reply.args.blocks);
    expect(all).toContain('`10.0.0.5` (source) is *not listed*');
    expect(all).toContain('`169.50.56.174` (destination) is listed');
    expect(all).toContain('`worker-masters.region` *Worker nodes to the cluster masters* · _required · outbound_ · _opens the asked port_');
    expect(all).toContain('You asked: ');
  });

  it('lists the why lookup and the Export menu in /porthole help and in the App Home', async () => {
    const help = textOf(bodyOf(await h.slash('help')).blocks);
    expect(help).toContain('*Why is an address needed?*');
    expect(help).toContain('`/porthole why 169.50.56.174`');
    expect(help).toContain('*Export:*');
    for (const e of Object.values(EXPORTERS)) expect(help).toContain(e.title);

    const since = h.standIn.seq;
    await h.event({ ...appMentionEvent({ text: 'x' }), event: { type: 'app_home_opened', user: W.userId, channel: 'D0HUMANDM1', tab: 'home', event_ts: '1.1' } });
    const publish = await h.call('views.publish', () => true, since);
    const home = textOf((publish.args.view as { blocks: unknown }).blocks);
    expect(home).toContain('*Why is an address needed?*');
    expect(home).toContain('`why 169.50.56.174`');
    expect(home).toContain('*Export:*');
  });
});

describe('Socket Mode round trip', () => {
  const h = new Harness('socket');
  beforeAll(async () => {
    await h.start();
  });
  afterAll(async () => {
    await h.stop();
  });

  it("exports a /porthole answer to the asker's direct messages", async () => {
    const answer = bodyOf(await h.slash('calicoctl in jp-tok'));
    const since = h.standIn.seq;
    await h.exportFrom(answer.blocks, 'nftables', { ephemeral: true });
    const { complete, file } = await h.upload(since);
    expect(complete.args.channel_id).toMatch(/^D/);
    expect(file.filename).toBe('porthole-calicoctl-jp-tok.nft');
    expect(file.text).toBe(EXPORTERS.nftables.render(ask('calicoctl in jp-tok', dataset)));
    expect(callsNaming(h, W.channelId, since)).toEqual([]);
  });

  it('answers /porthole why', async () => {
    const body = bodyOf(await h.slash('what is 161.156.93.20'));
    expect(textOf(body.blocks)).toContain('inside `161.156.93.16/29`');
  });
});

// ---------------------------------------------------------------------------------------------------------------

/** Every address and subnet the dataset lists (tables and rules), and for each subnet an address inside it. */
function datasetAddresses(): string[] {
  const out = new Set<string>();
  for (const table of dataset.tables.values()) for (const entry of table.entries) for (const a of entry.addresses) out.add(a);
  for (const scenario of dataset.scenarios.values()) {
    for (const rule of scenario.rules) {
      for (const endpoint of [...rule.from, ...rule.to]) if ('addresses' in endpoint) for (const a of endpoint.addresses) out.add(a);
    }
  }
  for (const a of [...out]) {
    if (!a.includes('/')) continue;
    const [network, bits] = ipaddr.IPv4.parseCIDR(a);
    const bytes = network.toByteArray();
    if (bits < 32) bytes[3] = (bytes[3]! | 1) >>> 0;
    out.add(bytes.join('.'));
  }
  return [...out];
}

function expectWithinLimits(message: SlackMessage): void {
  expect(measureMessage(message).violations).toEqual([]);
  expect(checkBlocks(message.blocks).errors).toEqual([]);
  expect(message.text.length).toBeGreaterThan(0);
  expect(message.text.length).toBeLessThan(4000);
  const raw = JSON.stringify(message);
  for (const control of ['<!channel>', '<!here>', '<!everyone>', '<@U']) expect(raw).not.toContain(control);
}

describe('why blocks within Slack limits', () => {
  it('for every address and subnet of the dataset, and an address inside each subnet', () => {
    const addresses = datasetAddresses();
    expect(addresses.length).toBeGreaterThan(60);
    for (const address of addresses) {
      const result = explainAddress(`why ${address}`, dataset);
      const message = renderWhy(result, { question: `why ${address}`, how: 'slash', examples: dataset.meta.examples });
      expectWithinLimits(message);
      expect(result.findings[0]?.listed, address).toBe(true);
      // The address is shown as code, in the message itself (a summary too names it).
      expect(textOf(message.blocks)).toContain(`\`${address}\``);
    }
  });

  it('for any mix of addresses, subnets, ports and hostile text, cutting nothing silently', () => {
    const addresses = datasetAddresses();
    const token = fc.oneof(
      fc.constantFrom(...addresses),
      fc.ipV4(),
      fc.tuple(fc.ipV4(), fc.integer({ min: 0, max: 40 })).map(([ip, bits]) => `${ip}/${bits}`),
      fc.integer({ min: 0, max: 70_000 }).map((p) => `port ${p}`),
      fc.constantFrom('<!channel>', '<!here>', '<https://evil.example|ibm.com>', '*bold*', '`tick`', 'SRC=10.0.0.1', 'DPT=443', 'icr.io', '999.1.1.1', '&amp;'),
      fc.string({ maxLength: 30 }),
    );
    fc.assert(
      fc.property(fc.array(token, { minLength: 1, maxLength: 12 }), (tokens) => {
        const question = `why ${tokens.join(' ')}`;
        const result = explainAddress(question, dataset);
        const message = renderWhy(result, { question, how: 'plain', examples: dataset.meta.examples });
        expectWithinLimits(message);
        if (message.file !== null) {
          // A summary: the file holds the whole explanation.
          expect(message.file.content.length).toBeGreaterThan(0);
          expect(message.file.filename).toBe('porthole-why.txt');
        } else {
          for (const f of result.findings) expect(textOf(message.blocks)).toContain(`\`${f.subject.value}\``);
          for (const p of result.problems.filter((x) => x.code !== 'nothing-to-look-up')) expect(textOf(message.blocks)).toContain(p.message.slice(0, 20).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;'));
        }
      }),
      { numRuns: 300 },
    );
  });

  it('"why" with nothing to look up asks for something, with examples to copy', () => {
    const message = renderWhy(explainAddress('why', dataset), { question: 'why', how: 'plain', examples: dataset.meta.examples });
    expectWithinLimits(message);
    expect(message.blocks[0]).toMatchObject({ type: 'header', text: { text: 'What should I look up?' } });
    expect(textOf(message.blocks)).toContain('`why 169.50.56.174`, `what is 161.156.93.20`, `what needs port 9095`, `why icr.io`');
  });

  it('falls back to a summary plus a file when a subnet holds too much for one message', () => {
    const result = explainAddress('why 0.0.0.0/0', dataset);
    const message = renderWhy(result, { question: 'why 0.0.0.0/0', examples: dataset.meta.examples });
    expectWithinLimits(message);
    expect(message.file?.filename).toBe('porthole-why.txt');
    expect(message.file?.title).toContain('0.0.0.0/0');
    expect(message.file?.content).toContain('kubectl.master');
    expect(textOf(message.blocks)).toContain('`porthole-why.txt`');
    expect(textOf(message.blocks)).toContain('`kubectl.master`');
  });
});

describe('Export menu shape', () => {
  it('holds any number of formats in one menu (a static select), never a one-option overflow', () => {
    const fake = (i: number): Exporter => ({ id: `f${i}` as ExportFormat, title: `Format ${i}`, fileExtension: `x${i}`, mimeType: 'text/plain', render: () => '' });
    for (const count of [1, 2, 5, 6, 8, 12]) {
      const menu = exportMenu(Array.from({ length: count }, (_, i) => fake(i)));
      expect(menu.type).toBe('static_select');
      expect(menu.options).toHaveLength(count);
      const message: SlackMessage = { text: 'x', blocks: [{ type: 'actions', elements: [menu] }], file: null };
      expect(measureMessage(message).violations).toEqual([]);
      expect(checkBlocks(message.blocks).errors).toEqual([]);
    }
    expect(exportMenu().options?.map((o) => o.value)).toEqual([...EXPORT_FORMATS]);
  });
});
