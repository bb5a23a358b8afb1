/**
 * A second chat platform, as small as one can be: rooms of plain-text messages, each with an id that the
 * platform may deliver twice. It stands for Mattermost or Teams in the test that shows a new platform needs
 * only a folder of translation (adapter.ts) over the bot layer's flow.
 */

export interface FakeMessage {
  /** The platform's id of the message; a redelivery carries the same id. */
  id: string;
  room: string;
  user: string;
  text: string;
}

export interface FakePost {
  room: string;
  /** Whom the post is for alone, or null for the whole room. */
  onlyFor: string | null;
  text: string;
  /** The message it answers. */
  inReplyTo: string;
}

export type MessageHandler = (message: FakeMessage) => Promise<void>;

export class FakeChatPlatform {
  readonly posts: FakePost[] = [];
  private handler: MessageHandler | null = null;
  /** Rooms where a post to the whole room fails, as a platform's API does when the room is read-only; a private post still goes through. */
  readonly readOnlyRooms = new Set<string>();

  onMessage(handler: MessageHandler): void {
    this.handler = handler;
  }

  /** Delivers a message to the bot, as the platform's webhook would; resolves when the bot is done with it. */
  async deliver(message: FakeMessage): Promise<void> {
    if (this.handler === null) throw new Error('no bot is connected');
    await this.handler(message);
  }

  async post(post: FakePost): Promise<void> {
    if (post.onlyFor === null && this.readOnlyRooms.has(post.room)) throw new Error(`room ${post.room} is read-only`);
    this.posts.push(post);
  }
}
