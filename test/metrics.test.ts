import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from './helpers/cli.js';
import { Metrics } from '../src/bot/metrics.js';

/** `name{a="x",b="y"} 3` lines of Prometheus' text format, as a map from series to value. */
function samples(text: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const m = /^(\S+?(?:\{.*\})?) (\S+)$/.exec(line);
    expect(m, line).not.toBeNull();
    out.set(m![1]!, Number(m![2]));
  }
  return out;
}

describe('metrics in Prometheus text format', () => {
  it('count answers by entry and outcome, with a latency histogram', async () => {
    const metrics = new Metrics({ processMetrics: false });
    metrics.answered('slash', 'answered', 0.004);
    metrics.answered('slash', 'answered', 0.3);
    metrics.answered('mention', 'not-understood', 0.02);
    const s = samples(await metrics.text());
    expect(s.get('porthole_answers_total{entry="slash",outcome="answered"}')).toBe(2);
    expect(s.get('porthole_answers_total{entry="mention",outcome="not-understood"}')).toBe(1);
    expect(s.get('porthole_answer_duration_seconds_bucket{le="0.005",entry="slash"}')).toBe(1);
    expect(s.get('porthole_answer_duration_seconds_bucket{le="0.5",entry="slash"}')).toBe(2);
    expect(s.get('porthole_answer_duration_seconds_count{entry="slash"}')).toBe(2);
  });

  it('count cluster lookups, Web API calls and failures, rate limits, redeliveries and readiness', async () => {
    const metrics = new Metrics({ processMetrics: false });
    metrics.clusterLookup('found', false);
    metrics.clusterLookup('found', true);
    metrics.webApiCall('chat.postMessage');
    metrics.webApiCall('files.uploadV2', 'not_in_channel');
    metrics.rateLimited('slash');
    metrics.redeliveryDropped();
    metrics.setReady(true);
    const s = samples(await metrics.text());
    expect(s.get('porthole_cluster_lookups_total{status="found",cached="true"}')).toBe(1);
    expect(s.get('porthole_chat_api_calls_total{method="files.uploadV2"}')).toBe(1);
    expect(s.get('porthole_chat_api_failures_total{method="files.uploadV2",error="not_in_channel"}')).toBe(1);
    expect(s.has('porthole_chat_api_failures_total{method="chat.postMessage",error="not_in_channel"}')).toBe(false);
    expect(s.get('porthole_rate_limited_total{entry="slash"}')).toBe(1);
    expect(s.get('porthole_redeliveries_dropped_total')).toBe(1);
    expect(s.get('porthole_ready')).toBe(1);
    metrics.setReady(false);
    expect(samples(await metrics.text()).get('porthole_ready')).toBe(0);
  });

  it('keep each app its own counts, and include process metrics unless told not to', async () => {
    const one = new Metrics();
    const other = new Metrics();
    one.redeliveryDropped();
    expect(samples(await other.text()).get('porthole_redeliveries_dropped_total')).toBe(0);
    expect([...samples(await one.text()).keys()].some((k) => k.startsWith('porthole_process_cpu'))).toBe(true);
    expect(one.contentType).toMatch(/^text\/plain/);
  });
});

describe('docs/deploy.md', () => {
  it('lists every metric porthole defines, with its labels, and no other', () => {
    const doc = readFileSync(path.join(ROOT, 'docs', 'deploy.md'), 'utf8');
    const section = doc.slice(doc.indexOf('## Metrics'));
    const rows = section
      .split('\n')
      .filter((l) => l.startsWith('| `porthole_'))
      .map((l) => l.split('|').map((c) => c.trim()));
    const documented = new Map<string, string[]>();
    for (const [, names = '', labels = ''] of rows) {
      const labelNames = [...labels.matchAll(/`([a-z_]+)`/g)].map((m) => m[1]!);
      for (const m of names.matchAll(/`(porthole_[a-z_]+)`/g)) documented.set(m[1]!, labelNames);
    }
    const metrics = new Metrics({ processMetrics: false });
    const defined = metrics.registry.getMetricsAsArray().map((m) => m as unknown as { name: string; labelNames?: string[] });
    for (const metric of defined) expect(documented.get(metric.name), metric.name).toEqual([...(metric.labelNames ?? [])]);
    const own = [...documented.keys()].filter((name) => !/^porthole_(process|nodejs)_/.test(name));
    expect(own.sort()).toEqual(defined.map((m) => m.name).sort());
  });
});
