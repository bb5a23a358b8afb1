/**
 * What the real app logs at debug level (Socket Mode, where the SDKs log whole payloads) against the Slack
 * stand-in: message strings bounded, response_urls redacted, and the audit line free of tokens, response_urls
 * and API keys even when a person pastes them into a question.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AUDIT_QUESTION_CHARS } from '../src/bot/audit.js';
import { LOG_TEXT_CHARS } from '../src/slack/logger.js';
import { shippedDataset } from './helpers/dataset.js';
import { appMentionEvent, DEFAULT_WORKSPACE as W, SlackAppHarness, slashCommandFields } from './support/slack/index.js';

const TOKENS = { botToken: 'xoxb-1111-2222-logsBotTokenSecret', appToken: 'xapp-1-A0PORTHOLE-3333-logsAppSecret', signingSecret: '1679091c5a880faf6fb5e6087eb1b2dc' };
const API_KEY = 'ibmApiKey0123456789abcdefghijklmnopqrstuvwx';

describe('logs at debug level', () => {
  const h = new SlackAppHarness('socket', { tokens: TOKENS, rateLimitPerMinute: 100, logLevel: 'debug', extraSecrets: [API_KEY] });
  beforeAll(async () => {
    await h.start(await shippedDataset());
  });
  afterAll(() => h.stop());

  it('bound every message string to LOG_TEXT_CHARS and redact response_urls, even in whole payloads', async () => {
    const responseId = 'logsResponseUrlSecretPart';
    const question = `kubectl in eu-de ${'and more words '.repeat(300)}`;
    const since = h.standIn.seq;
    await h.sendSlash(slashCommandFields({ text: 'dns in eu-de', response_url: h.standIn.responseUrl(responseId) }));
    await h.sendSlash(slashCommandFields({ text: question, response_url: h.standIn.responseUrl(`${responseId}2`) }));
    const mention = appMentionEvent({ text: `<@${W.botUserId}> everything in eu-de` });
    await h.event(mention);
    await h.call('files.completeUploadExternal', () => true, since);
    const payloads = h.logs.filter((l) => l.msg.includes('Received a message on the WebSocket'));
    expect(payloads.length).toBeGreaterThan(0);
    const cut = h.logs.filter((l) => / more characters\]$/.test(l.msg));
    expect(cut.length).toBeGreaterThan(0);
    for (const line of h.logs) expect(line.msg.length, line.msg.slice(0, 80)).toBeLessThanOrEqual(LOG_TEXT_CHARS + 40);
    expect(h.rawLogs.join('\n')).not.toContain(responseId);
    expect(h.rawLogs.some((l) => l.includes('response_url') && l.includes('[redacted]'))).toBe(true);
  });

  it('write no token, response_url or API key on the audit line, from a question that holds them', async () => {
    const from = h.rawLogs.length;
    const hook = 'https://hooks.slack.com/commands/T0PORTHOLE/123/auditHookSecret';
    const question = `dns in eu-de ${TOKENS.botToken} ${hook} ${API_KEY}`;
    expect(question.length).toBeLessThan(AUDIT_QUESTION_CHARS);
    await h.sendSlash(slashCommandFields({ text: question, user_id: 'U0AUDITLOG', response_url: h.standIn.responseUrl('audit-log') }));
    const audit = await h.waitForLog((l) => l.msg === 'audit' && (l.audit as { userId: string }).userId === 'U0AUDITLOG', from);
    const line = JSON.stringify(audit);
    for (const secret of [TOKENS.botToken, 'logsBotTokenSecret', 'auditHookSecret', 'hooks.slack.com', API_KEY, 'audit-log']) expect(line).not.toContain(secret);
    expect((audit.audit as { query: { text: string } }).query.text).toMatch(/^dns in eu-de \[redacted\] \[redacted\] \[redacted\]$/);
  });
});
