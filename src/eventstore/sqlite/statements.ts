import type { Database, Statement } from 'better-sqlite3';
import { EVENT_COLUMNS, type EventRow } from './event-row';

/** Stands for "no bound" in the range queries, so each has one prepared form. */
export const NO_LIMIT = -1;
export const LAST_POSITION = Number.MAX_SAFE_INTEGER;

export interface InsertEventParams {
  position: number;
  eventId: string;
  streamId: string;
  revision: number;
  type: string;
  schemaVersion: number;
  data: string;
  metadata: string;
  recordedAt: string;
  actorId: string;
  entityType: string;
  entityId: string;
  hash: string;
  previousHash: string;
}

export interface IdempotentAppendRow {
  stream_id: string;
  first_position: number;
  last_position: number;
}

interface AllForwardsRange {
  after: number;
  until: number;
  limit: number;
}

interface AllBackwardsRange {
  before: number;
  until: number;
  limit: number;
}

interface StreamRange {
  streamId: string;
  fromRevision: number;
  until: number;
  limit: number;
}

/** Every statement the store runs, prepared once when the store opens. */
export interface Statements {
  streamRevision: Statement<[string], number>;
  head: Statement<[], Pick<EventRow, 'position' | 'hash' | 'recorded_at'>>;
  insertEvent: Statement<[InsertEventParams]>;
  insertIdempotentAppend: Statement<[{ actorId: string; idempotencyKey: string; streamId: string; firstPosition: number; lastPosition: number }]>;
  findIdempotentAppend: Statement<[string, string], IdempotentAppendRow>;
  eventsBetween: Statement<[number, number], EventRow>;
  allForwards: Statement<[AllForwardsRange], EventRow>;
  allBackwards: Statement<[AllBackwardsRange], EventRow>;
  streamForwards: Statement<[StreamRange], EventRow>;
  streamBackwards: Statement<[StreamRange], EventRow>;
  lastPositionRecordedBy: Statement<[string], number>;
}

export const prepareStatements = (db: Database): Statements => ({
  streamRevision: db
    .prepare<[string], number>('SELECT revision FROM events WHERE stream_id = ? ORDER BY revision DESC LIMIT 1')
    .pluck(),
  head: db.prepare('SELECT position, hash, recorded_at FROM events ORDER BY position DESC LIMIT 1'),
  insertEvent: db.prepare(`
    INSERT INTO events (position, event_id, stream_id, revision, type, schema_version, data, metadata,
                        recorded_at, actor_id, entity_type, entity_id, hash, previous_hash)
    VALUES (@position, @eventId, @streamId, @revision, @type, @schemaVersion, @data, @metadata,
            @recordedAt, @actorId, @entityType, @entityId, @hash, @previousHash)`),
  insertIdempotentAppend: db.prepare(`
    INSERT INTO idempotent_appends (actor_id, idempotency_key, stream_id, first_position, last_position)
    VALUES (@actorId, @idempotencyKey, @streamId, @firstPosition, @lastPosition)`),
  findIdempotentAppend: db.prepare(
    'SELECT stream_id, first_position, last_position FROM idempotent_appends WHERE actor_id = ? AND idempotency_key = ?',
  ),
  eventsBetween: db.prepare(`SELECT ${EVENT_COLUMNS} FROM events WHERE position BETWEEN ? AND ? ORDER BY position`),
  allForwards: db.prepare(`
    SELECT ${EVENT_COLUMNS} FROM events WHERE position > @after AND position <= @until
    ORDER BY position LIMIT @limit`),
  allBackwards: db.prepare(`
    SELECT ${EVENT_COLUMNS} FROM events WHERE position < @before AND position <= @until
    ORDER BY position DESC LIMIT @limit`),
  streamForwards: db.prepare(`
    SELECT ${EVENT_COLUMNS} FROM events WHERE stream_id = @streamId AND revision >= @fromRevision AND position <= @until
    ORDER BY revision LIMIT @limit`),
  streamBackwards: db.prepare(`
    SELECT ${EVENT_COLUMNS} FROM events WHERE stream_id = @streamId AND revision <= @fromRevision AND position <= @until
    ORDER BY revision DESC LIMIT @limit`),
  // recorded_at never decreases in position order, so "recorded by T" is "at or before this position".
  lastPositionRecordedBy: db
    .prepare<[string], number>(
      'SELECT position FROM events WHERE recorded_at <= ? ORDER BY recorded_at DESC, position DESC LIMIT 1',
    )
    .pluck(),
});
