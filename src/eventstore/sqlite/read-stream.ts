import type { ReadStreamOptions, RecordedEvent } from '../event-store';
import { readWindowOf } from '../read-window';
import { eventFromRow } from './event-row';
import type { SqliteLog } from './sqlite-log';
import { LAST_POSITION, NO_LIMIT } from './statements';
import { untilPositionOf } from './until-position';

/** `fromRevision` is included, as in EventStoreDB: forwards from it, or backwards from it. */
export const readStream = (log: SqliteLog, streamId: string, options: ReadStreamOptions = {}): RecordedEvent[] => {
  const window = readWindowOf(options);
  const { fromRevision } = options;
  if (fromRevision !== undefined && (!Number.isInteger(fromRevision) || fromRevision < 0))
    throw new RangeError(`fromRevision must be a non-negative integer, got ${fromRevision}`);
  if (window.maxCount === 0) return [];
  const until = untilPositionOf(log, window);
  if (until === null) return [];
  const limit = window.maxCount ?? NO_LIMIT;
  const rows =
    window.direction === 'forwards'
      ? log.statements.streamForwards.all({ streamId, fromRevision: fromRevision ?? 0, until, limit })
      : log.statements.streamBackwards.all({ streamId, fromRevision: fromRevision ?? LAST_POSITION, until, limit });
  return rows.map(eventFromRow);
};
