import type { AppendResult, IdempotencyLookup } from '../event-store';
import { eventFromRow } from './event-row';
import type { SqliteLog } from './sqlite-log';

/** An append's events take consecutive positions, so the key's record is a position range. */
export const findIdempotentAppend = (log: SqliteLog, lookup: IdempotencyLookup): AppendResult | null => {
  const record = log.statements.findIdempotentAppend.get(lookup.actorId, lookup.idempotencyKey);
  if (!record) return null;
  const events = log.statements.eventsBetween.all(record.first_position, record.last_position).map(eventFromRow);
  const last = events[events.length - 1];
  return { nextExpectedRevision: last.revision, position: last.position, events, idempotentReplay: true };
};
