import type { Reply } from './answering.js';
import type { RenderOptions } from './blocks.js';

/**
 * A small bounded cache of replies (least recently used goes first), so that a question asked again in the same
 * way is not parsed, resolved and rendered again. It is exact: a reply is a pure function of the question text and
 * the few render options the key holds (who asked, ephemeral, with "Share in channel"), given the app's dataset and
 * answer menus, which do not change while the app runs. Replies that depend on anything else are never stored:
 * answerQuestion leaves out every question that consults the cluster lookup (its answer depends on who asks and
 * when), and createApp uses no cache when extra answer menus are plugged in (they need not be pure).
 *
 * Cached replies are shared between requests: nothing may change a Reply, its answer or its message once built
 * (deliver and the audit only read them; setFileNote returns a new message).
 */
export class ReplyCache {
  private readonly entries = new Map<string, Reply>();

  constructor(readonly maxEntries = 256) {}

  /** The key of a question with the render options answerQuestion reads (the rest it sets itself). */
  static key(text: string, options: Pick<RenderOptions, 'share' | 'private' | 'askedBy'>): string {
    return JSON.stringify([text, options.share === true, options.private === true, options.askedBy ?? null]);
  }

  get(key: string): Reply | undefined {
    const reply = this.entries.get(key);
    if (reply !== undefined) {
      // Most recently used last.
      this.entries.delete(key);
      this.entries.set(key, reply);
    }
    return reply;
  }

  /** Whether `key` has a reply (without counting as a use). */
  has(key: string): boolean {
    return this.entries.has(key);
  }

  set(key: string, reply: Reply): void {
    this.entries.delete(key);
    this.entries.set(key, reply);
    if (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next();
      if (oldest.done !== true) this.entries.delete(oldest.value);
    }
  }

  get size(): number {
    return this.entries.size;
  }
}
