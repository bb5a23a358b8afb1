/**
 * Each listener of src/slack/listeners on its own, with a fake ack, respond and Web API client (no network),
 * as slack-samples/bolt-ts-starter-template tests its listeners: what it acks, responds, posts and audits.
 */
import { Metrics } from '../src/bot/metrics.js';
import type { App } from '@slack/bolt';
import { beforeAll, describe, expect, it } from 'vitest';
import { createBot, encodeState, singleEdition, MemoryRateLimit, MemoryRedelivery, type AuditRecord, type LookupCluster } from '../src/bot/index.js';
import type { Dataset } from '../src/core/dataset/build.js';
import { loadDataset } from '../src/data-files/load.js';
import { EXPORTERS } from '../src/export/index.js';
import { ACTION_IDS } from '../src/slack/answer-message.js';
import type { Deps, Listener } from '../src/slack/deps.js';
import { EXPORT_ACTION_ID } from '../src/slack/export-menu.js';
import { renderHome } from '../src/slack/help.js';
import { blockTexts } from '../src/slack/limits.js';
import { appHome } from '../src/slack/listeners/app-home.js';
import { appMention } from '../src/slack/listeners/app-mention.js';
import { NOT_CONFIRMED } from '../src/slack/listeners/common.js';
import { directMessage } from '../src/slack/listeners/direct-message.js';
import { exportMenu } from '../src/slack/listeners/export-menu.js';
import { LISTENERS } from '../src/slack/listeners/index.js';
import { regionPicker } from '../src/slack/listeners/region-picker.js';
import { shareInChannel } from '../src/slack/listeners/share-in-channel.js';
import { SLASH_COMMAND, slashCommand } from '../src/slack/listeners/slash-command.js';
import { createLogger } from '../src/slack/logger.js';
import { Writable } from 'node:stream';
import { demoFraFacts } from './support/cluster-fixture.js';

let dataset: Dataset;
beforeAll(async () => {
  // The expected values of this file (addresses, rule ids, titles, examples) are the 2019-03-04 page's.
  const loaded = await loadDataset(undefined, { edition: '2019-03-04' });
  if (!loaded.ok) throw new Error('the bundled dataset does not load');
  dataset = loaded.dataset;
});

type Handler = (args: Record<string, unknown>) => Promise<void>;

/** Registers one listener on a fake Bolt app, recording which Bolt method it used and under which name. */
function registered(listener: Listener, deps: Deps): { method: string; name: string | null; handler: Handler } {
  let found: { method: string; name: string | null; handler: Handler } | undefined;
  const take = (method: string) => (nameOrHandler: unknown, handler?: unknown) => {
    found = typeof nameOrHandler === 'function' ? { method, name: null, handler: nameOrHandler as Handler } : { method, name: String(nameOrHandler), handler: handler as Handler };
  };
  const app = { command: take('command'), event: take('event'), message: take('message'), action: take('action') } as unknown as App;
  listener.register(app, deps);
  if (found === undefined) throw new Error('the listener registered nothing');
  return found;
}

interface Call {
  method: string;
  args: Record<string, unknown>;
}

/** A fake Web API client: records every call; `fail` makes a method reject once with a Slack error. */
function fakeClient(fail: Record<string, string> = {}) {
  const calls: Call[] = [];
  const record = (method: string, result: Record<string, unknown> = {}) => async (args: Record<string, unknown>) => {
    calls.push({ method, args });
    const error = fail[method];
    if (error !== undefined) {
      delete fail[method];
      // How the WebClient wraps a call the counted fetch gave up on for want of an answer.
      if (error === 'timeout') throw Object.assign(new Error('A request error occurred: Slack did not answer'), { code: 'slack_webapi_request_error', original: new DOMException('Slack did not answer within 30000 ms', 'TimeoutError') });
      throw Object.assign(new Error(`An API error occurred: ${error}`), { code: 'slack_webapi_platform_error', data: { ok: false, error } });
    }
    return { ok: true, ...result, ...(method === 'chat.postMessage' ? { channel: String(args.channel).replace(/^U/, 'D'), ts: '1700000000.000200' } : {}) };
  };
  const client = {
    chat: { postMessage: record('chat.postMessage'), postEphemeral: record('chat.postEphemeral'), update: record('chat.update') },
    views: { publish: record('views.publish') },
    filesUploadV2: record('filesUploadV2'),
  };
  return { client, calls };
}

function setup(options: { perMinute?: number; lookupCluster?: LookupCluster; fail?: Record<string, string> } = {}) {
  const audits: AuditRecord[] = [];
  const logger = createLogger({ level: 'silent', secrets: [], destination: new Writable({ write: (_c, _e, done) => done() }) });
  const bot = createBot({
    dataset,
    editions: singleEdition(dataset),
    lookupCluster: options.lookupCluster,
    rateLimit: new MemoryRateLimit(options.perMinute ?? 100),
    redelivery: new MemoryRedelivery(),
    audit: (r) => audits.push(r),
    now: () => 0,
  });
  const deps: Deps = { bot, logger, homeBlocks: renderHome(dataset), metrics: new Metrics({ processMetrics: false }) };
  const acks: unknown[] = [];
  const responses: Record<string, unknown>[] = [];
  const ack = async (body?: unknown) => {
    acks.push(body);
  };
  const respond = async (body: Record<string, unknown>) => {
    responses.push(body);
    return { ok: true, arrayBuffer: async () => new ArrayBuffer(0) };
  };
  return { deps, audits, acks, responses, ack, respond, ...fakeClient(options.fail) };
}

type Message = { response_type?: string; replace_original?: boolean; text?: string; blocks?: unknown[] };
const textOf = (m: unknown) => blockTexts((m as Message | undefined)?.blocks).join('\n');
const command = (text: string, user = 'U0ASKER01') => ({ command: SLASH_COMMAND, text, user_id: user, channel_id: 'C0GENERAL', team_id: 'T0TEAM', response_url: 'https://hooks.slack.invalid/r' });

describe('every listener registers itself with the Bolt method its registration names', () => {
  it('command, event, message and action, under the registered name', () => {
    const { deps } = setup();
    for (const listener of LISTENERS) {
      const { method, name } = registered(listener, deps);
      const r = listener.registration;
      if (r.kind === 'event' && r.name === 'message') expect(method).toBe('message');
      else expect([method, name]).toEqual([r.kind, r.name]);
    }
  });
});

describe('/porthole', () => {
  it('answers in the ack: ephemeral, with Share and Export, and one audit record; nothing through respond', async () => {
    const s = setup();
    await registered(slashCommand, s.deps).handler({ command: command('kubectl in eu-de'), ack: s.ack, respond: s.respond, client: s.client });
    expect(s.acks).toHaveLength(1);
    const ack = s.acks[0] as Message;
    expect(ack.response_type).toBe('ephemeral');
    // An address is its own table cell, so it copies cleanly.
    expect(blockTexts(ack.blocks)).toContain('169.50.56.174');
    expect(JSON.stringify(ack.blocks)).toContain(ACTION_IDS.share);
    expect(JSON.stringify(ack.blocks)).toContain(EXPORT_ACTION_ID);
    expect(s.responses).toEqual([]);
    expect(s.calls).toEqual([]);
    expect(s.audits).toHaveLength(1);
    expect(s.audits[0]).toMatchObject({ entry: 'slash-command', userId: 'U0ASKER01', outcome: 'answered', query: { scenarios: ['kubectl'], region: 'eu-de' } });
  });

  it('an ack too late for Slack: the answer through response_url, and no "something went wrong" after it', async () => {
    const s = setup();
    // What Bolt's HTTP receiver does once its 3-second window has passed and it has answered Slack itself.
    const lateAck = async () => {
      throw Object.assign(new Error('Cannot write headers after they are sent to the client'), { code: 'ERR_HTTP_HEADERS_SENT' });
    };
    await registered(slashCommand, s.deps).handler({ command: command('kubectl in eu-de'), ack: lateAck, respond: s.respond, client: s.client });
    expect(s.responses).toHaveLength(1);
    expect(s.responses[0]).toMatchObject({ response_type: 'ephemeral' });
    expect(blockTexts((s.responses[0] as Message).blocks)).toContain('169.50.56.174');
    expect(s.audits.map((a) => a.outcome)).toEqual(['answered']);
  });

  it('a lookup that waits for the network: a notice in the ack, the answer as its own ephemeral message', async () => {
    let release: () => void = () => undefined;
    const lookupCluster: LookupCluster = () => new Promise((resolve) => (release = () => resolve({ facts: demoFraFacts(), notes: [] })));
    const s = setup({ lookupCluster });
    const done = registered(slashCommand, s.deps).handler({ command: command('kubectl for cluster demo-fra'), ack: s.ack, respond: s.respond, client: s.client });
    await new Promise((r) => setTimeout(r, 20));
    expect(textOf(s.acks[0])).toContain('Looking up cluster `demo-fra`');
    expect(s.responses).toEqual([]);
    release();
    await done;
    expect(s.responses).toHaveLength(1);
    expect(s.responses[0]).toMatchObject({ response_type: 'ephemeral', replace_original: false });
    expect(blockTexts((s.responses[0] as Message).blocks)).toContain(String(demoFraFacts().masterPort));
    expect(s.audits).toHaveLength(1);
  });

  it('a lookup answered without waiting (a cache) is answered in the ack', async () => {
    const s = setup({ lookupCluster: async () => ({ facts: demoFraFacts(), notes: [] }) });
    await registered(slashCommand, s.deps).handler({ command: command('kubectl for cluster demo-fra'), ack: s.ack, respond: s.respond, client: s.client });
    expect(blockTexts((s.acks[0] as Message).blocks)).toContain(String(demoFraFacts().masterPort));
    expect(s.responses).toEqual([]);
  });

  it('a long answer: the summary in the ack, the full list to the asker’s direct messages', async () => {
    const s = setup();
    await registered(slashCommand, s.deps).handler({ command: command('everything in eu-de'), ack: s.ack, respond: s.respond, client: s.client });
    expect(textOf(s.acks[0])).toContain('porthole &gt; Messages');
    expect(s.calls.map((c) => c.method)).toEqual(['chat.postMessage', 'filesUploadV2']);
    expect(s.calls[0]!.args.channel).toBe('U0ASKER01');
    expect(s.calls[1]!.args.channel_id).toBe('D0ASKER01');
  });

  it('over the limit: "slow down" in each ack, and one audit record per request', async () => {
    const s = setup({ perMinute: 1 });
    const { handler } = registered(slashCommand, s.deps);
    for (let i = 0; i < 3; i++) await handler({ command: command('dns in eu-de'), ack: s.ack, respond: s.respond, client: s.client });
    expect(s.acks).toHaveLength(3);
    expect(textOf(s.acks[1])).toContain('more than 1 questions in the last minute');
    expect(textOf(s.acks[2])).toContain('more than 1 questions in the last minute');
    expect(s.audits.map((a) => a.outcome)).toEqual(['answered', 'rate-limited', 'rate-limited']);
  });
});

describe('mentions and direct messages', () => {
  const mention = (text: string, extra: Record<string, unknown> = {}) => ({ type: 'app_mention', user: 'U0ASKER01', text: `<@U0BOT> ${text}`, ts: '1700000000.000100', channel: 'C0GENERAL', ...extra });

  it('a mention is answered in a thread under it, once even if delivered twice', async () => {
    const s = setup();
    const { handler } = registered(appMention, s.deps);
    const args = { event: mention('registry in fra02'), body: { team_id: 'T0TEAM' }, client: s.client, context: { botUserId: 'U0BOT' } };
    await handler(args);
    await handler(args);
    expect(s.calls).toHaveLength(1);
    expect(s.calls[0]).toMatchObject({ method: 'chat.postMessage', args: { channel: 'C0GENERAL', thread_ts: '1700000000.000100' } });
    expect(textOf(s.calls[0]!.args)).toContain('<@U0ASKER01> asked: registry in fra02');
    expect(s.audits).toMatchObject([{ entry: 'app-mention', outcome: 'answered' }]);
  });

  it('a failed reply is told privately and audited as an error', async () => {
    const s = setup({ fail: { 'chat.postMessage': 'internal_error' } });
    await registered(appMention, s.deps).handler({ event: mention('dns in eu-de'), body: {}, client: s.client, context: { botUserId: 'U0BOT' } });
    expect(s.calls.map((c) => c.method)).toEqual(['chat.postMessage', 'chat.postEphemeral']);
    expect(textOf(s.calls[1]!.args)).toContain('something went wrong');
    expect(s.audits).toMatchObject([{ entry: 'app-mention', outcome: 'error' }]);
  });

  it('a reply Slack did not confirm in time may have arrived: the asker is told so, never "something went wrong"', async () => {
    const s = setup({ fail: { 'chat.postMessage': 'timeout' } });
    await registered(appMention, s.deps).handler({ event: mention('dns in eu-de'), body: {}, client: s.client, context: { botUserId: 'U0BOT' } });
    expect(s.calls.map((c) => c.method)).toEqual(['chat.postMessage', 'chat.postEphemeral']);
    expect(textOf(s.calls[1]!.args)).toBe(textOf(NOT_CONFIRMED));
    expect(textOf(s.calls[1]!.args)).not.toContain('something went wrong');
    expect(s.audits).toMatchObject([{ entry: 'app-mention', outcome: 'error' }]);
  });

  it('a direct message is answered in the conversation; bots and edits are not questions', async () => {
    const s = setup();
    const { handler } = registered(directMessage, s.deps);
    const dm = (extra: Record<string, unknown>) => ({ message: { channel_type: 'im', channel: 'D0ASKER01', user: 'U0ASKER01', text: 'dns in eu-de', ts: `17.${Math.random()}`, ...extra }, body: {}, client: s.client, context: { botUserId: 'U0BOT' } });
    await handler(dm({ bot_id: 'B0OTHER' }));
    await handler(dm({ subtype: 'message_changed' }));
    await handler(dm({ user: 'U0BOT' }));
    await handler(dm({ channel_type: 'channel' }));
    expect(s.calls).toEqual([]);
    await handler(dm({}));
    expect(s.calls).toHaveLength(1);
    expect(s.calls[0]!.args).toMatchObject({ channel: 'D0ASKER01' });
    expect(s.calls[0]!.args.thread_ts).toBeUndefined();
  });

  it('App Home: publishes the home view when the home tab opens, not the messages tab', async () => {
    const s = setup();
    const { handler } = registered(appHome, s.deps);
    await handler({ event: { type: 'app_home_opened', user: 'U0ASKER01', tab: 'messages' }, client: s.client });
    await handler({ event: { type: 'app_home_opened', user: 'U0ASKER01', tab: 'home' }, client: s.client });
    expect(s.calls).toEqual([{ method: 'views.publish', args: { user_id: 'U0ASKER01', view: { type: 'home', blocks: s.deps.homeBlocks } } }]);
  });
});

describe('buttons and menus', () => {
  const interaction = (action: Record<string, unknown>, ephemeral = true) => ({
    user: { id: 'U0ASKER01' },
    team: { id: 'T0TEAM' },
    channel: { id: 'C0GENERAL' },
    container: { type: 'message', is_ephemeral: ephemeral, channel_id: 'C0GENERAL', message_ts: '1700000000.000300' },
    ...(ephemeral ? {} : { message: { ts: '1700000000.000300' } }),
    actions: [action],
  });
  const state = (scenarios: string[], region: string | null, question: string | null) => encodeState({ scenarios, region, zone: null, cluster: null, question }, 2000)!;

  it('the region picker replaces an ephemeral answer through its response_url', async () => {
    const s = setup();
    const action = { action_id: ACTION_IDS.region, block_id: state(['kubectl'], null, null), selected_option: { value: 'eu-gb' } };
    await registered(regionPicker, s.deps).handler({ ack: s.ack, body: interaction(action), action, client: s.client, respond: s.respond });
    expect(s.acks).toEqual([undefined]);
    expect(s.responses).toHaveLength(1);
    expect(s.responses[0]).toMatchObject({ response_type: 'ephemeral', replace_original: true });
    expect(textOf(s.responses[0])).toContain('kubectl commands in eu-gb');
    expect(s.audits).toMatchObject([{ entry: 'region-picker', outcome: 'answered' }]);
  });

  it('the region picker updates a posted answer in place', async () => {
    const s = setup();
    const action = { action_id: ACTION_IDS.region, block_id: state(['kubectl'], null, null), selected_option: { value: 'us-south' } };
    await registered(regionPicker, s.deps).handler({ ack: s.ack, body: interaction(action, false), action, client: s.client, respond: s.respond });
    expect(s.calls).toMatchObject([{ method: 'chat.update', args: { channel: 'C0GENERAL', ts: '1700000000.000300' } }]);
    expect(s.responses).toEqual([]);
  });

  it('Share in channel posts the answer visibly; a channel it may not post in gets a private how-to', async () => {
    const s = setup({ fail: {} });
    const action = { action_id: ACTION_IDS.share, value: state(['dns'], 'eu-de', 'dns <!channel>') };
    const { handler } = registered(shareInChannel, s.deps);
    await handler({ ack: s.ack, body: interaction(action), action, client: s.client, respond: s.respond });
    expect(s.calls).toMatchObject([{ method: 'chat.postMessage', args: { channel: 'C0GENERAL' } }]);
    expect(textOf(s.calls[0]!.args)).toContain('<@U0ASKER01> asked: dns &lt;!channel&gt;');

    const refused = setup({ fail: { 'chat.postMessage': 'not_in_channel' } });
    await registered(shareInChannel, refused.deps).handler({ ack: refused.ack, body: interaction(action), action, client: refused.client, respond: refused.respond });
    expect(textOf(refused.responses[0])).toContain('/invite @porthole');
    expect(refused.audits).toMatchObject([{ entry: 'share-in-channel', outcome: 'error' }]);
  });

  it("Export: an ephemeral answer's file goes to the asker's direct messages, every format of the registry", async () => {
    for (const format of Object.keys(EXPORTERS)) {
      const s = setup();
      const action = { action_id: EXPORT_ACTION_ID, block_id: state(['registry'], 'eu-de', null), selected_option: { value: format } };
      await registered(exportMenu, s.deps).handler({ ack: s.ack, body: interaction(action), action, client: s.client, respond: s.respond });
      expect(s.calls.map((c) => c.method)).toEqual(['chat.postMessage', 'filesUploadV2']);
      expect(s.calls[1]!.args).toMatchObject({ channel_id: 'D0ASKER01' });
      expect(String(s.calls[1]!.args.filename)).toMatch(new RegExp(`\\.${EXPORTERS[format as keyof typeof EXPORTERS].fileExtension}$`));
      expect(textOf(s.responses[0])).toContain('porthole &gt; Messages');
      expect(s.audits).toMatchObject([{ entry: 'export', outcome: 'answered', query: { format } }]);
    }
  });

  it('Export of a posted answer: in its thread, with an escaped comment', async () => {
    const s = setup();
    const action = { action_id: EXPORT_ACTION_ID, block_id: state(['dns'], 'eu-de', null), selected_option: { value: 'csv' } };
    await registered(exportMenu, s.deps).handler({ ack: s.ack, body: interaction(action, false), action, client: s.client, respond: s.respond });
    expect(s.calls).toMatchObject([{ method: 'filesUploadV2', args: { channel_id: 'C0GENERAL', thread_ts: '1700000000.000300' } }]);
    expect(s.responses).toEqual([]);
  });
});
