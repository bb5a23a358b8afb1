/**
 * What a person sees when porthole will not or cannot answer as usual, through the real app against the Slack
 * stand-in: the rate limit on mentions, buttons and menus; questions with a file attached; Share clicked twice.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ACTION_IDS } from '../src/slack/answer-message.js';
import { EXPORT_ACTION_ID } from '../src/slack/export-menu.js';
import { blockTexts } from '../src/slack/limits.js';
import { shippedDataset } from './helpers/dataset.js';
import { appMentionEvent, blockActionsPayload, DEFAULT_WORKSPACE as W, dmMessageEvent, SlackAppHarness, slackTs, slashCommandFields, type Mode } from './support/slack/index.js';

const RATE_LIMIT = 3;
const TOKENS = { botToken: 'xoxb-1111-2222-feedbackBotToken', appToken: 'xapp-1-A0PORTHOLE-3333-feedbackApp', signingSecret: 'eccbc87e4b5ce2fe28308fd9f2a7baf3' };

interface Element {
  type: string;
  action_id: string;
  value?: string;
  options?: { text: { text: string }; value: string }[];
}
interface Actions {
  type: 'actions';
  block_id: string;
  elements: Element[];
}

function elementOf(blocks: unknown, actionId: string): { block: Actions; element: Element } {
  for (const block of (blocks as Actions[]).filter((b) => b.type === 'actions')) {
    const element = block.elements.find((e) => e.action_id === actionId);
    if (element !== undefined) return { block, element };
  }
  throw new Error(`no ${actionId} in the message`);
}

const slowDown = (text: string) => /asked me more than \d+ questions in the last minute/.test(text);

describe.each<Mode>(['http', 'socket'])('feedback, %s mode', (mode) => {
  const h = new SlackAppHarness(mode, { tokens: TOKENS, rateLimitPerMinute: RATE_LIMIT, logLevel: 'info', fakeClock: true });
  beforeAll(async () => {
    // The 2019-03-04 page's "kubectl in eu-de" fits one message: no file upload of the answer itself is counted
    // with the exports' (the default edition's is long enough to go as a file).
    await h.start(await shippedDataset('2019-03-04'));
  });
  afterAll(() => h.stop());
  beforeEach(() => {
    h.clockMs += 60_000;
  });

  /** An ephemeral answer to /porthole by `user` (one request against the limit). */
  async function slashAnswer(text: string, user: string): Promise<unknown[]> {
    const { ackJson } = await h.sendSlash(slashCommandFields({ text, user_id: user, response_url: h.standIn.responseUrl(h.nextId('slash')) }));
    return (ackJson as { blocks: unknown[] }).blocks;
  }

  it('a rate-limited mention gets its "slow down" as an ephemeral message in the channel, not in a thread that does not exist', async () => {
    const user = `U0MENTION${mode.toUpperCase()}`;
    const since = h.standIn.seq;
    for (let i = 0; i <= RATE_LIMIT; i++) await h.event(appMentionEvent({ text: `<@${W.botUserId}> dns in eu-de`, user }));
    const notice = await h.call('chat.postEphemeral', (c) => c.args.user === user, since);
    expect(notice.args.channel).toBe(W.channelId);
    expect(notice.args.thread_ts).toBeUndefined();
    expect(slowDown(blockTexts(notice.args.blocks).join('\n'))).toBe(true);
    // Asked inside a thread, the notice stays in that thread.
    const root = slackTs();
    const threaded = h.standIn.seq;
    await h.event(appMentionEvent({ text: `<@${W.botUserId}> dns in eu-de`, user: `${user}T`, thread_ts: root }));
    for (let i = 0; i < RATE_LIMIT; i++) await h.event(appMentionEvent({ text: `<@${W.botUserId}> dns in eu-de`, user: `${user}T`, thread_ts: root }));
    expect((await h.call('chat.postEphemeral', (c) => c.args.user === `${user}T`, threaded)).args.thread_ts).toBe(root);
  });

  it('Export choices count against the same per-person limit, and each limited one is told to slow down', async () => {
    const user = `U0EXPORTS${mode.toUpperCase()}`;
    const blocks = await slashAnswer('kubectl in eu-de', user);
    const { block, element } = elementOf(blocks, EXPORT_ACTION_ID);
    const format = element.options![0]!.value;
    const since = h.standIn.seq;
    const clicks = 8;
    const ids: string[] = [];
    for (let i = 0; i < clicks; i++) {
      const id = h.nextId('export');
      ids.push(id);
      const payload = blockActionsPayload({ actionId: EXPORT_ACTION_ID, user, ephemeral: true, responseUrl: h.standIn.responseUrl(id) });
      payload.actions = [{ type: element.type, action_id: EXPORT_ACTION_ID, block_id: block.block_id, selected_option: { text: { type: 'plain_text', text: format }, value: format }, action_ts: '1.1' }];
      await h.interact(payload);
    }
    const told = await Promise.all(ids.map((id) => h.waitForResponse(id, since)));
    const texts = told.map((r) => blockTexts((r.body as { blocks?: unknown[] }).blocks).join('\n'));
    // The slash command used one of the minute's requests.
    const allowed = RATE_LIMIT - 1;
    expect(texts.filter(slowDown)).toHaveLength(clicks - allowed);
    expect(h.standIn.callsTo('files.completeUploadExternal').filter((c) => c.seq > since)).toHaveLength(allowed);
    await expect(h.app.deps.metrics.text()).resolves.toMatch(new RegExp(`^porthole_rate_limited_total\\{entry="export"\\} ${clicks - allowed}`, 'm'));
  });

  it('Share and the region picker count against the limit too', async () => {
    const user = `U0CLICKS${mode.toUpperCase()}`;
    const blocks = await slashAnswer('kubectl in eu-de', user);
    const picker = await slashAnswer('kubectl', user);
    const share = elementOf(blocks, ACTION_IDS.share).element;
    await slashAnswer('dns in eu-de', user);
    const since = h.standIn.seq;
    const shareId = h.nextId('share');
    await h.interact(blockActionsPayload({ actionId: ACTION_IDS.share, value: share.value!, user, ephemeral: true, responseUrl: h.standIn.responseUrl(shareId) }));
    const pickId = h.nextId('pick');
    const region = elementOf(picker, ACTION_IDS.region);
    const pick = blockActionsPayload({ actionId: ACTION_IDS.region, user, ephemeral: true, responseUrl: h.standIn.responseUrl(pickId) });
    pick.actions = [{ type: region.element.type, action_id: ACTION_IDS.region, block_id: region.block.block_id, selected_option: region.element.options![0], action_ts: '1.2' }];
    await h.interact(pick);
    for (const id of [shareId, pickId]) expect(slowDown(blockTexts(((await h.waitForResponse(id, since)).body as { blocks?: unknown[] }).blocks).join('\n')), id).toBe(true);
    expect(h.standIn.callsTo('chat.postMessage').filter((c) => c.seq > since)).toEqual([]);
  });

  it('answers a direct message and a mention sent with a file attached (file_share) from their text', async () => {
    const channel = `D0FILES${mode.toUpperCase()}`;
    const since = h.standIn.seq;
    const files = [{ id: 'F0ATTACHED', name: 'cluster.txt', mimetype: 'text/plain' }];
    await h.event(dmMessageEvent({ text: 'dns in eu-de', channel, extra: { subtype: 'file_share', files } }));
    const dm = await h.call('chat.postMessage', (c) => c.args.channel === channel, since);
    expect(blockTexts(dm.args.blocks).join('\n')).toContain('DNS');
    const mention = appMentionEvent({ text: `<@${W.botUserId}> dns in eu-gb`, user: `U0FILES${mode.toUpperCase()}`, extra: { subtype: 'file_share', files } });
    await h.event(mention);
    const reply = await h.call('chat.postMessage', (c) => c.args.thread_ts === mention.event.ts, since);
    expect(blockTexts(reply.args.blocks).join('\n')).toContain('eu-gb');
  });

  it('Share in channel posts an answer once however often it is clicked, and again after a refusal once porthole may post', async () => {
    const user = `U0SHARE${mode.toUpperCase()}`;
    const share = elementOf(await slashAnswer('dns in eu-de', user), ACTION_IDS.share).element;
    const messageTs = slackTs();
    const click = async () => {
      const id = h.nextId('share');
      await h.interact(blockActionsPayload({ actionId: ACTION_IDS.share, value: share.value!, user, ephemeral: true, message: { ts: messageTs }, responseUrl: h.standIn.responseUrl(id) }));
      return id;
    };
    const since = h.standIn.seq;
    h.standIn.fail('chat.postMessage', { error: 'not_in_channel', times: 1 });
    const refused = await click();
    expect(blockTexts(((await h.waitForResponse(refused, since)).body as { blocks?: unknown[] }).blocks).join('\n')).toContain('not_in_channel');
    h.clockMs += 60_000;
    await click();
    await h.call('chat.postMessage', (c) => c.args.channel === W.channelId && c.result.ok, since);
    const again = await click();
    expect(blockTexts(((await h.waitForResponse(again, since)).body as { blocks?: unknown[] }).blocks).join('\n')).toContain('shared this answer in the channel already');
    const posted = h.standIn.callsTo('chat.postMessage').filter((c) => c.seq > since && c.args.channel === W.channelId && c.result.ok);
    expect(posted).toHaveLength(1);
  });
});
