import { categoryOf, entityIdOf } from '../../core/streams';
import type { EventMetadata, RecordedEvent } from '../event-store';
import { EventLogDamaged } from '../errors';

/** A row of `events` as SQLite returns it. */
export interface EventRow {
  position: number;
  event_id: string;
  stream_id: string;
  revision: number;
  type: string;
  schema_version: number;
  data: string;
  metadata: string;
  recorded_at: string;
  hash: string;
  previous_hash: string;
}

export const EVENT_COLUMNS =
  'position, event_id, stream_id, revision, type, schema_version, data, metadata, recorded_at, hash, previous_hash';

/** A stored JSON column: what does not parse was damaged after it was written (appends store JSON.stringify's output). */
const parseStored = (row: EventRow, column: 'data' | 'metadata'): unknown => {
  try {
    return JSON.parse(row[column]);
  } catch (error) {
    throw new EventLogDamaged(
      `the event at position ${row.position} is damaged: its ${column} is no longer the JSON that was recorded`,
      String(row.position - 1),
      { cause: error },
    );
  }
};

export const eventFromRow = (row: EventRow): RecordedEvent => ({
  eventId: row.event_id,
  type: row.type,
  data: parseStored(row, 'data'),
  schemaVersion: row.schema_version,
  streamId: row.stream_id,
  revision: row.revision,
  position: String(row.position),
  recordedAt: row.recorded_at,
  metadata: parseStored(row, 'metadata') as EventMetadata,
  hash: row.hash,
  previousHash: row.previous_hash,
});

/** The parameters of `insertEvent` for an event: a row of `events`, with the columns the audit log filters on. */
export const rowParamsOf = (event: RecordedEvent) => ({
  position: Number(event.position),
  eventId: event.eventId,
  streamId: event.streamId,
  revision: event.revision,
  type: event.type,
  schemaVersion: event.schemaVersion,
  data: JSON.stringify(event.data),
  metadata: JSON.stringify(event.metadata),
  recordedAt: event.recordedAt,
  actorId: event.metadata.actor.id,
  entityType: categoryOf(event.streamId),
  entityId: entityIdOf(event.streamId),
  hash: event.hash,
  previousHash: event.previousHash,
});
