import type { MultiStreamAppendResult, RecordedEvent, StreamAppend } from '../event-store';
import { GENESIS_HASH } from '../hash-chain';
import { nextRecordedAt } from '../recorded-at';
import { assertStreamsAt, multiStreamResult, prepareStreamsAppend, replayedMultiStream, sealStreamsAppend, type PreparedStreamsAppend } from '../streams-append';
import { APPEND_LOCK, APPENDED_CHANNEL } from './advisory-locks';
import { entityColumnsOf } from './event-row';
import { findIdempotentAppend } from './find-idempotent-append';
import { readHead } from './head';
import type { PostgresLog } from './postgres-log';
import type { Queryable } from './queryable';
import { inTransaction } from './transaction';

const STREAM_REVISIONS = 'SELECT stream_id, max(revision) AS revision FROM events WHERE stream_id = ANY($1::text[]) GROUP BY stream_id';

const INSERT_EVENTS = `
  INSERT INTO events (position, event_id, stream_id, revision, type, schema_version, data, metadata,
                      recorded_at, actor_id, entity_type, entity_id, hash, previous_hash)
  SELECT * FROM unnest($1::bigint[], $2::text[], $3::text[], $4::integer[], $5::text[], $6::integer[], $7::text[],
                       $8::text[], $9::text[], $10::text[], $11::text[], $12::text[], $13::text[], $14::text[])`;

const INSERT_IDEMPOTENT_APPEND = `
  INSERT INTO idempotent_appends (actor_id, idempotency_key, stream_id, first_position, last_position) VALUES ($1, $2, $3, $4, $5)`;

/**
 * Several streams as one decision, in one transaction under the append lock that every append of
 * this store takes (schema.ts): the lock in a statement of its own, so that each later statement,
 * under READ COMMITTED, reads a snapshot taken after every earlier append committed. The revisions
 * are then checked, the events sealed against the head and inserted, and all of it commits or
 * none. More round trips than `daftar_append`, which serves the common one-stream case; only
 * decisions that read other aggregates come here.
 */
export const appendToStreams = async (log: PostgresLog, appends: readonly StreamAppend[]): Promise<MultiStreamAppendResult> => {
  const batch = prepareStreamsAppend(appends);
  const result = await inTransaction(log.pool, 'BEGIN', async (client) => {
    await client.query('SELECT pg_advisory_xact_lock($1)', [APPEND_LOCK.toString()]);
    if (batch.idempotency) {
      const earlier = await findIdempotentAppend(client, batch.idempotency);
      if (earlier) return replayedMultiStream(earlier);
    }
    const actual = await revisionsOf(client, batch);
    assertStreamsAt(batch.streams, actual);
    const head = await readHead(client);
    const appended = sealStreamsAppend(batch.streams, actual, {
      firstPosition: Number(head?.position ?? 0) + 1,
      recordedAt: nextRecordedAt(log.clock, head?.recorded_at ?? null),
      previousHash: head?.hash ?? GENESIS_HASH,
    });
    const all = appended.flatMap((stream) => stream.events);
    await client.query(INSERT_EVENTS, columnsOfEvents(all));
    const done = multiStreamResult(appended);
    if (batch.idempotency)
      await client.query(INSERT_IDEMPOTENT_APPEND, [
        batch.idempotency.actorId,
        batch.idempotency.idempotencyKey,
        done.events[0].streamId,
        done.events[0].position,
        done.position,
      ]);
    // Delivered to listeners when (and only if) this transaction commits.
    await client.query('SELECT pg_notify($1, $2)', [APPENDED_CHANNEL, all[all.length - 1].position]);
    return done;
  });
  if (!result.idempotentReplay) for (const wake of log.appendListeners) wake();
  return result;
};

const revisionsOf = async (db: Queryable, batch: PreparedStreamsAppend): Promise<(number | null)[]> => {
  const { rows } = await db.query<{ stream_id: string; revision: number }>(STREAM_REVISIONS, [batch.streams.map((stream) => stream.streamId)]);
  const revisions = new Map(rows.map((row) => [row.stream_id, row.revision]));
  return batch.streams.map((stream) => revisions.get(stream.streamId) ?? null);
};

/** The insert's parameters: one array per column, the events of every stream in position order. */
const columnsOfEvents = (events: readonly RecordedEvent[]) => [
  events.map((event) => event.position),
  events.map((event) => event.eventId),
  events.map((event) => event.streamId),
  events.map((event) => event.revision),
  events.map((event) => event.type),
  events.map((event) => event.schemaVersion),
  events.map((event) => JSON.stringify(event.data)),
  events.map((event) => JSON.stringify(event.metadata)),
  events.map((event) => event.recordedAt),
  events.map((event) => event.metadata.actor.id),
  events.map((event) => entityColumnsOf(event.streamId).entityType),
  events.map((event) => entityColumnsOf(event.streamId).entityId),
  events.map((event) => event.hash),
  events.map((event) => event.previousHash),
];
