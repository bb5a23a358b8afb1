/**
 * The real porthole Slack app against the local Slack stand-in (test/support/slack), in both modes:
 * HTTP (Events API, signed requests) and Socket Mode (a ws server playing Slack's side). Everything on 127.0.0.1.
 */
import { request } from 'node:http';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Dataset } from '../src/core/dataset/build.js';
import { loadDataset } from '../src/data-files/load.js';
import { ACTION_IDS } from '../src/slack/answer-message.js';
import {
  appMentionEvent,
  blockActionsPayload,
  DEFAULT_WORKSPACE as W,
  dmMessageEvent,
  postEvent,
  postSlashCommand,
  SlackAppHarness,
  slashCommandFields,
  slackTs,
  type LogLine,
  type Mode,
  type RecordedResponse,
  shownText,
} from './support/slack/index.js';

const BOT_TOKEN = 'xoxb-1111-2222-e2eBotTokenSecret';
const APP_TOKEN = 'xapp-1-A0PORTHOLE-3333-e2eAppTokenSecret';
const SECRET = '8f14e45fceea167a5a36dedd4bea2543';
const RATE_LIMIT = 5;

/** The app under test with its Slack (test/support/slack/app-harness.ts), with this file's way of sending a slash command. */
class Harness extends SlackAppHarness {
  /** Every slash command's ack body, for the payload scan. */
  readonly acks: unknown[] = [];

  constructor(mode: Mode) {
    super(mode, { tokens: { botToken: BOT_TOKEN, appToken: APP_TOKEN, signingSecret: SECRET }, rateLimitPerMinute: RATE_LIMIT, logLevel: 'debug', fakeClock: true, logTimeoutMs: 3000 });
  }

  /** A slash command; resolves with the ack latency, the id of its response_url, and the ack body as sent and parsed. */
  async slash(text: string, user: string = W.userId, channel: string = W.channelId): Promise<{ latencyMs: number; responseId: string; ackBody: unknown; ack: AckBody }> {
    const responseId = this.nextId('slash');
    const { latencyMs, ackBody, ackJson } = await this.sendSlash(slashCommandFields({ text, user_id: user, channel_id: channel, response_url: this.standIn.responseUrl(responseId) }));
    this.acks.push(ackJson);
    return { latencyMs, responseId, ackBody, ack: (typeof ackJson === 'object' && ackJson !== null ? ackJson : {}) as AckBody };
  }

  response(id: string, since = 0): Promise<RecordedResponse> {
    return this.waitForResponse(id, since);
  }
}

function auditOf(l: LogLine): { channelId?: string; query?: { text?: string } | null } {
  return (l.audit ?? {}) as { channelId?: string; query?: { text?: string } | null };
}

/** An ephemeral message as Slack receives it, in an ack body or a response_url POST. */
type AckBody = { text?: string; blocks?: unknown[]; response_type?: string; replace_original?: boolean };

function bodyOf(r: RecordedResponse): { text?: string; blocks?: unknown[]; response_type?: string; replace_original?: boolean } {
  return r.body as { text?: string; blocks?: unknown[] };
}

function find<T>(blocks: unknown, type: string): T | undefined {
  return (blocks as (T & { type?: string })[] | undefined)?.find((b) => b.type === type);
}

function headerOf(blocks: unknown): string | undefined {
  return find<{ text: { text: string } }>(blocks, 'header')?.text.text;
}

/** Every mrkdwn text of a payload: top-level `text` and `initial_comment`, and each mrkdwn text object in it. */
function mrkdwnTexts(payload: unknown, top = true): string[] {
  if (Array.isArray(payload)) return payload.flatMap((p) => mrkdwnTexts(p, false));
  if (payload === null || typeof payload !== 'object') return [];
  const record = payload as Record<string, unknown>;
  const own = top ? [record.text, record.initial_comment] : record.type === 'mrkdwn' ? [record.text] : [];
  const nested = Object.entries(record).flatMap(([k, v]) => (k === 'text' && typeof v === 'string' ? [] : mrkdwnTexts(v, false)));
  return [...own.filter((t): t is string => typeof t === 'string'), ...nested];
}

/** porthole's own markup: mentions and channels from checked ids, links to http(s) URLs, and entities. */
const INTENDED_MARKUP = /<@[UW][A-Z0-9]+>|<#[CG][A-Z0-9]+>|<https?:\/\/[^\s<>|]+\|[^<>]*>|&(?:amp|lt|gt);/g;

function get(port: number, path: string): Promise<{ status: number; body: unknown }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method: 'GET', agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown }));
    });
    req.on('error', reject);
    req.end();
  });
}

let dataset: Dataset;
beforeAll(async () => {
  // The expected values of this file (addresses, rule ids, titles, examples) are the 2019-03-04 page's.
  const loaded = await loadDataset(undefined, { edition: '2019-03-04' });
  if (!loaded.ok) throw new Error('the bundled dataset does not load');
  dataset = loaded.dataset;
});

describe.each<Mode>(['http', 'socket'])('porthole Slack app, %s mode', (mode) => {
  const h = new Harness(mode);
  beforeAll(async () => {
    await h.start(dataset);
  });
  afterAll(async () => {
    await h.stop();
  });
  // Each test starts in a fresh rate-limit minute.
  beforeEach(() => {
    h.clockMs += 60_000;
  });

  it('checks the bot token at start and reports healthy and ready', async () => {
    expect(h.standIn.callsTo('auth.test')[0]?.token).toBe(BOT_TOKEN);
    expect(await get(h.port, '/healthz')).toEqual({ status: 200, body: { status: 'ok' } });
    expect(await get(h.port, '/readyz')).toEqual({
      status: 200,
      body: { status: 'ready', dataset: dataset.meta.version, slackAuth: true, mode },
    });
    if (mode === 'socket') expect(h.standIn.callsTo('apps.connections.open')[0]?.token).toBe(APP_TOKEN);
  });

  it('answers a slash command in its ack, ephemerally, with Share in channel, and posts nothing to response_url', async () => {
    const logsBefore = h.rawLogs.length;
    const { latencyMs, responseId, ack: body } = await h.slash('what do I open for kubectl in eu-de');
    expect(latencyMs).toBeLessThan(3000);
    expect(body.response_type).toBe('ephemeral');
    expect(headerOf(body.blocks)).toBe('kubectl commands in eu-de');
    expect(shownText(body.blocks).join('\n')).toContain('`169.50.56.174`');
    const actions = find<{ elements: { action_id: string; text: { text: string } }[] }>(body.blocks, 'actions');
    expect(actions?.elements[0]).toMatchObject({ action_id: ACTION_IDS.share, text: { text: 'Share in channel' } });
    expect(body.text).toContain('kubectl commands in eu-de');
    const audit = await h.waitForLog((l) => l.msg === 'audit' && auditOf(l).query?.text === 'what do I open for kubectl in eu-de', logsBefore);
    expect(audit.audit).toMatchObject({
      entry: 'slash-command',
      teamId: W.teamId,
      channelId: W.channelId,
      userId: W.userId,
      query: { scenarios: ['kubectl'], region: 'eu-de', zone: null, cluster: null },
      outcome: 'answered',
      rules: 2,
    });
    expect(typeof (audit.audit as { latencyMs: unknown }).latencyMs).toBe('number');
    expect(h.standIn.responses(responseId)).toEqual([]);
  });

  it('answers /porthole help and an empty command with help and examples', async () => {
    for (const text of ['help', '']) {
      const { ack } = await h.slash(text);
      const all = shownText(ack.blocks).join('\n');
      expect(all).toContain('`/porthole kubectl in eu-de`');
      expect(all).toContain('*Regions:*');
    }
  });

  it('answers a mention in a thread under it, and in the same thread when asked in one', async () => {
    const since = h.standIn.seq;
    const mention = appMentionEvent({ text: `<@${W.botUserId}> registry in fra02` });
    await h.event(mention);
    const reply = await h.call('chat.postMessage', (c) => c.args.thread_ts === mention.event.ts, since);
    expect(reply.args.channel).toBe(W.channelId);
    expect(shownText(reply.args.blocks).join('\n')).toContain('IBM Cloud Container Registry');
    expect(shownText(reply.args.blocks).join('\n')).toContain(`<@${W.userId}> asked: registry in fra02`);

    const root = slackTs();
    const inThread = appMentionEvent({ text: `<@${W.botUserId}> dns in eu-gb`, thread_ts: root });
    await h.event(inThread);
    const threaded = await h.call('chat.postMessage', (c) => c.args.thread_ts === root, since);
    expect(shownText(threaded.args.blocks).join('\n')).toContain('DNS');
  });

  it('answers a direct message in the conversation', async () => {
    const since = h.standIn.seq;
    const dm = dmMessageEvent({ text: 'calicoctl in us-south', channel: 'D0HUMANDM1' });
    await h.event(dm);
    const reply = await h.call('chat.postMessage', (c) => c.args.channel === 'D0HUMANDM1', since);
    expect(reply.args.thread_ts).toBeUndefined();
    expect(headerOf(reply.args.blocks)).toBe('calicoctl commands in us-south');
  });

  it('answers an edited mention once, from its new text, saying it answers the edit', async () => {
    const since = h.standIn.seq;
    const first = appMentionEvent({ text: `<@${W.botUserId}> registry in fra02` });
    await h.event(first);
    await h.call('chat.postMessage', (c) => c.args.thread_ts === first.event.ts, since);
    const editedAt = slackTs();
    const edit = appMentionEvent({ text: `<@${W.botUserId}> dns in eu-gb`, ts: first.event.ts as string, extra: { edited: { user: W.userId, ts: editedAt } } });
    await h.event(edit);
    // Slack sends the same edit again (another event id): it is not answered twice.
    await h.event(appMentionEvent({ text: `<@${W.botUserId}> dns in eu-gb`, ts: first.event.ts as string, extra: { edited: { user: W.userId, ts: editedAt } } }));
    const answered = await h.call('chat.postMessage', (c) => c.args.thread_ts === first.event.ts && headerOf(c.args.blocks) === 'DNS in eu-gb', since);
    expect(shownText(answered.args.blocks).join('\n')).toContain(`<@${W.userId}> edited the question to: dns in eu-gb`);
    // A sentinel in the same thread, answered after both copies of the edit were handled.
    const sentinel = appMentionEvent({ text: `<@${W.botUserId}> vrrp in eu-de`, thread_ts: first.event.ts as string });
    await h.event(sentinel);
    await h.call('chat.postMessage', (c) => c.args.thread_ts === first.event.ts && headerOf(c.args.blocks) !== 'DNS in eu-gb' && c.seq > answered.seq, since);
    const replies = h.standIn.callsTo('chat.postMessage').filter((c) => c.seq > since && c.args.thread_ts === first.event.ts);
    expect(replies.map((c) => headerOf(c.args.blocks)).filter((t) => t === 'DNS in eu-gb')).toHaveLength(1);
  });

  it('answers a thread reply in a direct message that is also sent to the conversation (thread_broadcast)', async () => {
    const since = h.standIn.seq;
    const root = slackTs();
    await h.event(dmMessageEvent({ text: 'dns in eu-de', channel: 'D0BROADCAST', thread_ts: root, extra: { subtype: 'thread_broadcast' } }));
    const reply = await h.call('chat.postMessage', (c) => c.args.channel === 'D0BROADCAST', since);
    expect(reply.args.thread_ts).toBe(root);
    expect(headerOf(reply.args.blocks)).toBe('DNS in eu-de');
  });

  it("ignores the bot's own messages, other bots and edits", async () => {
    const since = h.standIn.seq;
    const channel = 'D0HUMANDM2';
    // Each of these would be answered if it were taken for a question.
    await h.event(dmMessageEvent({ text: 'kubectl in eu-de', channel, user: W.botUserId, extra: { bot_id: W.botId } }));
    await h.event(dmMessageEvent({ text: 'kubectl in eu-de', channel, user: 'U0OTHERBOT', extra: { bot_id: 'B0OTHERBOT' } }));
    await h.event(dmMessageEvent({ text: 'kubectl in eu-de', channel, extra: { subtype: 'message_changed' } }));
    // A real question sent after them is answered; by then any answer to the three would have been sent first.
    const sentinel = dmMessageEvent({ text: 'dns in eu-de', channel });
    await h.event(sentinel);
    await h.call('chat.postMessage', (c) => c.args.channel === channel, since);
    await h.waitForLog((l) => l.msg === 'audit' && auditOf(l).channelId === channel);
    const replies = h.standIn.callsTo('chat.postMessage').filter((c) => c.args.channel === channel);
    expect(replies).toHaveLength(1);
    expect(headerOf(replies[0]?.args.blocks)).toBe('DNS in eu-de');
  });

  it('answers a redelivered event (same event_id, retry header) only once', async () => {
    const since = h.standIn.seq;
    const channel = 'D0HUMANDM3';
    const dm = dmMessageEvent({ text: 'iam in eu-de', channel });
    await h.event(dm);
    await h.call('chat.postMessage', (c) => c.args.channel === channel, since);
    const logsBefore = h.rawLogs.length;
    await h.event(dm, 1);
    const ignored = await h.waitForLog((l) => l.msg === 'redelivered event ignored', logsBefore);
    expect(ignored.eventId).toBe(dm.event_id);
    expect(ignored.retryNum).toBe(1);
    expect(h.standIn.callsTo('chat.postMessage').filter((c) => c.args.channel === channel)).toHaveLength(1);
  });

  it('says "slow down" to each /porthole of a person over the rate limit until the minute has passed', async () => {
    const user = mode === 'http' ? 'U0FLOODH' : 'U0FLOODS';
    for (let i = 0; i < RATE_LIMIT; i++) {
      const { ack } = await h.slash('dns in eu-de', user);
      expect(shownText(ack.blocks).join('\n')).toContain('DNS');
    }
    const over = await h.slash('dns in eu-de', user);
    expect(shownText(over.ack.blocks).join('\n')).toContain(`more than ${RATE_LIMIT} questions in the last minute`);
    const logsBefore = h.rawLogs.length;
    const again = await h.slash('dns in eu-de', user);
    const dropped = await h.waitForLog((l) => l.msg === 'rate limited' && (l.rateLimited as { decision: string }).decision === 'drop', logsBefore);
    expect((dropped.rateLimited as { userId: string }).userId).toBe(user);
    expect(h.standIn.responses(again.responseId)).toEqual([]);
    expect(shownText(again.ack.blocks).join('\n')).toContain(`more than ${RATE_LIMIT} questions in the last minute`);
    // Another person is not affected.
    const other = await h.slash('dns in eu-de', 'U0CALMONE');
    expect(shownText(other.ack.blocks).join('\n')).toContain('DNS');
    // A minute later the person may ask again.
    h.clockMs += 60_000;
    const later = await h.slash('dns in eu-de', user);
    expect(shownText(later.ack.blocks).join('\n')).toContain('DNS');
  });

  it('round-trips the region picker on an ephemeral answer (replace_original)', async () => {
    const logsBefore = h.rawLogs.length;
    const { ack: first } = await h.slash('kubectl');
    const actions = find<{ block_id: string; elements: { type: string; action_id: string }[] }>(first.blocks, 'actions')!;
    expect(actions.elements[0]).toMatchObject({ type: 'static_select', action_id: ACTION_IDS.region });
    const audit = await h.waitForLog((l) => l.msg === 'audit' && auditOf(l).query?.text === 'kubectl', logsBefore);
    expect(audit.audit).toMatchObject({ entry: 'slash-command', outcome: 'needs-region', rules: 0 });

    const pickId = h.nextId('pick');
    const payload = blockActionsPayload({ actionId: ACTION_IDS.region, ephemeral: true, responseUrl: h.standIn.responseUrl(pickId) });
    payload.actions = [
      {
        type: 'static_select',
        action_id: ACTION_IDS.region,
        block_id: actions.block_id,
        selected_option: { text: { type: 'plain_text', text: 'eu-de' }, value: 'eu-de' },
        action_ts: '1.2',
      },
    ];
    await h.interact(payload);
    const updated = bodyOf(await h.response(pickId));
    expect(updated.replace_original).toBe(true);
    expect(headerOf(updated.blocks)).toBe('kubectl commands in eu-de');
    expect(shownText(updated.blocks).join('\n')).toContain('`169.50.56.174`');
  });

  it('round-trips the region picker on a posted answer (chat.update of that message)', async () => {
    const since = h.standIn.seq;
    const mention = appMentionEvent({ text: `<@${W.botUserId}> kubectl cluster demo-fra` });
    await h.event(mention);
    const posted = await h.call('chat.postMessage', (c) => c.args.thread_ts === mention.event.ts, since);
    const all = shownText(posted.args.blocks).join('\n');
    // No cluster source is plugged in: the note says so, and the region is asked for.
    expect(all).toContain('No cluster source is set up');
    const actions = find<{ block_id: string }>(posted.args.blocks, 'actions')!;
    const ts = String(posted.result.ts);
    const payload = blockActionsPayload({
      actionId: ACTION_IDS.region,
      responseUrl: h.standIn.responseUrl(h.nextId('pick')),
      message: { type: 'message', ts, thread_ts: mention.event.ts, text: 'x', blocks: posted.args.blocks },
    });
    payload.actions = [
      { type: 'static_select', action_id: ACTION_IDS.region, block_id: actions.block_id, selected_option: { text: { type: 'plain_text', text: 'x' }, value: 'us-south' }, action_ts: '1.3' },
    ];
    await h.interact(payload);
    const update = await h.call('chat.update', (c) => c.args.ts === ts, since);
    expect(update.args.channel).toBe(W.channelId);
    expect(headerOf(update.args.blocks)).toBe('kubectl commands in us-south');
    const updatedText = shownText(update.args.blocks).join('\n');
    expect(updatedText).toContain('cluster `demo-fra` (not looked up: no cluster source is set up)');
    expect(updatedText).toContain('No cluster source is set up');
    expect(h.standIn.messages.find((m) => m.ts === ts)?.updates).toBe(1);
  });

  it('"Share in channel" posts the same answer visibly in the channel', async () => {
    const since = h.standIn.seq;
    const { ack: first } = await h.slash('kubectl in eu-de');
    const actions = find<{ block_id: string; elements: { action_id: string; value: string }[] }>(first.blocks, 'actions')!;
    const payload = blockActionsPayload({
      actionId: ACTION_IDS.share,
      value: actions.elements[0]!.value,
      blockId: actions.block_id,
      ephemeral: true,
      responseUrl: h.standIn.responseUrl(h.nextId('share')),
    });
    await h.interact(payload);
    const shared = await h.call('chat.postMessage', (c) => c.args.channel === W.channelId && c.args.thread_ts === undefined, since);
    const sharedText = shownText(shared.args.blocks).join('\n');
    expect(sharedText).toContain(`<@${W.userId}> asked: kubectl in eu-de`);
    // The same rules as the ephemeral answer.
    const rulesOf = (blocks: unknown) => shownText(blocks).filter((t) => t.startsWith('*Reach') || t.startsWith('*Prerequisite'));
    expect(rulesOf(shared.args.blocks)).toEqual(rulesOf(first.blocks));
    // No Share button on the shared answer; only the Export menu every answer has.
    const sharedActions = find<{ elements: { type: string; action_id: string }[] }>(shared.args.blocks, 'actions');
    expect(sharedActions?.elements.map((e) => e.action_id)).toEqual(['porthole.export', ACTION_IDS.helpful, ACTION_IDS.notHelpful]);
    expect(h.standIn.messages.find((m) => m.ts === shared.result.ts)?.ephemeralTo).toBeUndefined();
  });

  it('sends an answer too long for one message as a summary plus the full list as a file (mention: in its thread)', async () => {
    const since = h.standIn.seq;
    const mention = appMentionEvent({ text: `<@${W.botUserId}> everything in eu-de` });
    await h.event(mention);
    const summary = await h.call('chat.postMessage', (c) => c.args.thread_ts === mention.event.ts, since);
    expect(shownText(summary.args.blocks).join('\n')).toMatch(/\*Too much for one Slack message\* \([^)]*(a Slack table holds|of one Slack message)\)/);
    const complete = await h.call('files.completeUploadExternal', () => true, since);
    expect(complete.args.channel_id).toBe(W.channelId);
    expect(complete.args.thread_ts).toBe(mention.event.ts);
    const upload = h.standIn.uploads.find((u) => u.seq > since)!;
    expect(upload.filename).toBe('porthole-everything-eu-de.txt');
    for (const id of ['ibmcloud-ks.api', 'kubectl.master']) expect(upload.text).toContain(id);
    expect(upload.completed?.channelId).toBe(W.channelId);
  });

  it('sends a too-long slash answer as an ephemeral summary, the file going to the asker’s direct messages', async () => {
    const since = h.standIn.seq;
    const { ack: body } = await h.slash('everything in eu-gb');
    expect(shownText(body.blocks).join('\n')).toContain('I am sending to our direct messages (porthole &gt; Messages)');
    const complete = await h.call('files.completeUploadExternal', () => true, since);
    const intro = h.standIn.callsTo('chat.postMessage').find((c) => c.seq > since)!;
    expect(intro.args.channel).toBe(W.userId);
    expect(complete.args.channel_id).toBe(intro.result.channel);
    expect(complete.args.channel_id).toMatch(/^D/);
    expect(h.standIn.uploads.find((u) => u.seq > since)?.text).toContain('Everything in eu-gb');
  });

  it('escapes <!channel> and forged links from the question everywhere it is shown', async () => {
    const question = '<!channel> kubectl in eu-de <https://evil.example|ibm.com>';
    const { ack, ackBody } = await h.slash(question);
    const raw = typeof ackBody === 'string' ? ackBody : JSON.stringify(ackBody);
    expect(raw).not.toContain('<!channel>');
    expect(raw).not.toContain('<https://evil');
    expect(raw).toContain('&lt;!channel&gt; kubectl in eu-de');

    // The same question, shared publicly, and asked in a mention (where Slack sends it entity-encoded).
    const share = find<{ elements: { value: string }[]; block_id: string }>(ack.blocks, 'actions')!;
    const since = h.standIn.seq;
    await h.interact(blockActionsPayload({ actionId: ACTION_IDS.share, value: share.elements[0]!.value, ephemeral: true, responseUrl: h.standIn.responseUrl(h.nextId('share')) }));
    const shared = await h.call('chat.postMessage', (c) => c.args.channel === W.channelId, since);
    expect(JSON.stringify(shared.args)).not.toContain('<!channel>');
    expect(shownText(shared.args.blocks).join('\n')).toContain('&lt;!channel&gt;');

    const mention = appMentionEvent({ text: `<@${W.botUserId}> &lt;!channel&gt; dns in eu-de &lt;https://evil.example|ibm.com&gt;` });
    await h.event(mention);
    const reply = await h.call('chat.postMessage', (c) => c.args.thread_ts === mention.event.ts, since);
    const replyRaw = JSON.stringify(reply.args);
    expect(replyRaw).not.toContain('<!channel>');
    expect(replyRaw).not.toContain('<https://evil');
    expect(shownText(reply.args.blocks).join('\n')).toContain('&lt;!channel&gt; dns in eu-de');
  });

  it('when Slack refuses the reply: logs the failure, audits it as an error, and tells the asker privately', async () => {
    const since = h.standIn.seq;
    const logsBefore = h.rawLogs.length;
    h.standIn.fail('chat.postMessage', { error: 'internal_error', times: 1 });
    const mention = appMentionEvent({ text: `<@${W.botUserId}> vrrp in eu-de` });
    await h.event(mention);
    // In the channel: the thread under the mention does not exist (the reply failed), and Slack would not show it there.
    const sorry = await h.call('chat.postEphemeral', (c) => c.args.channel === W.channelId && c.args.user === W.userId, since);
    expect(sorry.args.thread_ts).toBeUndefined();
    expect(shownText(sorry.args.blocks).join('\n')).toContain('something went wrong');
    const audit = await h.waitForLog((l) => l.msg === 'audit' && auditOf(l).channelId === W.channelId && (l.audit as { outcome: string }).outcome === 'error', logsBefore);
    expect(audit.audit).toMatchObject({ entry: 'app-mention', userId: W.userId, rules: 0 });
    const failure = h.logs.slice(logsBefore).find((l) => l.msg === 'request failed');
    expect(failure).toMatchObject({ entry: 'app-mention' });
  });

  it.each(['invalid_blocks', 'invalid_attachments', 'msg_blocks_too_long'])('when Slack refuses the table (%s), sends the same answer without it', async (code) => {
    const since = h.standIn.seq;
    h.standIn.refuseTables(code);
    try {
      const mention = appMentionEvent({ text: `<@${W.botUserId}> kubectl in fra02` });
      await h.event(mention);
      const refused = await h.call('chat.postMessage', (c) => c.args.thread_ts === mention.event.ts, since);
      expect(refused.result).toMatchObject({ ok: false, error: code });
      expect(find(refused.args.blocks, 'table')).toBeDefined();
      const answered = await h.call('chat.postMessage', (c) => c.args.thread_ts === mention.event.ts && c.seq > refused.seq, since);
      expect(answered.result.ok).toBe(true);
      expect(find(answered.args.blocks, 'table')).toBeUndefined();
      // Every address the table held is in the sections instead.
      const tableCode = shownText(refused.args.blocks).join('\n').match(/`[^`]+`/g) ?? [];
      const words = shownText(answered.args.blocks).join('\n');
      expect(tableCode.length).toBeGreaterThan(0);
      for (const value of tableCode) expect(words).toContain(value);

      // An answer through a response_url (the region picker on an ephemeral answer): the same.
      const { ack: first } = await h.slash('kubectl');
      const actions = find<{ block_id: string }>(first.blocks, 'actions')!;
      const pickId = h.nextId('pick');
      const payload = blockActionsPayload({ actionId: ACTION_IDS.region, ephemeral: true, responseUrl: h.standIn.responseUrl(pickId) });
      payload.actions = [
        { type: 'static_select', action_id: ACTION_IDS.region, block_id: actions.block_id, selected_option: { text: { type: 'plain_text', text: 'eu-de' }, value: 'eu-de' }, action_ts: '1.2' },
      ];
      await h.interact(payload);
      const refusedPick = await h.response(pickId, since);
      expect(refusedPick.status).toBe(400);
      const answeredPick = await h.response(pickId, refusedPick.seq);
      expect(answeredPick.status).toBe(200);
      expect(find(bodyOf(answeredPick).blocks, 'table')).toBeUndefined();
      expect(headerOf(bodyOf(answeredPick).blocks)).toBe('kubectl commands in eu-de');
    } finally {
      h.standIn.refuseTables(null);
    }
  });

  it('counts "Helpful" and "Not helpful" under an answer in the audit line and the metrics, and thanks the person privately', async () => {
    const metricsText = async () => (await fetch(`http://127.0.0.1:${h.port}/metrics`)).text();
    const count = (text: string, outcome: string) => {
      const series = `porthole_answers_total{entry="feedback",outcome="${outcome}"} `;
      const line = text.split('\n').find((l) => l.startsWith(series));
      return line === undefined ? 0 : Number(line.slice(series.length));
    };
    const { ack: answer } = await h.slash('registry in fra02');
    const actions = find<{ block_id: string; elements: { action_id: string; value?: string }[] }>(answer.blocks, 'actions')!;
    for (const [actionId, outcome] of [
      [ACTION_IDS.helpful, 'helpful'],
      [ACTION_IDS.notHelpful, 'not-helpful'],
    ] as const) {
      const button = actions.elements.find((e) => e.action_id === actionId)!;
      expect(button).toBeDefined();
      const before = await metricsText();
      const logsBefore = h.rawLogs.length;
      const clickId = h.nextId('feedback');
      const payload = blockActionsPayload({ actionId, ephemeral: true, responseUrl: h.standIn.responseUrl(clickId) });
      payload.actions = [{ type: 'button', action_id: actionId, block_id: actions.block_id, value: button.value, action_ts: '1.3' }];
      await h.interact(payload);
      const audit = await h.waitForLog((l) => l.msg === 'audit' && (l.audit as { entry?: string }).entry === 'feedback', logsBefore);
      expect(audit.audit).toMatchObject({ entry: 'feedback', outcome, userId: W.userId, query: { scenarios: ['registry'], zone: 'fra02' } });
      const thanks = bodyOf(await h.response(clickId));
      expect(thanks.text).toContain('Thank you');
      expect(count(await metricsText(), outcome) - count(before, outcome)).toBe(1);
    }
  });

  it('publishes the App Home tab when it is opened', async () => {
    const since = h.standIn.seq;
    await h.event({
      ...appMentionEvent({ text: 'x' }),
      event: { type: 'app_home_opened', user: W.userId, channel: 'D0HUMANDM1', tab: 'home', event_ts: slackTs() },
    });
    const publish = await h.call('views.publish', () => true, since);
    expect(publish.args.user_id).toBe(W.userId);
    const all = shownText((publish.args.view as { blocks: unknown }).blocks).join('\n');
    expect(all).toContain(`*Dataset* ${dataset.meta.version}`);
    expect(all).toContain('`eu-de`');
  });

  it('sends no mrkdwn text with <, > or & outside its own markup, in any payload of this run', () => {
    const payloads = [...h.acks, ...h.standIn.responses().map((r) => r.body), ...h.standIn.calls.map((c) => c.args)];
    const texts = payloads.flatMap((p) => mrkdwnTexts(p));
    // The run sent answers, help, notices, files and the App Home: the scan has something to look at.
    expect(texts.length).toBeGreaterThan(200);
    const stray = texts.filter((t) => /[<>&]/.test(t.replace(INTENDED_MARKUP, '')));
    expect(stray).toEqual([]);
  });

  it('never writes a token or the signing secret to the log', () => {
    const all = h.rawLogs.join('\n');
    // The log is not empty: Bolt and the Web API client logged at debug level throughout.
    expect(h.rawLogs.length).toBeGreaterThan(50);
    expect(all).toContain('apiCall');
    for (const secret of [BOT_TOKEN, APP_TOKEN, SECRET, 'e2eBotTokenSecret', 'e2eAppTokenSecret']) expect(all).not.toContain(secret);
  });

  if (mode === 'http') {
    it('answers 401 to a bad signature and to a timestamp over 5 minutes old, and never replies', async () => {
      const since = h.standIn.seq;
      const logsBefore = h.rawLogs.length;
      const bad = await postSlashCommand(h.baseUrl, SECRET, slashCommandFields({ text: 'kubectl in eu-de', response_url: h.standIn.responseUrl('forged-1') }), { badSignature: true });
      expect(bad.status).toBe(401);
      const old = await postSlashCommand(h.baseUrl, SECRET, slashCommandFields({ text: 'kubectl in eu-de', response_url: h.standIn.responseUrl('forged-2') }), { oldTimestamp: true });
      expect(old.status).toBe(401);
      const otherSecret = await postEvent(h.baseUrl, 'ffffffffffffffffffffffffffffffff', dmMessageEvent({ text: 'kubectl in eu-de', channel: 'D0FORGED' }));
      expect(otherSecret.status).toBe(401);
      // A genuine request after them is answered, and the forged ones left no trace.
      const { ack } = await h.slash('dns in eu-de');
      expect(headerOf(ack.blocks)).toBe('DNS in eu-de');
      await h.waitForLog((l) => l.msg === 'audit' && auditOf(l).query?.text === 'dns in eu-de', logsBefore);
      expect(h.standIn.responses('forged-1')).toEqual([]);
      expect(h.standIn.responses('forged-2')).toEqual([]);
      expect(h.standIn.calls.filter((c) => c.seq > since && c.args.channel === 'D0FORGED')).toEqual([]);
      expect(h.logs.slice(logsBefore).filter((l) => l.msg === 'audit' && auditOf(l).query?.text === 'kubectl in eu-de')).toEqual([]);
      expect(h.logs.slice(logsBefore).filter((l) => l.msg === 'audit' && auditOf(l).channelId === 'D0FORGED')).toEqual([]);
    });
  }
});
