import type { ReadStreamOptions, RecordedEvent } from '../event-store';
import { readWindowOf } from '../read-window';
import { EVENT_COLUMNS, eventFromRow, type EventRow } from './event-row';
import type { Queryable } from './queryable';
import { untilPositionOf } from './until-position';

const LAST_REVISION = 2 ** 31 - 1;

/** `fromRevision` is included, as in EventStoreDB: forwards from it, or backwards from it. */
export const readStream = async (db: Queryable, streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> => {
  const window = readWindowOf(options);
  const { fromRevision } = options;
  if (fromRevision !== undefined && (!Number.isInteger(fromRevision) || fromRevision < 0))
    throw new RangeError(`fromRevision must be a non-negative integer, got ${fromRevision}`);
  if (window.maxCount === 0) return [];
  const forwards = window.direction === 'forwards';
  const until = untilPositionOf(window, 4);
  const sql = forwards
    ? `SELECT ${EVENT_COLUMNS} FROM events WHERE stream_id = $1 AND revision >= $2 AND ${until.condition} ORDER BY revision LIMIT $3`
    : `SELECT ${EVENT_COLUMNS} FROM events WHERE stream_id = $1 AND revision <= $2 AND ${until.condition} ORDER BY revision DESC LIMIT $3`;
  const first = fromRevision ?? (forwards ? 0 : LAST_REVISION);
  const params = [streamId, Math.min(first, LAST_REVISION), window.maxCount ?? null, ...until.params];
  const { rows } = await db.query<EventRow>(sql, params);
  return rows.map(eventFromRow);
};

/** The stream's last revision, or null when it has no event. */
export const streamRevision = async (db: Queryable, streamId: string): Promise<number | null> => {
  const { rows } = await db.query<{ revision: number }>(
    'SELECT revision FROM events WHERE stream_id = $1 ORDER BY revision DESC LIMIT 1',
    [streamId],
  );
  return rows[0]?.revision ?? null;
};
