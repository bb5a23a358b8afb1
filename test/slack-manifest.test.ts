/**
 * manifest.yml against Slack's published manifest schema (read from ../shared/slack-manifest-schema, never
 * copied here), and against the listeners the app really registers, both ways.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { Ajv } from 'ajv';
import { parse } from 'yaml';
import { loadDataset } from '../src/data-files/load.js';
import { createApp, type PortholeApp } from '../src/slack/app.js';
import { LISTENERS } from '../src/slack/listeners/index.js';
import { createLogger } from '../src/slack/logger.js';
import { Writable } from 'node:stream';
import { needsShared, SHARED_DIR } from './helpers/requirements.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const SCHEMA_FILE = 'slack-manifest-schema/manifest.schema.1.0.0.json';
const SCHEMA_PATH = path.join(SHARED_DIR, SCHEMA_FILE);
const schemaFile = needsShared(SCHEMA_FILE);

type Schema = Record<string, unknown>;

// Slack's schema uses custom annotation keywords (_note, regex, requires): not strict about those.
function validateAgainst(schema: Schema, value: unknown): string[] {
  const ajv = new Ajv({ allErrors: true, strict: false });
  const validate = ajv.compile(schema);
  if (validate(value)) return [];
  return (validate.errors ?? []).map((e) => {
    const at = `manifest${e.instancePath.replace(/\/(\d+)/g, '[$1]').replace(/\//g, '.')}`;
    if (e.keyword === 'additionalProperties') return `${at}: unknown property "${(e.params as { additionalProperty: string }).additionalProperty}"`;
    if (e.keyword === 'required') return `${at}: missing required "${(e.params as { missingProperty: string }).missingProperty}"`;
    if (e.keyword === 'pattern') return `${at}: does not match ${(e.params as { pattern: string }).pattern}`;
    return `${at}: ${e.message ?? e.keyword}`;
  });
}

// ---------------------------------------------------------------------------------------------------------------

interface Manifest {
  features: {
    app_home: { home_tab_enabled?: boolean; messages_tab_enabled?: boolean; messages_tab_read_only_enabled?: boolean };
    bot_user: { display_name: string };
    slash_commands: { command: string }[];
  };
  oauth_config: { scopes: { bot: string[] } };
  settings: { event_subscriptions: { bot_events: string[] }; interactivity: { is_enabled: boolean }; socket_mode_enabled: boolean };
}

const manifest = parse(readFileSync(`${ROOT}/manifest.yml`, 'utf8')) as Manifest;

describe.skipIf(!schemaFile.available)(`manifest.yml against Slack's schema${schemaFile.note}`, () => {
  let schema: Schema;
  beforeAll(() => {
    schemaFile.assert();
    schema = JSON.parse(readFileSync(SCHEMA_PATH, 'utf8')) as Schema;
  });

  it('is valid', () => {
    expect(validateAgainst(schema, manifest)).toEqual([]);
  });

  it('the validator is not a pushover: it catches what Slack would refuse', () => {
    const broken = structuredClone(manifest) as unknown as Record<string, Record<string, unknown>>;
    broken.settings!.socket_mode = true;
    (broken.features!.slash_commands as { command: string }[])[0]!.command = 'porthole';
    delete (broken.display_information as Record<string, unknown>).name;
    const errors = validateAgainst(schema, broken);
    expect(errors).toContain('manifest.settings: unknown property "socket_mode"');
    expect(errors).toContain('manifest.features.slash_commands[0].command: does not match ^\\/');
    expect(errors).toContain('manifest.display_information: missing required "name"');
  });
});

describe('manifest.yml and the registered listeners agree, both ways', () => {
  let app: PortholeApp;
  beforeAll(async () => {
    const loaded = await loadDataset();
    if (!loaded.ok) throw new Error('the bundled dataset does not load');
    const logger = createLogger({ level: 'silent', secrets: [], destination: new Writable({ write: (_c, _e, done) => done() }) });
    // Built, not started: registering listeners needs no network.
    app = createApp({
      config: {
        mode: 'http',
        botToken: 'xoxb-0-0-manifestTest',
        appToken: undefined,
        signingSecret: '00000000000000000000000000000000',
        port: 0,
        host: '127.0.0.1',
        slackApiUrl: 'http://127.0.0.1:9/api/',
        rateLimitPerMinute: 20,
        logLevel: 'silent',
        dataDir: undefined,
        redisUrl: undefined,
      },
      dataset: loaded.dataset,
      logger,
    });
  });

  it('the registrations are read from the listener files: one listener per file, each registered', () => {
    const dir = path.join(ROOT, 'src', 'slack', 'listeners');
    const files = readdirSync(dir).filter((f) => f.endsWith('.ts') && !['common.ts', 'index.ts'].includes(f));
    expect(LISTENERS).toHaveLength(files.length);
    expect(app.registrations).toEqual(LISTENERS.map((l) => l.registration));
    const names = app.registrations.map((r) => `${r.kind}:${r.name}`);
    expect(new Set(names).size).toBe(names.length);
  });

  it('every slash command listener is in the manifest, and every manifest command has a listener', () => {
    const registered = app.registrations.filter((r) => r.kind === 'command').map((r) => r.name).sort();
    expect(manifest.features.slash_commands.map((c) => c.command).sort()).toEqual(registered);
  });

  it('every event listener is a bot event of the manifest, and every bot event has a listener', () => {
    const registered = app.registrations.flatMap((r) => (r.kind === 'event' ? [r.manifestEvent] : [])).sort();
    expect([...manifest.settings.event_subscriptions.bot_events].sort()).toEqual(registered);
  });

  it('actions are registered exactly when interactivity is on', () => {
    const actions = app.registrations.filter((r) => r.kind === 'action');
    expect(actions.map((r) => r.name).sort()).toEqual(['porthole.export', 'porthole.feedback.helpful', 'porthole.feedback.not-helpful', 'porthole.region', 'porthole.share']);
    expect(manifest.settings.interactivity.is_enabled).toBe(actions.length > 0);
  });

  it('the bot scopes are exactly the scopes the listeners need', () => {
    const needed = new Set(app.registrations.flatMap((r) => r.scopes));
    expect([...manifest.oauth_config.scopes.bot].sort()).toEqual([...needed].sort());
    // Nothing calls conversations.info/list (im:read) or conversations.open (im:write): a DM is reached by user id.
    expect(manifest.oauth_config.scopes.bot).not.toContain('im:read');
    expect(manifest.oauth_config.scopes.bot).not.toContain('im:write');
  });

  it("the manifest's comment points to documentation that exists", () => {
    const text = readFileSync(path.join(ROOT, 'manifest.yml'), 'utf8');
    const docs = [...text.matchAll(/\b(docs\/[\w.-]+\.md)\b/g)].map((m) => m[1]!);
    expect(docs.length).toBeGreaterThan(0);
    for (const doc of docs) expect(existsSync(path.join(ROOT, doc)), doc).toBe(true);
  });

  it('App Home: the messages tab (for direct messages) and the home tab match their listeners; Socket Mode is on', () => {
    const events = new Set(app.registrations.flatMap((r) => (r.kind === 'event' ? [r.manifestEvent] : [])));
    expect(manifest.features.app_home.messages_tab_enabled).toBe(events.has('message.im'));
    expect(manifest.features.app_home.messages_tab_read_only_enabled).toBe(false);
    expect(manifest.features.app_home.home_tab_enabled).toBe(events.has('app_home_opened'));
    expect(manifest.features.bot_user.display_name).toBe('porthole');
    expect(manifest.settings.socket_mode_enabled).toBe(true);
  });
});
