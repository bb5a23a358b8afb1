import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/**
 * What an operator graphs and alerts on, in Prometheus' text format (GET /metrics). One registry per app, so
 * that tests and several apps in one process never share counts.
 */
export class Metrics {
  readonly registry = new Registry();

  private readonly answers = new Counter({
    name: 'porthole_answers_total',
    help: 'Requests answered, by entry point (slash-command, app-mention, direct-message, region-picker, share-in-channel, export) and outcome.',
    labelNames: ['entry', 'outcome'] as const,
    registers: [this.registry],
  });

  private readonly answerSeconds = new Histogram({
    name: 'porthole_answer_duration_seconds',
    help: 'Time from a request reaching porthole to its answer reaching the chat platform.',
    labelNames: ['entry'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });

  private readonly clusterLookups = new Counter({
    name: 'porthole_cluster_lookups_total',
    help: 'Cluster lookups, by status (found, not-found, denied, failed, ...) and whether the cache answered.',
    labelNames: ['status', 'cached'] as const,
    registers: [this.registry],
  });

  private readonly webApiCalls = new Counter({
    name: 'porthole_chat_api_calls_total',
    help: "HTTP calls to the chat platform (Web API methods, file uploads, response_urls), by method; each retry counts.",
    labelNames: ['method'] as const,
    registers: [this.registry],
  });

  private readonly webApiFailures = new Counter({
    name: 'porthole_chat_api_failures_total',
    help: "Failed calls to the chat platform's Web API, by method and the platform's error code.",
    labelNames: ['method', 'error'] as const,
    registers: [this.registry],
  });

  private readonly rateLimitedRequests = new Counter({
    name: 'porthole_rate_limited_total',
    help: 'Requests refused by the per-user rate limit, by entry point.',
    labelNames: ['entry'] as const,
    registers: [this.registry],
  });

  private readonly redeliveries = new Counter({
    name: 'porthole_redeliveries_dropped_total',
    help: 'Deliveries the platform sent again that were already answered (by this or another replica).',
    registers: [this.registry],
  });

  private readonly refusedEditions = new Counter({
    name: 'porthole_editions_refused_total',
    help: 'Edition folders found in the data folder and refused as invalid (each distinct set of problems once).',
    registers: [this.registry],
  });

  private readonly readiness = new Gauge({
    name: 'porthole_ready',
    help: '1 while porthole takes new work (connection open, not shutting down), else 0.',
    registers: [this.registry],
  });

  constructor(options: { processMetrics?: boolean } = {}) {
    if (options.processMetrics ?? true) collectDefaultMetrics({ register: this.registry, prefix: 'porthole_' });
    this.readiness.set(0);
  }

  answered(entry: string, outcome: string, seconds: number): void {
    this.answers.inc({ entry, outcome });
    this.answerSeconds.observe({ entry }, seconds);
  }

  clusterLookup(status: string, cached: boolean): void {
    this.clusterLookups.inc({ status, cached: String(cached) });
  }

  webApiCall(method: string, error?: string): void {
    this.webApiCalls.inc({ method });
    if (error !== undefined) this.webApiFailures.inc({ method, error });
  }

  rateLimited(entry: string): void {
    this.rateLimitedRequests.inc({ entry });
  }

  redeliveryDropped(): void {
    this.redeliveries.inc();
  }

  editionRefused(): void {
    this.refusedEditions.inc();
  }

  setReady(ready: boolean): void {
    this.readiness.set(ready ? 1 : 0);
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  text(): Promise<string> {
    return this.registry.metrics();
  }
}
