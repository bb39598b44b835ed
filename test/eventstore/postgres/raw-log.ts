import type { ClientBase } from 'pg';
import { systemClock } from '../../../src/core/clock';
import type { NewEvent, RecordedEvent } from '../../../src/eventstore/event-store';
import { GENESIS_HASH } from '../../../src/eventstore/hash-chain';
import { prepareAppend, sealAppend } from '../../../src/eventstore/record-events';
import { nextRecordedAt } from '../../../src/eventstore/recorded-at';
import { APPEND_LOCK } from '../../../src/eventstore/postgres';
import { appendedRowsOf, entityColumnsOf } from '../../../src/eventstore/postgres/event-row';

const APPEND_LOCK_KEY = APPEND_LOCK.toString();

/**
 * Writes to the events table as another process would, on a connection the test holds, so that a
 * test can keep an append's transaction open, or commit one the way no Daftar does.
 */
interface Head {
  position: string;
  hash: string;
  recorded_at: string;
}

const headOf = async (client: ClientBase): Promise<Head | null> =>
  (await client.query<Head>('SELECT position, hash, recorded_at FROM events ORDER BY position DESC LIMIT 1')).rows[0] ?? null;

const revisionOf = async (client: ClientBase, streamId: string): Promise<number | null> =>
  (await client.query<{ revision: number }>('SELECT max(revision) AS revision FROM events WHERE stream_id = $1', [streamId])).rows[0].revision;

/** The events sealed after the log's head, as Daftar seals them. */
const sealAfterHead = async (client: ClientBase, streamId: string, events: NewEvent[]): Promise<RecordedEvent[]> => {
  const head = await headOf(client);
  const revision = await revisionOf(client, streamId);
  return sealAppend(prepareAppend(streamId, events), {
    streamId,
    firstRevision: (revision ?? -1) + 1,
    firstPosition: Number(head?.position ?? 0) + 1,
    recordedAt: nextRecordedAt(systemClock, head?.recorded_at ?? null),
    previousHash: head?.hash ?? GENESIS_HASH,
  });
};

/**
 * An append through `daftar_append` on the caller's connection: inside the caller's transaction,
 * it holds the append lock until that transaction ends. Reads the head under the lock first.
 */
export const appendThroughFunction = async (client: ClientBase, streamId: string, events: NewEvent[]): Promise<RecordedEvent[]> => {
  await client.query('SELECT pg_advisory_xact_lock($1)', [APPEND_LOCK_KEY]);
  const sealed = await sealAfterHead(client, streamId, events);
  const { entityType, entityId } = entityColumnsOf(streamId);
  const { rows } = await client.query<{ outcome: string }>('SELECT outcome FROM daftar_append($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)', [
    streamId,
    sealed[0].revision,
    String(Number(sealed[0].position) - 1),
    sealed[0].previousHash,
    sealed[0].recordedAt,
    entityType,
    entityId,
    appendedRowsOf(sealed),
    null,
    null,
  ]);
  if (rows[0].outcome !== 'appended') throw new Error(`daftar_append said ${rows[0].outcome}`);
  return sealed;
};

/** A well-formed append committed by a plain INSERT: it sends no notification, as if one were lost. */
export const appendWithoutNotification = async (client: ClientBase, streamId: string, events: NewEvent[]): Promise<RecordedEvent[]> => {
  await client.query('BEGIN');
  try {
    await client.query('SELECT pg_advisory_xact_lock($1)', [APPEND_LOCK_KEY]);
    const sealed = await sealAfterHead(client, streamId, events);
    const { entityType, entityId } = entityColumnsOf(streamId);
    for (const event of sealed)
      await client.query(
        `INSERT INTO events (position, event_id, stream_id, revision, type, schema_version, data, metadata, recorded_at,
                             actor_id, entity_type, entity_id, hash, previous_hash)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)`,
        [
          event.position, event.eventId, event.streamId, event.revision, event.type, event.schemaVersion,
          JSON.stringify(event.data), JSON.stringify(event.metadata), event.recordedAt, event.metadata.actor.id,
          entityType, entityId, event.hash, event.previousHash,
        ],
      );
    await client.query('COMMIT');
    return sealed;
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  }
};
