import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync } from 'node:fs';
import { open, rename } from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from 'pino';
import { z } from 'zod';
import { editionDate } from '../core/dataset/editions.js';
import type { SettingKey, Watch } from './conversation-commands.js';
import type { RedisState } from './redis.js';

/**
 * What a conversation remembers between questions: the defaults of a scope (a channel, or a person in a direct
 * message), the watches of a channel, and the last edition announced to each watch. One interface, three
 * backends: Redis shared by replicas (REDIS_URL), a JSON file for one replica (STATE_DIR), or this process's
 * memory (lost at a restart, said with a warning at start).
 */

export type Scope = { kind: 'channel'; id: string } | { kind: 'person'; id: string };
export type ScopeSettings = Partial<Record<SettingKey, string>>;

/** A watch as stored: what it follows, and the edition current when it was made (nothing older is announced). */
export interface StoredWatch extends Watch {
  since: string;
}

export interface ConversationStore {
  readonly backend: 'redis' | 'file' | 'memory';
  settings(scope: Scope): Promise<ScopeSettings>;
  set(scope: Scope, key: SettingKey, value: string): Promise<void>;
  unset(scope: Scope, key: SettingKey | 'all'): Promise<void>;
  watches(channel: string): Promise<StoredWatch[]>;
  /** Every channel with at least one watch. */
  watchingChannels(): Promise<string[]>;
  /** False when the channel already has this watch (it keeps its `since`). */
  addWatch(channel: string, watch: Watch, currentEdition: string): Promise<boolean>;
  /** How many watches were removed. */
  removeWatch(channel: string, watch: Watch | 'all'): Promise<number>;
  /** The newest edition announced to the watch, else the one it was made at; null for no such watch. */
  lastAnnounced(channel: string, watch: Watch): Promise<string | null>;
  /**
   * Claims the announcement of `edition` to a channel's watch: true for exactly one caller across every store
   * sharing the backend, ever (no expiry), so that replicas and restarts announce it once.
   */
  claimAnnouncement(channel: string, watch: Watch, edition: string): Promise<boolean>;
  close(): Promise<void>;
}

/** The state file cannot be read as porthole's: never emptied, so that nothing is lost silently. */
export class StateFileError extends Error {
  constructor(
    readonly file: string,
    readonly problem: string,
  ) {
    super(`${file}: ${problem} (fix or move the file; porthole does not overwrite it)`);
  }
}

/** Redis did not answer a state command: the change was not made. */
export class StateUnavailableError extends Error {}

export function scopeKey(scope: Scope): string {
  return `${scope.kind}:${scope.id}`;
}

/** One string per watch: `topic|region`, `*` for all. */
export function watchKey(watch: Watch): string {
  return `${watch.topic ?? '*'}|${watch.region ?? '*'}`;
}

function isNewer(edition: string, than: string): boolean {
  return editionDate(edition) > editionDate(than) || (editionDate(edition) === editionDate(than) && edition > than);
}

// ---- The document the file and memory backends hold ----

const WATCH = z.object({ topic: z.string().nullable(), region: z.string().nullable(), since: z.string() }).strict();
const SETTINGS = z.object({ region: z.string(), cluster: z.string(), edition: z.string() }).partial().strict();
const DOCUMENT = z
  .object({
    version: z.literal(1),
    settings: z.record(z.string(), SETTINGS),
    watches: z.record(z.string(), z.record(z.string(), WATCH)),
    /** channel|watchKey -> the newest edition announced. */
    lastAnnounced: z.record(z.string(), z.string()),
    /** channel|watchKey|edition: each claim made. */
    claims: z.record(z.string(), z.literal(true)),
  })
  .strict();
type StateDocument = z.infer<typeof DOCUMENT>;

function emptyDocument(): StateDocument {
  return { version: 1, settings: {}, watches: {}, lastAnnounced: {}, claims: {} };
}

interface DocumentIo {
  read(): StateDocument;
  write(doc: StateDocument): Promise<void>;
}

/** Changes one at a time per document (a file path, or one memory), so that a claim is a compare-and-set. */
const queues = new Map<string, Promise<unknown>>();

class DocumentStore implements ConversationStore {
  constructor(
    readonly backend: 'file' | 'memory',
    private readonly queueKey: string,
    private readonly io: DocumentIo,
  ) {}

  private inTurn<T>(step: () => Promise<T>): Promise<T> {
    const previous = queues.get(this.queueKey) ?? Promise.resolve();
    const next = previous.then(step, step);
    queues.set(this.queueKey, next.catch(() => undefined));
    return next;
  }

  private read<T>(view: (doc: StateDocument) => T): Promise<T> {
    return this.inTurn(async () => view(this.io.read()));
  }

  /** Reads, changes and writes the document in one turn; nothing is written when `change` says so. */
  private update<T>(change: (doc: StateDocument) => { result: T; changed: boolean }): Promise<T> {
    return this.inTurn(async () => {
      const doc = this.io.read();
      const { result, changed } = change(doc);
      if (changed) await this.io.write(doc);
      return result;
    });
  }

  settings(scope: Scope): Promise<ScopeSettings> {
    return this.read((doc) => ({ ...doc.settings[scopeKey(scope)] }));
  }

  set(scope: Scope, key: SettingKey, value: string): Promise<void> {
    return this.update((doc) => {
      doc.settings[scopeKey(scope)] = { ...doc.settings[scopeKey(scope)], [key]: value };
      return { result: undefined, changed: true };
    });
  }

  unset(scope: Scope, key: SettingKey | 'all'): Promise<void> {
    return this.update((doc) => {
      const kept: ScopeSettings = key === 'all' ? {} : { ...doc.settings[scopeKey(scope)] };
      if (key !== 'all') delete kept[key];
      if (Object.keys(kept).length === 0) delete doc.settings[scopeKey(scope)];
      else doc.settings[scopeKey(scope)] = kept;
      return { result: undefined, changed: true };
    });
  }

  watches(channel: string): Promise<StoredWatch[]> {
    return this.read((doc) => Object.values(doc.watches[channel] ?? {}));
  }

  watchingChannels(): Promise<string[]> {
    return this.read((doc) => Object.keys(doc.watches));
  }

  addWatch(channel: string, watch: Watch, currentEdition: string): Promise<boolean> {
    return this.update((doc) => {
      const watches = (doc.watches[channel] ??= {});
      if (watches[watchKey(watch)]) return { result: false, changed: false };
      watches[watchKey(watch)] = { topic: watch.topic, region: watch.region, since: currentEdition };
      return { result: true, changed: true };
    });
  }

  removeWatch(channel: string, watch: Watch | 'all'): Promise<number> {
    return this.update((doc) => {
      const watches = doc.watches[channel] ?? {};
      const keys = watch === 'all' ? Object.keys(watches) : Object.keys(watches).filter((k) => k === watchKey(watch));
      for (const key of keys) delete watches[key];
      if (Object.keys(watches).length === 0) delete doc.watches[channel];
      return { result: keys.length, changed: keys.length > 0 };
    });
  }

  lastAnnounced(channel: string, watch: Watch): Promise<string | null> {
    return this.read((doc) => doc.lastAnnounced[`${channel}|${watchKey(watch)}`] ?? doc.watches[channel]?.[watchKey(watch)]?.since ?? null);
  }

  claimAnnouncement(channel: string, watch: Watch, edition: string): Promise<boolean> {
    return this.update((doc) => {
      const claim = `${channel}|${watchKey(watch)}|${edition}`;
      if (doc.claims[claim]) return { result: false, changed: false };
      doc.claims[claim] = true;
      const lastKey = `${channel}|${watchKey(watch)}`;
      const last = doc.lastAnnounced[lastKey];
      if (last === undefined || isNewer(edition, last)) doc.lastAnnounced[lastKey] = edition;
      return { result: true, changed: true };
    });
  }

  async close(): Promise<void> {}
}

export function memoryStore(): ConversationStore {
  let held = emptyDocument();
  return new DocumentStore('memory', `memory:${randomBytes(8).toString('hex')}`, {
    read: () => structuredClone(held),
    write: async (doc) => {
      held = structuredClone(doc);
    },
  });
}

export const STATE_FILE_NAME = 'porthole-state.json';

/** The state file's document, or an empty one when there is no file yet; a file that is not ours is an error. */
function readStateFile(file: string): StateDocument {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return emptyDocument();
    throw new StateFileError(file, `cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new StateFileError(file, `is not valid JSON (${(error as Error).message})`);
  }
  const parsed = DOCUMENT.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new StateFileError(file, `is not porthole's state: ${issue.path.join('.') || '(top)'}: ${issue.message}`);
  }
  return parsed.data;
}

/** Writes a temporary file beside the target, flushes it to disk, then renames it over: a crash leaves the old file or the new one, never half of one. */
async function writeAtomically(file: string, text: string): Promise<void> {
  const temporary = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  const handle = await open(temporary, 'w', 0o600);
  try {
    await handle.writeFile(text, 'utf8');
    await handle.sync();
  } finally {
    await handle.close();
  }
  await rename(temporary, file);
  // The rename itself is durable once the folder is flushed.
  const folder = await open(path.dirname(file), 'r');
  try {
    await folder.sync();
  } finally {
    await folder.close();
  }
}

/** The state in `STATE_DIR/porthole-state.json`; throws StateFileError at once when the file there is not readable as state. */
export function fileStore(stateDir: string): ConversationStore {
  try {
    mkdirSync(stateDir, { recursive: true });
  } catch (error) {
    throw new StateFileError(path.resolve(stateDir), `cannot be created as the state folder (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
  const file = path.join(path.resolve(stateDir), STATE_FILE_NAME);
  readStateFile(file);
  return new DocumentStore('file', `file:${file}`, {
    read: () => readStateFile(file),
    write: (doc) => writeAtomically(file, `${JSON.stringify(doc, null, 2)}\n`),
  });
}

// ---- Redis ----

const PREFIX = 'porthole:conversation';

/**
 * The claim and the last announced edition in one step, so that a replica stopped between the two never leaves
 * a claim without its edition recorded. No expiry: the claim stands for good, so a restart or another replica
 * never announces this edition again. Editions compare as isNewer does: by date, then by id.
 */
const CLAIM_SCRIPT = `
if not redis.call('SET', KEYS[1], '1', 'NX') then return 0 end
local last = redis.call('HGET', KEYS[2], ARGV[1])
local edition = ARGV[2]
if not last or string.sub(edition, 1, 10) > string.sub(last, 1, 10) or (string.sub(edition, 1, 10) == string.sub(last, 1, 10) and edition > last) then
  redis.call('HSET', KEYS[2], ARGV[1], edition)
end
return 1`;

/** The state in Redis, shared by every replica; a command Redis does not answer fails with StateUnavailableError. */
export class RedisConversationStore implements ConversationStore {
  readonly backend = 'redis';

  constructor(private readonly redis: RedisState) {}

  private async run<T>(command: () => Promise<T>): Promise<T> {
    try {
      const result = await command();
      this.redis.markUp();
      return result;
    } catch (error) {
      this.redis.markDown(error);
      throw new StateUnavailableError(`Redis did not answer, nothing was changed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  private get client() {
    return this.redis.client;
  }

  async settings(scope: Scope): Promise<ScopeSettings> {
    const stored = await this.run(() => this.client.hgetall(`${PREFIX}:settings:${scopeKey(scope)}`));
    const parsed = SETTINGS.safeParse(stored);
    if (!parsed.success) throw new StateUnavailableError(`Redis holds settings for ${scopeKey(scope)} that are not porthole's: ${parsed.error.issues[0]!.message}`);
    return parsed.data;
  }

  async set(scope: Scope, key: SettingKey, value: string): Promise<void> {
    await this.run(() => this.client.hset(`${PREFIX}:settings:${scopeKey(scope)}`, key, value));
  }

  async unset(scope: Scope, key: SettingKey | 'all'): Promise<void> {
    const hash = `${PREFIX}:settings:${scopeKey(scope)}`;
    await this.run(() => (key === 'all' ? this.client.del(hash) : this.client.hdel(hash, key)));
  }

  async watches(channel: string): Promise<StoredWatch[]> {
    const stored = await this.run(() => this.client.hvals(`${PREFIX}:watches:${channel}`));
    return stored.map((text) => {
      const parsed = safeJson(text, WATCH);
      if (!parsed) throw new StateUnavailableError(`Redis holds a watch of ${channel} that is not porthole's: ${text.slice(0, 80)}`);
      return parsed;
    });
  }

  watchingChannels(): Promise<string[]> {
    return this.run(() => this.client.smembers(`${PREFIX}:watching`));
  }

  async addWatch(channel: string, watch: Watch, currentEdition: string): Promise<boolean> {
    const stored: StoredWatch = { topic: watch.topic, region: watch.region, since: currentEdition };
    const added = await this.run(() => this.client.hsetnx(`${PREFIX}:watches:${channel}`, watchKey(watch), JSON.stringify(stored)));
    await this.run(() => this.client.sadd(`${PREFIX}:watching`, channel));
    return added === 1;
  }

  async removeWatch(channel: string, watch: Watch | 'all'): Promise<number> {
    const hash = `${PREFIX}:watches:${channel}`;
    const removed = await this.run(async () => {
      if (watch !== 'all') return this.client.hdel(hash, watchKey(watch));
      const [[, count], [, deleted]] = (await this.client.multi().hlen(hash).del(hash).exec()) as [[unknown, number], [unknown, number]];
      return deleted === 1 ? count : 0;
    });
    if ((await this.run(() => this.client.hlen(hash))) === 0) await this.run(() => this.client.srem(`${PREFIX}:watching`, channel));
    return removed;
  }

  async lastAnnounced(channel: string, watch: Watch): Promise<string | null> {
    const last = await this.run(() => this.client.hget(`${PREFIX}:last-announced`, `${channel}|${watchKey(watch)}`));
    if (last !== null) return last;
    const stored = (await this.watches(channel)).find((w) => watchKey(w) === watchKey(watch));
    return stored?.since ?? null;
  }

  async claimAnnouncement(channel: string, watch: Watch, edition: string): Promise<boolean> {
    const field = `${channel}|${watchKey(watch)}`;
    const won = await this.run(() => this.client.eval(CLAIM_SCRIPT, 2, `${PREFIX}:claim:${field}|${edition}`, `${PREFIX}:last-announced`, field, edition));
    return won === 1;
  }

  async close(): Promise<void> {}
}

function safeJson<T>(text: string, schema: z.ZodType<T>): T | null {
  try {
    const parsed = schema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

// ---- Choosing the backend ----

export interface StoreChoice {
  /** The replicas' Redis (REDIS_URL), when set. */
  redis?: RedisState | null;
  /** STATE_DIR, when set. */
  stateDir?: string | null;
  logger: Pick<Logger, 'warn' | 'info'>;
}

/** Redis when the replicas share one, else the file under STATE_DIR, else memory with a warning. */
export function openConversationStore(choice: StoreChoice): ConversationStore {
  if (choice.redis) {
    choice.logger.info({ backend: 'redis' }, 'conversation settings and watches are kept in Redis');
    return new RedisConversationStore(choice.redis);
  }
  if (choice.stateDir) {
    const store = fileStore(choice.stateDir);
    choice.logger.info({ backend: 'file', file: path.join(path.resolve(choice.stateDir), STATE_FILE_NAME) }, 'conversation settings and watches are kept in a file');
    return store;
  }
  choice.logger.warn(
    { backend: 'memory' },
    'conversation settings and watches are kept in memory only: a restart forgets them and may announce an edition again; set STATE_DIR (one replica) or REDIS_URL (several)',
  );
  return memoryStore();
}
