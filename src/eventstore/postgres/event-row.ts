import { categoryOf, entityIdOf } from '../../core/streams';
import type { EventMetadata, RecordedEvent } from '../event-store';

/** A row of `events` as node-postgres returns it: a bigint comes back as a decimal string. */
export interface EventRow {
  position: string;
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

export const eventFromRow = (row: EventRow): RecordedEvent => ({
  eventId: row.event_id,
  type: row.type,
  data: JSON.parse(row.data),
  schemaVersion: row.schema_version,
  streamId: row.stream_id,
  revision: row.revision,
  position: row.position,
  recordedAt: row.recorded_at,
  metadata: JSON.parse(row.metadata) as EventMetadata,
  hash: row.hash,
  previousHash: row.previous_hash,
});

/**
 * The events of one append as the JSON array `daftar_append` inserts from. Data and metadata go in
 * as strings holding their JSON text, so the column gets that text exactly, whatever JSON it is.
 */
export const appendedRowsOf = (events: readonly RecordedEvent[]): string =>
  JSON.stringify(
    events.map((event) => ({
      event_id: event.eventId,
      type: event.type,
      schema_version: event.schemaVersion,
      data: JSON.stringify(event.data),
      metadata: JSON.stringify(event.metadata),
      actor_id: event.metadata.actor.id,
      hash: event.hash,
      previous_hash: event.previousHash,
    })),
  );

/** The audit log's filter columns of a stream: the same for every event of an append. */
export const entityColumnsOf = (streamId: string) => ({ entityType: categoryOf(streamId), entityId: entityIdOf(streamId) });
