import type { Answer } from '../core/answer.js';
import { describeSources } from '../core/render/describe.js';
import { clip, escapeMrkdwn, link, mentionUser } from './escape.js';

/** The lines every kind of message shares: who asked what, and which dataset and edition the reply comes from. */

/** Who asked and what, as a message shows it. */
export interface AskedBy {
  /** The question as the person typed it; shown (escaped) with the reply. */
  question?: string | null;
  /** The Slack user id of who asked, shown with the question on a posted reply. */
  askedBy?: string | null;
  /** Only the asker sees the reply (ephemeral, or a direct message): the question reads "You asked". */
  private?: boolean;
  /** The question is an edit of one asked before: the reply says it answers the edit. */
  edited?: boolean;
}

export function datasetText(info: Answer['dataset']): string {
  return `Dataset ${escapeMrkdwn(info.version)}, ${escapeMrkdwn(describeSources(info))} · ${link(info.source.url, info.source.title)}`;
}

/** "<@U123> asked: kubectl in eu-de" ("… edited the question to: …" for an edit) — the question clipped to 200 characters, then escaped. */
export function askedText(options: AskedBy): string {
  const askedBy = options.askedBy ?? null;
  const verb = options.edited === true ? 'edited the question to' : 'asked';
  const who = askedBy !== null ? `${mentionUser(askedBy)} ${verb}` : options.private ? `You ${verb}` : options.edited === true ? 'Edited to' : 'Asked';
  const q = options.question?.trim();
  if (q === undefined || q === '') return askedBy !== null ? `Asked by ${mentionUser(askedBy)}` : '';
  return `${who}: ${escapeMrkdwn(clip(q.replace(/\s+/g, ' '), 200))}`;
}

/** "Edition *2025-07-08* of 2025-07-08 (classic clusters) · <IBM page> · ibm-cloud-docs/containers@1354cd8": where the answer comes from. */
export function editionText(info: Answer['dataset']): string {
  const edition = info.edition;
  if (edition === undefined) return datasetText(info);
  const repository = edition.source.repository;
  const commit = repository !== undefined ? ` · ${link(`https://github.com/${repository.name}/blob/${repository.commit}/${repository.path}`, `${repository.name}@${repository.commit.slice(0, 7)}`)}` : '';
  const sources = info.addresses ? describeSources(info) : `of ${edition.date}`;
  return `Edition *${escapeMrkdwn(edition.id)}* ${escapeMrkdwn(sources)} (${escapeMrkdwn(edition.covers)}) · ${link(edition.source.url, edition.source.title)}${commit}`;
}
