import type { AppendResult, IdempotencyLookup } from '../event-store';
import { copyOut, idempotencyKeyOf, type MemoryLog } from './memory-log';

export const findIdempotentAppend = (log: MemoryLog, lookup: IdempotencyLookup): AppendResult | null => {
  const record = log.idempotentAppends.get(idempotencyKeyOf(lookup));
  if (!record) return null;
  const events = copyOut(log.events.slice(record.firstPosition - 1, record.lastPosition));
  const last = events[events.length - 1];
  return { nextExpectedRevision: last.revision, position: last.position, events, idempotentReplay: true };
};
