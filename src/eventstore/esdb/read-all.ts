import { BACKWARDS, END, FORWARDS, START, type EventStoreDBClient } from '@eventstore/db-client';
import type { ReadAllOptions, RecordedEvent } from '../event-store';
import { comparePositions, parsePosition, START as STORE_START } from '../position';
import { collectEvents } from './collect';
import { positionFromString } from './position';
import { checkedLimits } from './read-limits';

/**
 * $all in global order without ESDB's system events or our idempotency index. `maxCount` is never
 * sent to the server: it would count the system events we pass over.
 */
export const readAll = async (client: EventStoreDBClient, requested: ReadAllOptions = {}): Promise<RecordedEvent[]> => {
  const options = checkedLimits(requested);
  const { direction } = options;
  const from = options.fromPosition;
  if (from !== undefined) parsePosition(from);
  if (direction === 'forwards') {
    const atStart = from === undefined || comparePositions(from, STORE_START) === 0;
    const read = client.readAll({ direction: FORWARDS, fromPosition: atStart ? START : positionFromString(from) });
    // ESDB starts a forwards read at the given position itself; ours starts strictly after it.
    const accept = atStart ? undefined : (event: RecordedEvent) => comparePositions(event.position, from) > 0;
    return collectEvents(read, { ...options, accept });
  }
  if (from !== undefined && comparePositions(from, STORE_START) === 0) return [];
  const read = client.readAll({ direction: BACKWARDS, fromPosition: from === undefined ? END : positionFromString(from) });
  // ESDB reads backwards from the records before the given position: the cursor itself is excluded
  // in both directions, which is what paging through the log needs.
  const accept = from === undefined ? undefined : (event: RecordedEvent) => comparePositions(event.position, from) < 0;
  return collectEvents(read, { ...options, accept });
};

/** The last of our events in global order: the link the next append chains to. */
export const readHeadEvent = async (client: EventStoreDBClient): Promise<RecordedEvent | null> => {
  const [last] = await readAll(client, { direction: 'backwards', maxCount: 1 });
  return last ?? null;
};
