import type { EventStore, RecordedEvent } from './event-store';
import { EventLogDamaged } from './errors';

/** Where a forward read of the log stopped being possible. */
export interface UnreadablePart {
  /** The first position that could not be read (the one after the last intact event). */
  position: string;
  reason: string;
}

const nextPosition = (position: string | undefined): string =>
  position === undefined ? '1' : /^\d+$/.test(position) ? String(BigInt(position) + 1n) : position;

/**
 * A batch of events after `fromPosition`, or, when the log is damaged there, the intact events
 * before the damage and the first position that cannot be read: a batch that fails is read again
 * one event at a time, so the answer names the exact place. Any other failure is thrown.
 */
export const readUntilDamage = async (
  store: Pick<EventStore, 'readAll'>,
  fromPosition: string | undefined,
  maxCount: number,
): Promise<{ events: RecordedEvent[]; unreadable: UnreadablePart | null }> => {
  try {
    return { events: await store.readAll({ fromPosition, maxCount }), unreadable: null };
  } catch (error) {
    if (!(error instanceof EventLogDamaged)) throw error;
  }
  const events: RecordedEvent[] = [];
  let after = fromPosition;
  while (events.length < maxCount) {
    try {
      const [event] = await store.readAll({ fromPosition: after, maxCount: 1 });
      if (!event) break;
      events.push(event);
      after = event.position;
    } catch (error) {
      if (!(error instanceof EventLogDamaged)) throw error;
      const position = nextPosition(after);
      return { events, unreadable: { position, reason: `the log cannot be read at position ${position}: ${error.message}` } };
    }
  }
  return { events, unreadable: null };
};
