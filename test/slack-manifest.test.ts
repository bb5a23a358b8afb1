/**
 * manifest.yml against Slack's published manifest schema (read from ../shared/slack-manifest-schema, never
 * copied here), and against the listeners the app really registers, both ways.
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { loadDataset } from '../src/data-files/load.js';
import { createApp, type PortholeApp } from '../src/slack/app.js';
import { createLogger } from '../src/slack/logger.js';
import { Writable } from 'node:stream';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const SCHEMA_PATH = fileURLToPath(new URL('../../shared/slack-manifest-schema/manifest.schema.1.0.0.json', import.meta.url));
const schemaPresent = existsSync(SCHEMA_PATH);

// ---------------------------------------------------------------------------------------------------------------
// A small draft-07 validator for the keywords Slack's manifest schema uses. `ajv` is not a dependency of this
// project; this covers exactly the keywords the schema holds, and refuses to run on any keyword it does not know,
// so a newer schema cannot be passed silently.

type Schema = Record<string, unknown>;
const ANNOTATIONS = new Set(['description', 'title', 'default', '_note', 'regex', 'requires', 'format', '$schema', 'definitions', 'examples']);
const CHECKED = new Set([
  'type',
  'properties',
  'additionalProperties',
  'patternProperties',
  'required',
  'items',
  'minItems',
  'maxItems',
  'uniqueItems',
  'minLength',
  'maxLength',
  'pattern',
  'enum',
  'const',
  'anyOf',
  'oneOf',
  'allOf',
  '$ref',
  'minProperties',
  'maxProperties',
  'minimum',
  'maximum',
]);

function typeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

function validate(root: Schema, schema: Schema, value: unknown, at: string, errors: string[]): void {
  for (const key of Object.keys(schema)) {
    if (!CHECKED.has(key) && !ANNOTATIONS.has(key)) throw new Error(`schema keyword "${key}" at ${at} is not supported by this validator`);
  }
  if (typeof schema.$ref === 'string') {
    const name = schema.$ref.replace(/^#\/definitions\//, '');
    const target = (root.definitions as Record<string, Schema>)[name];
    if (target === undefined) throw new Error(`unresolved $ref ${schema.$ref}`);
    validate(root, target, value, at, errors);
  }
  const t = typeOf(value);
  if (schema.type !== undefined) {
    const types = Array.isArray(schema.type) ? (schema.type as string[]) : [schema.type as string];
    if (!types.includes(t) && !(t === 'integer' && types.includes('number'))) {
      errors.push(`${at}: must be ${types.join(' or ')}, is ${t}`);
      return;
    }
  }
  if (schema.enum !== undefined && !(schema.enum as unknown[]).some((e) => JSON.stringify(e) === JSON.stringify(value))) errors.push(`${at}: not one of the allowed values`);
  if ('const' in schema && JSON.stringify(schema.const) !== JSON.stringify(value)) errors.push(`${at}: must be ${JSON.stringify(schema.const)}`);
  if (t === 'string') {
    const s = value as string;
    if (typeof schema.minLength === 'number' && [...s].length < schema.minLength) errors.push(`${at}: shorter than ${schema.minLength}`);
    if (typeof schema.maxLength === 'number' && [...s].length > schema.maxLength) errors.push(`${at}: longer than ${schema.maxLength}`);
    if (typeof schema.pattern === 'string' && !new RegExp(schema.pattern, 'u').test(s)) errors.push(`${at}: does not match ${schema.pattern}`);
  }
  if (t === 'integer' || t === 'number') {
    const n = value as number;
    if (typeof schema.minimum === 'number' && n < schema.minimum) errors.push(`${at}: below ${schema.minimum}`);
    if (typeof schema.maximum === 'number' && n > schema.maximum) errors.push(`${at}: above ${schema.maximum}`);
  }
  if (t === 'array') {
    const a = value as unknown[];
    if (typeof schema.minItems === 'number' && a.length < schema.minItems) errors.push(`${at}: fewer than ${schema.minItems} items`);
    if (typeof schema.maxItems === 'number' && a.length > schema.maxItems) errors.push(`${at}: more than ${schema.maxItems} items`);
    if (schema.uniqueItems === true && new Set(a.map((x) => JSON.stringify(x))).size !== a.length) errors.push(`${at}: items are not unique`);
    if (schema.items !== undefined && typeof schema.items === 'object') a.forEach((item, i) => validate(root, schema.items as Schema, item, `${at}[${i}]`, errors));
  }
  if (t === 'object') {
    const o = value as Record<string, unknown>;
    const keys = Object.keys(o);
    if (typeof schema.minProperties === 'number' && keys.length < schema.minProperties) errors.push(`${at}: fewer than ${schema.minProperties} properties`);
    if (typeof schema.maxProperties === 'number' && keys.length > schema.maxProperties) errors.push(`${at}: more than ${schema.maxProperties} properties`);
    for (const r of (schema.required as string[] | undefined) ?? []) if (!(r in o)) errors.push(`${at}: missing required "${r}"`);
    const props = (schema.properties as Record<string, Schema> | undefined) ?? {};
    const patterns = Object.entries((schema.patternProperties as Record<string, Schema> | undefined) ?? {});
    for (const key of keys) {
      let matched = false;
      if (props[key] !== undefined) {
        matched = true;
        validate(root, props[key], o[key], `${at}.${key}`, errors);
      }
      for (const [p, s] of patterns) {
        if (new RegExp(p, 'u').test(key)) {
          matched = true;
          validate(root, s, o[key], `${at}.${key}`, errors);
        }
      }
      if (!matched) {
        if (schema.additionalProperties === false) errors.push(`${at}: unknown property "${key}"`);
        else if (typeof schema.additionalProperties === 'object') validate(root, schema.additionalProperties as Schema, o[key], `${at}.${key}`, errors);
      }
    }
  }
  const branches = (key: 'anyOf' | 'oneOf') => (schema[key] as Schema[]).map((s) => {
    const e: string[] = [];
    validate(root, s, value, at, e);
    return e.length === 0;
  });
  if (Array.isArray(schema.anyOf) && !branches('anyOf').some(Boolean)) errors.push(`${at}: matches none of anyOf`);
  if (Array.isArray(schema.oneOf) && branches('oneOf').filter(Boolean).length !== 1) errors.push(`${at}: must match exactly one of oneOf`);
  if (Array.isArray(schema.allOf)) for (const s of schema.allOf as Schema[]) validate(root, s, value, at, errors);
}

function validateAgainst(schema: Schema, value: unknown): string[] {
  const errors: string[] = [];
  validate(schema, schema, value, 'manifest', errors);
  return errors;
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

describe.skipIf(!schemaPresent)(`manifest.yml against Slack's schema (${schemaPresent ? SCHEMA_PATH : `skipped: ${SCHEMA_PATH} is absent, clone the shared folder beside the repository to run it`})`, () => {
  const schema = schemaPresent ? (JSON.parse(readFileSync(SCHEMA_PATH, 'utf8')) as Schema) : {};

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
      },
      dataset: loaded.dataset,
      logger,
    });
  });

  it('registers exactly the listeners Bolt holds', () => {
    // Bolt keeps one listener chain per app.command/event/action call.
    expect((app.bolt as unknown as { listeners: unknown[] }).listeners).toHaveLength(app.registrations.length);
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
    expect(actions.map((r) => r.name).sort()).toEqual(['porthole.region', 'porthole.share']);
    expect(manifest.settings.interactivity.is_enabled).toBe(actions.length > 0);
  });

  it('the bot scopes are exactly the scopes the listeners need', () => {
    const needed = new Set(app.registrations.flatMap((r) => r.scopes));
    expect([...manifest.oauth_config.scopes.bot].sort()).toEqual([...needed].sort());
    expect(manifest.oauth_config.scopes.bot.sort()).toEqual(['app_mentions:read', 'chat:write', 'commands', 'files:write', 'im:history', 'im:read']);
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
