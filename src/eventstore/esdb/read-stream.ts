import { BACKWARDS, END, FORWARDS, START, StreamNotFoundError, type EventStoreDBClient } from '@eventstore/db-client';
import type { ReadStreamOptions, RecordedEvent } from '../event-store';
import { collectEvents } from './collect';
import { checkedLimits, hasUntilLimit } from './read-limits';

const assertRevision = (revision: number): void => {
  if (!Number.isSafeInteger(revision) || revision < 0)
    throw new RangeError(`fromRevision must be a non-negative integer, got ${revision}`);
};

export const readStream = async (
  client: EventStoreDBClient,
  streamId: string,
  requested: ReadStreamOptions = {},
): Promise<RecordedEvent[]> => {
  const options = checkedLimits(requested);
  const { direction } = options;
  if (options.fromRevision !== undefined) assertRevision(options.fromRevision);
  const fromRevision =
    options.fromRevision !== undefined ? BigInt(options.fromRevision) : direction === 'forwards' ? START : END;
  // A stream holds only our events, so the server may count for us, except where a backwards read
  // passes over events past an "until" limit before it reaches the ones it keeps.
  const serverMaxCount =
    options.maxCount !== undefined && !(direction === 'backwards' && hasUntilLimit(options))
      ? { maxCount: options.maxCount }
      : {};
  const read = client.readStream(streamId, {
    direction: direction === 'forwards' ? FORWARDS : BACKWARDS,
    fromRevision,
    ...serverMaxCount,
  });
  try {
    return await collectEvents(read, { ...options, direction });
  } catch (error) {
    if (error instanceof StreamNotFoundError) return [];
    throw error;
  }
};

/** The stream's last revision, read from its last event; null when ESDB has no such stream. */
export const streamRevision = async (client: EventStoreDBClient, streamId: string): Promise<number | null> => {
  const read = client.readStream(streamId, { direction: BACKWARDS, fromRevision: END, maxCount: 1 });
  try {
    for await (const resolved of read) if (resolved.event) return Number(resolved.event.revision);
    return null;
  } catch (error) {
    if (error instanceof StreamNotFoundError) return null;
    throw error;
  } finally {
    await read.cancel().catch(() => undefined);
  }
};
