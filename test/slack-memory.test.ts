/**
 * Memory under many distinct askers: the process the image runs (its CMD, node's flags included; HTTP mode) answers 100,000 signed
 * slash commands from 100,000 people, then gets 20,000 signed requests from 20,000 other teams, and must stay within
 * the Deployment's memory limit (deploy/kubernetes/deployment.yaml) all along. Its RSS is read from /proc.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { ROOT } from './helpers/cli.js';
import { freeLoopbackPort } from './support/listen.js';
import { signRequest, slashCommandFields, startSlackStandIn, type SlackStandIn } from './support/slack/index.js';

const BOT_TOKEN = 'xoxb-1111-2222-memoryBotToken';
const SECRET = 'e4da3b7fbbce2345d7772b0674a318d5';
const PEOPLE = 100_000;
const TEAMS = 20_000;
const CONCURRENCY = 32;

/** The Deployment's memory limit in bytes (`256Mi`). */
function deploymentMemoryLimit(): number {
  const deployment = parse(readFileSync(join(ROOT, 'deploy/kubernetes/deployment.yaml'), 'utf8')) as {
    spec: { template: { spec: { containers: { resources: { limits: { memory: string } } }[] } } };
  };
  const limit = deployment.spec.template.spec.containers[0]!.resources.limits.memory;
  const match = /^(\d+)(Mi|Gi)$/.exec(limit);
  if (match === null) throw new Error(`unexpected memory limit ${limit}`);
  return Number(match[1]) * (match[2] === 'Gi' ? 1024 ** 3 : 1024 ** 2);
}

/** The command the image runs (the Dockerfile's CMD, what `npm start` runs), node's own flags included. */
function imageCommand(): string[] {
  const dockerfile = readFileSync(join(ROOT, 'Dockerfile'), 'utf8');
  const command = JSON.parse(/^CMD (\[.*\])$/m.exec(dockerfile)![1]!) as string[];
  expect(command[0]).toBe('node');
  return command;
}

/** VmRSS and VmHWM (the peak RSS) of a process, in bytes. */
function memoryOf(pid: number): { rss: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kib = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? Number.NaN) * 1024;
  return { rss: kib('VmRSS'), peak: kib('VmHWM') };
}


const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });

/** POSTs a signed form body over a kept-alive connection; resolves with the status. */
function postForm(port: number, body: string): Promise<number> {
  const headers = { 'content-type': 'application/x-www-form-urlencoded', 'content-length': String(Buffer.byteLength(body)), ...signRequest(SECRET, body) };
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path: '/slack/events', method: 'POST', headers, agent }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** Sends `count` requests, `CONCURRENCY` at a time; counts the statuses. */
async function drive(count: number, bodyOf: (i: number) => string, port: number): Promise<Map<number, number>> {
  const statuses = new Map<number, number>();
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const status = await postForm(port, bodyOf(next++));
      statuses.set(status, (statuses.get(status) ?? 0) + 1);
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  return statuses;
}

describe('memory with many people and many teams (HTTP mode, the real process)', () => {
  let slack: SlackStandIn;
  let port: number;
  let child: ReturnType<typeof spawn>;
  let exited: Promise<unknown>;
  let peakSeen = 0;
  let sampler: NodeJS.Timeout;
  const sample = () => {
    peakSeen = Math.max(peakSeen, memoryOf(child.pid!).peak);
  };

  beforeAll(async () => {
    slack = await startSlackStandIn({ botToken: BOT_TOKEN });
    port = await freeLoopbackPort();
    // Logs to nowhere: the figure is the app's memory, not a test reading 100,000 audit lines.
    child = spawn(process.execPath, imageCommand().slice(1), {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', HOST: '127.0.0.1', PORT: String(port), SLACK_BOT_TOKEN: BOT_TOKEN, SLACK_SIGNING_SECRET: SECRET, SLACK_API_URL: slack.apiUrl },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    exited = once(child, 'exit');
    for (let tries = 0; ; tries += 1) {
      const ready = await fetch(`http://127.0.0.1:${port}/readyz`).then((r) => r.status, () => 0);
      if (ready === 200) break;
      if (tries > 100) throw new Error('the app did not become ready');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    sampler = setInterval(sample, 250);
  }, 30_000);

  afterAll(async () => {
    clearInterval(sampler);
    agent.destroy();
    child?.kill('SIGKILL');
    await exited;
    await slack?.close();
  });

  it(`stays within the Deployment's memory limit through ${PEOPLE} people and ${TEAMS} other teams`, async () => {
    const limit = deploymentMemoryLimit();
    const atStart = memoryOf(child.pid!);
    const started = Date.now();
    const people = await drive(PEOPLE, (i) => new URLSearchParams(slashCommandFields({ user_id: `U${i.toString(36).toUpperCase().padStart(8, '0')}`, text: 'dns in eu-de' })).toString(), port);
    const afterPeople = memoryOf(child.pid!);
    const peopleSeconds = (Date.now() - started) / 1000;
    const teams = await drive(TEAMS, (i) => new URLSearchParams(slashCommandFields({ team_id: `T${i.toString(36).toUpperCase().padStart(8, '0')}`, text: 'dns in eu-de' })).toString(), port);
    const atEnd = memoryOf(child.pid!);
    sample();
    const mib = (bytes: number) => `${(bytes / 1024 ** 2).toFixed(0)} MiB`;
    console.log(
      `memory: RSS at start ${mib(atStart.rss)}, after ${PEOPLE} people ${mib(afterPeople.rss)} (${peopleSeconds.toFixed(0)} s), ` +
        `after ${TEAMS} other teams ${mib(atEnd.rss)}, peak ${mib(Math.max(peakSeen, atEnd.peak))}; limit ${mib(limit)}`,
    );
    expect(people.get(200)).toBe(PEOPLE);
    expect(teams.get(403)).toBe(TEAMS);
    expect(Math.max(peakSeen, atEnd.peak)).toBeLessThan(limit);
  }, 600_000);
});
