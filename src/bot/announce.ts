import { editionDate } from '../core/dataset/editions.js';
import type { Dataset } from '../core/dataset/build.js';
import type { ConversationStore, StoredWatch } from './conversation-state.js';
import { watchChange, type WatchChange } from './watch-change.js';

/**
 * Announcing a new edition to the watches it touches, once: for each watch whose last announced edition is
 * older than the current one, the change between the two is worked out for its topic and region; the replica
 * that wins the claim of (channel, watch, edition) posts it, every other replica and every later run does not.
 * A watch the change does not touch is claimed too (its last announced edition moves on) but gets no post.
 */

export interface AnnounceEditions {
  /** The edition to announce (the newest). */
  current: Dataset;
  /** An earlier edition by id, when the service still has it. */
  get(id: string): Dataset | undefined;
}

export interface Announcement {
  channel: string;
  watch: StoredWatch;
  change: WatchChange;
}

export interface AnnounceResult {
  posted: Announcement[];
  /** Watches the change did not touch: claimed, not posted. */
  untouched: number;
  /** Claimed by another replica (or an earlier run): nothing to do here. */
  claimedElsewhere: number;
  /** Watches whose last announced edition this service no longer has: nothing can be compared. */
  unknownBase: { channel: string; watch: StoredWatch; last: string }[];
}

function isOlder(id: string, than: string): boolean {
  return editionDate(id) < editionDate(than) || (editionDate(id) === editionDate(than) && id < than);
}

/** Runs once over every watch; `post` is called for each announcement this replica won, in channel order. */
export async function announceNewEdition(store: ConversationStore, editions: AnnounceEditions, post: (announcement: Announcement) => Promise<void>): Promise<AnnounceResult> {
  const result: AnnounceResult = { posted: [], untouched: 0, claimedElsewhere: 0, unknownBase: [] };
  const current = editions.current;
  for (const channel of (await store.watchingChannels()).sort()) {
    for (const watch of await store.watches(channel)) {
      const last = (await store.lastAnnounced(channel, watch)) ?? watch.since;
      if (!isOlder(last, current.edition)) continue;
      const previous = editions.get(last);
      if (!previous) {
        result.unknownBase.push({ channel, watch, last });
        continue;
      }
      const change = watchChange(previous, current, watch);
      if (!(await store.claimAnnouncement(channel, watch, current.edition))) {
        result.claimedElsewhere++;
        continue;
      }
      if (change.empty) {
        result.untouched++;
        continue;
      }
      const announcement = { channel, watch, change };
      await post(announcement);
      result.posted.push(announcement);
    }
  }
  return result;
}
