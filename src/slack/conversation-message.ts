import type { ChangeNotice } from '../bot/conversations.js';
import { announcementLines } from '../bot/conversation-replies.js';
import type { Announcement } from '../bot/announce.js';
import type { Dataset } from '../core/dataset/build.js';
import { sections, type SlackMessage } from './block-kit.js';
import { clip, escapeMrkdwn, mentionUser } from './escape.js';

/** Conversation commands' replies, a change said in its channel, and an announcement, as Slack messages. */

function linesMessage(lines: string[]): SlackMessage {
  const escaped = lines.map(escapeMrkdwn);
  return { text: clip(escaped.join('\n'), 3000), blocks: sections(escaped), file: null };
}

/** The reply to `set`, `settings`, `watch`, …: its lines. */
export function renderConversation(lines: string[]): SlackMessage {
  return linesMessage(lines);
}

/** "@ana set this channel's default region to eu-de.", posted in the channel. */
export function renderChangeNotice(change: ChangeNotice): SlackMessage {
  const text = `${mentionUser(change.userId)} ${escapeMrkdwn(change.did)}.`;
  return { text, blocks: sections([text]), file: null };
}

/** What a new edition changed for one watch of the channel. */
export function renderAnnouncement(announcement: Announcement, dataset: Dataset): SlackMessage {
  return linesMessage(announcementLines(announcement.change, dataset));
}
