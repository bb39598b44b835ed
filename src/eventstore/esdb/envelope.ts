import { jsonEvent, type EventData, type JSONType, type RecordedEvent as EsdbRecordedEvent } from '@eventstore/db-client';
import type { EventMetadata, RecordedEvent } from '../event-store';
import { positionToString } from './position';

/** Prefix of the streams that index idempotency keys: `$` keeps them among ESDB's system streams. */
export const IDEMPOTENCY_STREAM_PREFIX = '$daftar-idem-';

/**
 * Everything of our envelope that ESDB has no field for travels in the event's metadata JSON:
 * the business metadata as given, plus our own `recordedAt` (ESDB's `created` is the server's,
 * and the hash must cover the time we recorded), `schemaVersion` and the two chain links.
 * `$correlationId`/`$causationId` are ESDB's own names, so its by-correlation projections work.
 */
interface StoredMetadata extends EventMetadata {
  schemaVersion: number;
  recordedAt: string;
  previousHash: string;
  hash: string;
  $correlationId?: string;
  $causationId?: string;
}

export const toEsdbEvent = (event: RecordedEvent): EventData =>
  jsonEvent({
    id: event.eventId,
    type: event.type,
    data: event.data as JSONType,
    metadata: {
      ...event.metadata,
      schemaVersion: event.schemaVersion,
      recordedAt: event.recordedAt,
      previousHash: event.previousHash,
      hash: event.hash,
      ...(event.metadata.correlationId !== undefined && { $correlationId: event.metadata.correlationId }),
      ...(event.metadata.causationId !== undefined && { $causationId: event.metadata.causationId }),
    } satisfies StoredMetadata,
  });

/** Events ESDB writes for itself (`$`-types: links, metadata, stats) and our idempotency index are not ours to show. */
export const isDaftarEvent = (event: Pick<EsdbRecordedEvent, 'type' | 'streamId'>): boolean =>
  !event.type.startsWith('$') && !event.streamId.startsWith('$');

/** An event in a Daftar stream that lacks our envelope was written by someone else: say so rather than guess. */
export class ForeignEvent extends Error {
  constructor(event: Pick<EsdbRecordedEvent, 'id' | 'streamId' | 'revision'>, why: string) {
    super(`event ${event.id} at ${event.streamId}@${event.revision} is not a Daftar event: ${why}`);
    this.name = 'ForeignEvent';
  }
}

const isStoredMetadata = (metadata: unknown): metadata is StoredMetadata => {
  if (typeof metadata !== 'object' || metadata === null || Array.isArray(metadata)) return false;
  const m = metadata as Record<string, unknown>;
  return (
    typeof m.schemaVersion === 'number' &&
    typeof m.recordedAt === 'string' &&
    typeof m.previousHash === 'string' &&
    typeof m.hash === 'string' &&
    typeof m.occurredAt === 'string' &&
    typeof m.actor === 'object' &&
    m.actor !== null
  );
};

export const fromEsdbEvent = (event: EsdbRecordedEvent): RecordedEvent => {
  if (!event.isJson) throw new ForeignEvent(event, 'its content is not JSON');
  if (!event.position) throw new ForeignEvent(event, 'the server did not report its position (ESDB 22.6 or later is required)');
  const stored: unknown = event.metadata;
  if (!isStoredMetadata(stored)) throw new ForeignEvent(event, 'its metadata lacks the Daftar envelope');
  const {
    schemaVersion,
    recordedAt,
    previousHash,
    hash,
    $correlationId: _correlation,
    $causationId: _causation,
    ...metadata
  } = stored;
  return {
    eventId: event.id,
    type: event.type,
    data: event.data,
    schemaVersion,
    streamId: event.streamId,
    revision: Number(event.revision),
    position: positionToString(event.position),
    recordedAt,
    metadata,
    hash,
    previousHash,
  };
};
