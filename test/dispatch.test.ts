import { beforeAll, describe, expect, it } from 'vitest';
import { dispatch, EditionLoadError, replyAudit, type EditionSet, type Reply } from '../src/bot/dispatch.js';
import { decodeStateIn, encodeState } from '../src/bot/state.js';
import type { Dataset } from '../src/core/dataset/build.js';
import { chooseEdition } from '../src/core/dataset/editions.js';
import { diffEditions } from '../src/core/diff/diff.js';
import { editionsInFolder } from '../src/data-files/edition-set.js';
import { BUNDLED_DATA_DIR, loadDataset } from '../src/data-files/load.js';

// The dispatcher every front end calls, on the edition users get (the newest: `edition: null` whatever
// PORTHOLE_EDITION says), with the other editions read only when a question needs them.

const asker = { userId: 'U1', channelId: 'C1', teamId: null };
let newest: Dataset;

async function load(edition: string | null): Promise<Dataset> {
  const loaded = await loadDataset(BUNDLED_DATA_DIR, { edition });
  if (!loaded.ok) throw new Error(`edition ${edition} is not valid`);
  return loaded.dataset;
}

/** The shipped editions around the newest, counting what is read. */
function countingEditions(): EditionSet & { reads: string[] } {
  const inner = editionsInFolder(BUNDLED_DATA_DIR, newest);
  const reads: string[] = [];
  return {
    current: inner.current,
    ids: inner.ids,
    reads,
    load: (id) => {
      reads.push(id);
      return inner.load(id);
    },
  };
}

beforeAll(async () => {
  newest = await load(null);
});

describe('dispatch', () => {
  it('answers from the newest edition by default and reads no other edition for it', async () => {
    expect(newest.edition).toBe(newest.editions.at(-1));
    const editions = countingEditions();
    const reply = await dispatch(`${newest.meta.examples.questions[0]}`, asker, { editions });
    expect(reply.kind).toBe('answer');
    expect(reply.dataset.edition).toBe(newest.edition);
    expect(editions.reads).toEqual([]);
  });

  it('answers "as of <year>" from the edition in force that year, read when asked for', async () => {
    const oldest = newest.editions[0]!;
    const year = oldest.slice(0, 4);
    const inForce = chooseEdition(newest.editions, year);
    if (!inForce.ok) throw new Error(inForce.message);
    const editions = countingEditions();
    const reply = await dispatch(`kubectl in ${newest.regions[0]!.id} as of ${year}`, asker, { editions });
    expect(reply.dataset.edition).toBe(inForce.id);
    expect(reply.kind === 'answer' && reply.answer.dataset.edition?.id).toBe(inForce.id);
    expect(editions.reads).toEqual([inForce.id]);
  });

  it('says plainly that no edition was in force in a year before the first', async () => {
    const before = String(Number(newest.editions[0]!.slice(0, 4)) - 1);
    const reply = await dispatch(`kubectl as of ${before}`, asker, { editions: countingEditions() });
    expect(reply.kind).toBe('not-understood');
    expect(reply.kind === 'not-understood' && reply.messages.join(' ')).toContain(newest.editions[0]!);
    expect(replyAudit(reply, 'x').outcome).toBe('not-understood');
  });

  it('answers "what changed since <year>" with the diff of that edition and the newest', async () => {
    const year = newest.editions[1]!.slice(0, 4);
    const from = chooseEdition(newest.editions, year);
    if (!from.ok) throw new Error(from.message);
    const reply = await dispatch(`what changed for kubectl since ${year}`, asker, { editions: countingEditions() });
    if (reply.kind !== 'change') throw new Error(`a ${reply.kind} reply`);
    expect(reply.diff.from).toBe(from.id);
    expect(reply.diff.to).toBe(newest.edition);
    expect(reply.diff.changes).toEqual(diffEditions(reply.from, reply.to, { region: null, topic: 'kubectl' }).changes);
  });

  it('gives a why lookup its history: an address the newest edition dropped is shown as listed before', async () => {
    const oldest = await load(newest.editions[0]!);
    const dropped = diffEditions(oldest, newest).changes.find((c) => c.kind === 'address' && c.change === 'removed' && /^\d+\.\d+\.\d+\.\d+$/.test(c.value));
    if (dropped === undefined) throw new Error('the newest edition dropped no address of the oldest');
    const editions = countingEditions();
    const reply = await dispatch(`why ${dropped.value}`, asker, { editions });
    if (reply.kind !== 'why') throw new Error(`a ${reply.kind} reply`);
    expect(reply.result.findings[0]?.listed).toBe(false);
    const history = reply.result.history?.find((h) => h.subject === dropped.value);
    expect(history?.editions.find((e) => e.edition === oldest.edition)?.listed).toBe(true);
    expect(editions.reads.sort()).toEqual(newest.editions.filter((id) => id !== newest.edition).sort());
  });

  it('tells help, topics, not understood and out of scope apart', async () => {
    const kinds = async (text: string): Promise<Reply['kind']> => (await dispatch(text, asker, { editions: countingEditions() })).kind;
    expect(await kinds('help')).toBe('help');
    expect(await kinds('')).toBe('help');
    expect(await kinds('topics')).toBe('topics');
    expect(await kinds('frobnicate the widget')).toBe('not-understood');
    const notCovered = newest.notCovered[0];
    if (notCovered === undefined) throw new Error('the newest edition lists nothing it does not cover');
    const reply = await dispatch(`kubectl for ${notCovered.keywords[0]}`, asker, { editions: countingEditions() });
    expect(reply.kind).toBe('out-of-scope');
    expect(reply.kind === 'out-of-scope' && reply.messages.join(' ')).toContain(notCovered.docs.url);
  });

  it('throws EditionLoadError, never a half answer, when an edition a question names cannot be read', async () => {
    const broken: EditionSet = { current: newest, ids: newest.editions, load: async (id) => Promise.reject(new EditionLoadError(id, ['regions.yml: file is missing'])) };
    await expect(dispatch(`kubectl as of ${newest.editions[0]!.slice(0, 4)}`, asker, { editions: broken })).rejects.toBeInstanceOf(EditionLoadError);
  });
});

describe('button state across editions', () => {
  const state = (edition?: string) => ({ scenarios: ['kubectl'], region: newest.regions[0]!.id, zone: null, cluster: null, question: 'kubectl', ...(edition ? { edition } : {}) });

  it('decodes a state in the edition it names, the newest when it names none, and refuses an edition that is not shipped', async () => {
    const oldest = newest.editions[0]!;
    const editions = countingEditions();
    const older = await decodeStateIn(encodeState(state(oldest), 255)!, editions);
    expect(older?.dataset.edition).toBe(oldest);
    expect(older?.state.edition).toBe(oldest);
    expect((await decodeStateIn(encodeState(state(), 255)!, editions))?.dataset.edition).toBe(newest.edition);
    expect(await decodeStateIn(encodeState(state('2000-01-01'), 255)!, editions)).toBeNull();
    // A value written before editions were carried (q2) is an answer of the current edition.
    expect((await decodeStateIn(`q2;kubectl;${newest.regions[0]!.id};;;;kubectl`, editions))?.dataset.edition).toBe(newest.edition);
  });
});
