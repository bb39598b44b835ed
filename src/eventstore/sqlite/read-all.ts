import type { ReadAllOptions, RecordedEvent } from '../event-store';
import { parseSequencePosition, readWindowOf } from '../read-window';
import { eventFromRow } from './event-row';
import type { SqliteLog } from './sqlite-log';
import { untilPositionOf } from './until-position';
import { LAST_POSITION, NO_LIMIT } from './statements';

/** `fromPosition` is a cursor, excluded in both directions. */
export const readAll = (log: SqliteLog, options: ReadAllOptions = {}): RecordedEvent[] => {
  const window = readWindowOf(options);
  const from = options.fromPosition === undefined ? undefined : parseSequencePosition(options.fromPosition, 'fromPosition');
  if (window.maxCount === 0) return [];
  const until = untilPositionOf(log, window);
  if (until === null) return [];
  const limit = window.maxCount ?? NO_LIMIT;
  const rows =
    window.direction === 'forwards'
      ? log.statements.allForwards.all({ after: from ?? 0, until, limit })
      : // SQLite seeks on one rowid bound only: folding `until` into `before` starts the scan at the
        // right place instead of at the log's end (a past point of a large log was a long scan).
        log.statements.allBackwards.all({ before: Math.min(from ?? LAST_POSITION, until + 1), until, limit });
  return rows.map(eventFromRow);
};
