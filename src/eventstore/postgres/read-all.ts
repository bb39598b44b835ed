import type { ReadAllOptions, RecordedEvent } from '../event-store';
import { parseSequencePosition, readWindowOf } from '../read-window';
import { EVENT_COLUMNS, eventFromRow, type EventRow } from './event-row';
import { LAST_POSITION } from './postgres-log';
import type { Queryable } from './queryable';
import { untilPositionOf } from './until-position';

/** `fromPosition` is a cursor, excluded in both directions. One statement: one snapshot of the log. */
export const readAll = async (db: Queryable, options: ReadAllOptions = {}): Promise<RecordedEvent[]> => {
  const window = readWindowOf(options);
  const from = options.fromPosition === undefined ? undefined : parseSequencePosition(options.fromPosition, 'fromPosition');
  if (window.maxCount === 0) return [];
  const forwards = window.direction === 'forwards';
  const until = untilPositionOf(window, 3);
  const sql = forwards
    ? `SELECT ${EVENT_COLUMNS} FROM events WHERE position > $1 AND ${until.condition} ORDER BY position LIMIT $2`
    : `SELECT ${EVENT_COLUMNS} FROM events WHERE position < $1 AND ${until.condition} ORDER BY position DESC LIMIT $2`;
  const params = [from ?? (forwards ? 0 : LAST_POSITION), window.maxCount ?? null, ...until.params];
  const { rows } = await db.query<EventRow>(sql, params);
  return rows.map(eventFromRow);
};
