import { createHash } from 'node:crypto';
import {
  FORWARDS,
  NO_STREAM,
  START,
  StreamNotFoundError,
  WrongExpectedVersionError,
  jsonEvent,
  type EventStoreDBClient,
} from '@eventstore/db-client';
import type { Logger } from 'pino';
import type { AppendResult, IdempotencyLookup } from '../event-store';
import { IDEMPOTENCY_STREAM_PREFIX } from './envelope';
import { readStream } from './read-stream';

const IDEMPOTENT_APPEND = 'DaftarIdempotentAppend';

/** What the index remembers of an append: enough to read its events back. */
interface IdempotentAppendRecord {
  actorId: string;
  idempotencyKey: string;
  streamId: string;
  fromRevision: number;
  toRevision: number;
  position: string;
}

/** One stream per actor and key, named by a digest so that any key is a valid, bounded stream name. */
export const idempotencyStreamOf = ({ actorId, idempotencyKey }: IdempotencyLookup): string =>
  IDEMPOTENCY_STREAM_PREFIX + createHash('sha256').update(JSON.stringify([actorId, idempotencyKey])).digest('hex');

const readRecord = async (client: EventStoreDBClient, lookup: IdempotencyLookup): Promise<IdempotentAppendRecord | null> => {
  const read = client.readStream<{ type: typeof IDEMPOTENT_APPEND; data: IdempotentAppendRecord & Record<string, unknown> }>(
    idempotencyStreamOf(lookup),
    { direction: FORWARDS, fromRevision: START, maxCount: 1 },
  );
  try {
    for await (const resolved of read) {
      const data = resolved.event?.data;
      // The digest could in theory collide: the record names its actor and key, so check them.
      if (data && data.actorId === lookup.actorId && data.idempotencyKey === lookup.idempotencyKey) return data;
    }
    return null;
  } catch (error) {
    if (error instanceof StreamNotFoundError) return null;
    throw error;
  } finally {
    await read.cancel().catch(() => undefined);
  }
};

export const findIdempotentAppend = async (
  client: EventStoreDBClient,
  lookup: IdempotencyLookup,
): Promise<AppendResult | null> => {
  const record = await readRecord(client, lookup);
  if (!record) return null;
  const events = await readStream(client, record.streamId, {
    fromRevision: record.fromRevision,
    maxCount: record.toRevision - record.fromRevision + 1,
  });
  return { nextExpectedRevision: record.toRevision, position: record.position, events, idempotentReplay: true };
};

/**
 * Written after the append it indexes, because ESDB cannot write two streams atomically. Two windows
 * stay open and are documented in README.md: a crash between the two writes leaves the append
 * unindexed (a retry appends again), and two processes racing with one key both append (the index
 * keeps the first). Within one process the append queue closes the second window.
 */
export const recordIdempotentAppend = async (
  client: EventStoreDBClient,
  logger: Logger,
  lookup: IdempotencyLookup,
  appended: { streamId: string; fromRevision: number; toRevision: number; position: string },
): Promise<void> => {
  const record: IdempotentAppendRecord = { ...lookup, ...appended };
  try {
    await client.appendToStream(idempotencyStreamOf(lookup), jsonEvent({ type: IDEMPOTENT_APPEND, data: { ...record } }), {
      expectedRevision: NO_STREAM,
    });
  } catch (error) {
    // The events are stored: failing the append now would invite the very retry the key guards against.
    if (error instanceof WrongExpectedVersionError)
      logger.warn({ ...record }, 'idempotency key was indexed by another writer at the same time: both appends are stored');
    else logger.error({ err: error, ...record }, 'appended, but the idempotency key could not be indexed');
  }
};
