/** GET /metrics of the real app in HTTP mode, after real requests against the Slack stand-in. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shippedDataset } from './helpers/dataset.js';
import { dmMessageEvent, SlackAppHarness, slashCommandFields } from './support/slack/index.js';

const RATE_LIMIT = 2;

function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe('GET /metrics', () => {
  let h: SlackAppHarness;
  beforeAll(async () => {
    h = new SlackAppHarness('http', {
      tokens: { botToken: 'xoxb-1111-2222-metricsBotToken', appToken: 'xapp-1-A0PORTHOLE-3333-metricsApp', signingSecret: '92eb5ffee6ae2fec3ad71c777531578f' },
      rateLimitPerMinute: RATE_LIMIT,
      logLevel: 'info',
    });
    await h.start(await shippedDataset());
  });
  afterAll(() => h?.stop());

  it('counts answers by entry and outcome, rate limits, redeliveries and readiness, in Prometheus text format', async () => {
    const slash = (text: string) => h.sendSlash(slashCommandFields({ text, user_id: 'U0METRICS', response_url: h.standIn.responseUrl(h.nextId('slash')) }));
    await slash('dns in eu-de');
    await slash('what is the airspeed of a swallow');
    await slash('dns in eu-de');
    const channel = 'D0METRICS1';
    const dm = dmMessageEvent({ text: 'dns in eu-de', channel });
    await h.event(dm);
    await h.call('chat.postMessage', (c) => c.args.channel === channel);
    await h.event(dm, 1);
    await h.waitForLog((l) => l.msg === 'redelivered event ignored');

    const res = await fetch(`${h.baseUrl}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
    const text = await res.text();
    expect(sample(text, 'porthole_answers_total{entry="slash-command",outcome="answered"}')).toBe(1);
    expect(sample(text, 'porthole_answers_total{entry="slash-command",outcome="not-understood"}')).toBe(1);
    expect(sample(text, 'porthole_answers_total{entry="direct-message",outcome="answered"}')).toBe(1);
    expect(sample(text, 'porthole_rate_limited_total{entry="slash-command"}')).toBe(1);
    expect(sample(text, 'porthole_answers_total{entry="slash-command",outcome="rate-limited"}')).toBe(1);
    expect(sample(text, 'porthole_redeliveries_dropped_total')).toBe(1);
    expect(sample(text, 'porthole_ready')).toBe(1);
    expect(sample(text, 'porthole_answer_duration_seconds_count{entry="slash-command"}')).toBe(3);
  });
});
