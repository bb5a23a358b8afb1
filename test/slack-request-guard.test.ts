/**
 * Requests Bolt would let through and should not, refused before Bolt (and its per-team Web API clients) sees
 * them: bodies that are not objects, requests from another team, signed timestamps in the future. Through the
 * real app against the Slack stand-in, in HTTP and Socket Mode.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { MAX_CLOCK_SKEW_SECONDS } from '../src/slack/request-guard.js';
import { shippedDataset } from './helpers/dataset.js';
import { appMentionEvent, DEFAULT_WORKSPACE as W, eventCallback, postEvent, postSigned, postSlashCommand, SlackAppHarness, slashCommandFields } from './support/slack/index.js';

const TOKENS = { botToken: 'xoxb-1111-2222-guardBotToken', appToken: 'xapp-1-A0PORTHOLE-3333-guardApp', signingSecret: 'c4ca4238a0b923820dcc509a6f75849b' };
const OTHER_TEAM = 'T0ELSEWHERE';

/** The team ids Bolt keeps a Web API client pool for (one per team, kept for good). */
function clientTeams(h: SlackAppHarness): string[] {
  return Object.keys((h.app.bolt as unknown as { clients: Record<string, unknown> }).clients);
}

describe('HTTP mode', () => {
  const h = new SlackAppHarness('http', { tokens: TOKENS, rateLimitPerMinute: 100, logLevel: 'info' });
  beforeAll(async () => {
    await h.start(await shippedDataset());
  });
  afterAll(() => h.stop());

  const secret = TOKENS.signingSecret;
  const answered = async () => {
    const res = await postSlashCommand(h.baseUrl, secret, slashCommandFields({ text: 'dns in eu-de', response_url: h.standIn.responseUrl(h.nextId('alive')) }));
    expect(res.status).toBe(200);
    expect(JSON.stringify(res.json)).toContain('eu-de');
  };

  it.each([
    ['a JSON null', 'null', 'application/json'],
    ['a JSON array', '[]', 'application/json'],
    ['a JSON number', '42', 'application/json'],
    ['an interaction whose payload is null', 'payload=null', 'application/x-www-form-urlencoded'],
    ['an event whose event is null', JSON.stringify({ ...eventCallback({}), event: null }), 'application/json'],
  ])('refuses a signed body that is %s with 400, logs it, and goes on answering', async (_what, body, contentType) => {
    const logsBefore = h.rawLogs.length;
    const res = await postSigned(h.baseUrl, secret, body, contentType);
    expect(res.status).toBe(400);
    expect(res.body).toMatch(/not an object|does not parse/);
    await h.waitForLog((l) => l.msg === 'request refused' && (l.refused as { status: number }).status === 400, logsBefore);
    await answered();
  });

  it('refuses a signed request from another team with 403, before Bolt makes a Web API client for it', async () => {
    const logsBefore = h.rawLogs.length;
    const since = h.standIn.seq;
    const command = await postSlashCommand(h.baseUrl, secret, slashCommandFields({ team_id: OTHER_TEAM, text: 'dns in eu-de' }));
    expect(command.status).toBe(403);
    const event = eventCallback(appMentionEvent({ text: `<@${W.botUserId}> dns in eu-de` }).event, {
      team_id: OTHER_TEAM,
      authorizations: [{ enterprise_id: null, team_id: OTHER_TEAM, user_id: W.botUserId, is_bot: true, is_enterprise_install: false }],
    } as never);
    expect((await postEvent(h.baseUrl, secret, event)).status).toBe(403);
    const refused = await h.waitForLog((l) => l.msg === 'request refused' && (l.refused as { status: number }).status === 403, logsBefore);
    expect(refused.refused).toMatchObject({ teamId: OTHER_TEAM });
    await answered();
    expect(clientTeams(h)).not.toContain(OTHER_TEAM);
    expect(clientTeams(h)).toContain(W.teamId);
    expect(h.standIn.calls.filter((c) => c.seq > since && c.method !== 'auth.test' && JSON.stringify(c.args).includes(OTHER_TEAM))).toEqual([]);
  });

  it('refuses a signed timestamp more than five minutes in the future with 401, and takes one within them', async () => {
    const now = Math.floor(Date.now() / 1000);
    const fields = () => slashCommandFields({ text: 'dns in eu-de', response_url: h.standIn.responseUrl(h.nextId('future')) });
    const beyond = await postSlashCommand(h.baseUrl, secret, fields(), { timestamp: now + MAX_CLOCK_SKEW_SECONDS + 60 });
    expect(beyond.status).toBe(401);
    const within = await postSlashCommand(h.baseUrl, secret, fields(), { timestamp: now + MAX_CLOCK_SKEW_SECONDS - 60 });
    expect(within.status).toBe(200);
    // Bolt's own checks still hold behind the screen.
    expect((await postSlashCommand(h.baseUrl, secret, fields(), { oldTimestamp: true })).status).toBe(401);
    expect((await postSlashCommand(h.baseUrl, secret, fields(), { badSignature: true })).status).toBe(401);
  });
});

describe('Socket Mode', () => {
  const h = new SlackAppHarness('socket', { tokens: TOKENS, rateLimitPerMinute: 100, logLevel: 'info' });
  beforeAll(async () => {
    await h.start(await shippedDataset());
  });
  afterAll(() => h.stop());

  const answered = async () => {
    const { ackJson } = await h.sendSlash(slashCommandFields({ text: 'dns in eu-de', response_url: h.standIn.responseUrl(h.nextId('alive')) }));
    expect(JSON.stringify(ackJson)).toContain('eu-de');
  };

  it('ignores a frame that is null, and acknowledges (with nothing) an envelope whose payload is null; the app goes on answering', async () => {
    const logsBefore = h.rawLogs.length;
    h.socket!.sendRaw('null');
    h.socket!.sendRaw(JSON.stringify({ envelope_id: 'env-null-event', type: 'events_api', payload: null, accepts_response_payload: false }));
    const ack = await h.socket!.push('slash_commands', null);
    expect(ack.payload ?? {}).toEqual({});
    await vi.waitFor(() => expect(h.logs.slice(logsBefore).filter((l) => l.msg === 'Socket Mode frame refused')).toHaveLength(3));
    await vi.waitFor(() => expect(h.socket!.unexpected.map((f) => f.raw).join('\n')).toContain('env-null-event'));
    await answered();
  });

  it('acknowledges a request from another team with nothing, before Bolt makes a Web API client for it', async () => {
    const logsBefore = h.rawLogs.length;
    const ack = await h.socket!.push('slash_commands', slashCommandFields({ team_id: OTHER_TEAM, text: 'dns in eu-de' }));
    expect(ack.payload ?? {}).toEqual({});
    const refused = await h.waitForLog((l) => l.msg === 'Socket Mode frame refused', logsBefore);
    expect(refused.refused).toMatchObject({ teamId: OTHER_TEAM });
    await answered();
    expect(clientTeams(h)).not.toContain(OTHER_TEAM);
  });
});
