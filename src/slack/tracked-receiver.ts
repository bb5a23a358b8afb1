import type { App, Receiver, ReceiverEvent } from '@slack/bolt';
import type { InFlight } from '../bot/in-flight.js';

/** What a request is, for the log line of work abandoned at shutdown. */
export function describeRequest(body: Record<string, unknown>): Record<string, string | null> {
  const str = (v: unknown) => (typeof v === 'string' ? v : null);
  if (typeof body.command === 'string') return { kind: 'command', name: body.command, userId: str(body.user_id), channelId: str(body.channel_id) };
  const event = body.event as Record<string, unknown> | undefined;
  if (event !== undefined) return { kind: 'event', name: str(event.type), userId: str(event.user), channelId: str(event.channel) };
  const action = (body.actions as Record<string, unknown>[] | undefined)?.[0];
  const user = body.user as { id?: unknown } | undefined;
  const channel = body.channel as { id?: unknown } | undefined;
  return { kind: str(body.type) ?? 'unknown', name: str(action?.action_id), userId: str(user?.id), channelId: str(channel?.id) };
}

/**
 * Every request is work in flight from the moment the receiver hands it over (before its ack: a stop right
 * after the ack must still wait for it) to its last reply, file upload and audit line. Bolt has no public hook
 * that runs before the ack (a global middleware starts after it), so this wraps the public Receiver interface:
 * the inner receiver is given a view of the app whose processEvent is tracked; the app itself is not changed.
 */
export class TrackedReceiver implements Receiver {
  constructor(
    readonly inner: Receiver,
    private readonly inFlight: InFlight,
    /** What an asker is told when a stop abandons their request, if they can be reached. */
    private readonly farewell: (body: Record<string, unknown>) => (() => Promise<void>) | undefined = () => undefined,
  ) {}

  init(app: App): void {
    const tracked = Object.create(app) as App;
    Object.defineProperty(tracked, 'processEvent', {
      value: (event: ReceiverEvent) => {
        const body = event.body as Record<string, unknown>;
        return this.inFlight.track(describeRequest(body), () => app.processEvent(event), this.farewell(body));
      },
    });
    this.inner.init(tracked);
  }

  start(...args: unknown[]): Promise<unknown> {
    return this.inner.start(...args);
  }

  stop(...args: unknown[]): Promise<unknown> {
    return this.inner.stop(...args);
  }
}
