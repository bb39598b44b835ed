import type { AppendResult, IdempotencyLookup } from '../event-store';
import { EVENT_COLUMNS, eventFromRow, type EventRow } from './event-row';
import type { Queryable } from './queryable';

/** An append's events take consecutive positions, so the key's record is a position range; one statement reads both. */
const EVENTS_OF_KEY = `
  SELECT ${EVENT_COLUMNS} FROM events e
   WHERE e.position BETWEEN (SELECT first_position FROM idempotent_appends WHERE actor_id = $1 AND idempotency_key = $2)
                        AND (SELECT last_position FROM idempotent_appends WHERE actor_id = $1 AND idempotency_key = $2)
   ORDER BY e.position`;

export const findIdempotentAppend = async (db: Queryable, lookup: IdempotencyLookup): Promise<AppendResult | null> => {
  const { rows } = await db.query<EventRow>(EVENTS_OF_KEY, [lookup.actorId, lookup.idempotencyKey]);
  if (rows.length === 0) return null;
  const events = rows.map(eventFromRow);
  const last = events[events.length - 1];
  return { nextExpectedRevision: last.revision, position: last.position, events, idempotentReplay: true };
};
