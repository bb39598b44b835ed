import {
  NO_STREAM,
  WrongExpectedVersionError,
  type AppendExpectedRevision,
  type AppendResult as EsdbAppendResult,
  type EventStoreDBClient,
} from '@eventstore/db-client';
import type { Logger } from 'pino';
import { validate as isUuid } from 'uuid';
import { idempotencyOfAppend } from '../append-idempotency';
import { StreamRevisionConflict } from '../errors';
import type {
  AppendOptions,
  AppendResult,
  ExpectedRevision,
  IdempotencyLookup,
  NewEvent,
  RecordedEvent,
} from '../event-store';
import { assertExpectedRevision } from '../expected-revision';
import { GENESIS_HASH, type UnhashedEvent } from '../hash-chain';
import { prepareAppend, type PreparedEvent } from '../record-events';
import { toEsdbEvent } from './envelope';
import { ESDB_HASHED_POSITION, hashEsdbEvent } from './hash';
import { findIdempotentAppend, recordIdempotentAppend } from './idempotency';
import { positionToString } from './position';
import { readHeadEvent } from './read-all';
import { readStream, streamRevision } from './read-stream';
import type { SerialQueue } from '../serial-queue';

export interface AppendContext {
  client: EventStoreDBClient;
  logger: Logger;
  /** Every append of this process goes through it: see ../serial-queue.ts. */
  queue: SerialQueue;
  now: () => Date;
}

/**
 * With ANY or STREAM_EXISTS the caller accepts whatever revision the stream is at, so losing a race
 * to a writer outside this process is retried; an exact expectation is the caller's to retry.
 */
const TOLERANT_RETRIES = 3;

/** The server refused because the stream moved between our read of its revision and our write. */
class StreamMovedMeanwhile extends StreamRevisionConflict {}

/**
 * The common checks and JSON normalisation of every store (so the hash covers what a read gives
 * back), plus what ESDB adds: `$` names are its own, and an event id must be a GUID, which it
 * returns in lower case.
 */
export const prepareForEsdb = (streamId: string, events: NewEvent[]): PreparedEvent[] => {
  const prepared = prepareAppend(streamId, events);
  if (streamId.startsWith('$')) throw new TypeError(`stream ${streamId}: names starting with $ belong to EventStoreDB`);
  const ids = new Set<string>();
  return prepared.map((event) => {
    if (!isUuid(event.eventId)) throw new TypeError(`eventId ${event.eventId} is not a UUID, which EventStoreDB requires`);
    const eventId = event.eventId.toLowerCase();
    if (ids.has(eventId)) throw new Error(`the append to ${streamId} repeats an event id: ${eventId}`);
    ids.add(eventId);
    return { ...event, eventId };
  });
};

/** Our recorded time never runs backwards along the chain, so "until recordedAt" reads can stop at the first later event. */
const recordedAtAfter = (head: RecordedEvent | null, now: Date): string =>
  new Date(Math.max(now.getTime(), head ? Date.parse(head.recordedAt) : 0)).toISOString();

const sealForEsdb = (
  streamId: string,
  events: PreparedEvent[],
  firstRevision: number,
  head: RecordedEvent | null,
  recordedAt: string,
): RecordedEvent[] => {
  let previousHash = head?.hash ?? GENESIS_HASH;
  return events.map((event, index) => {
    const unhashed: UnhashedEvent = {
      ...event,
      streamId,
      revision: firstRevision + index,
      position: ESDB_HASHED_POSITION,
      recordedAt,
      previousHash,
    };
    const sealed = { ...unhashed, hash: hashEsdbEvent(unhashed) };
    previousHash = sealed.hash;
    return sealed;
  });
};

const esdbExpectationOf = (actual: number | null): AppendExpectedRevision =>
  actual === null ? NO_STREAM : BigInt(actual);

const actualRevisionOf = (error: WrongExpectedVersionError): number | null =>
  typeof error.actualVersion === 'bigint' ? Number(error.actualVersion) : null;

/** Positions are known only after the write: one event's comes with the result, several are read back. */
const withPositions = async (
  client: EventStoreDBClient,
  sealed: RecordedEvent[],
  lastPosition: string | undefined,
): Promise<RecordedEvent[]> => {
  if (sealed.length === 1 && lastPosition !== undefined) return [{ ...sealed[0], position: lastPosition }];
  const stored = await readStream(client, sealed[0].streamId, { fromRevision: sealed[0].revision, maxCount: sealed.length });
  const positionById = new Map(stored.map((event) => [event.eventId, event.position]));
  return sealed.map((event) => {
    const position = positionById.get(event.eventId);
    if (position === undefined) throw new Error(`event ${event.eventId} was appended but cannot be read back`);
    return { ...event, position };
  });
};

export const appendOnce = async (
  context: AppendContext,
  streamId: string,
  events: PreparedEvent[],
  expected: ExpectedRevision,
): Promise<RecordedEvent[]> => {
  const { client } = context;
  const actual = await streamRevision(client, streamId);
  assertExpectedRevision(streamId, expected, actual);
  const head = await readHeadEvent(client);
  const sealed = sealForEsdb(streamId, events, (actual ?? -1) + 1, head, recordedAtAfter(head, context.now()));
  let written: EsdbAppendResult;
  try {
    // The revision just read, not the caller's expectation, goes to the server: the hashes already
    // name each event's revision, so the stream must not have moved since.
    written = await client.appendToStream(streamId, sealed.map(toEsdbEvent), {
      expectedRevision: esdbExpectationOf(actual),
    });
  } catch (error) {
    if (error instanceof WrongExpectedVersionError)
      throw new StreamMovedMeanwhile(streamId, expected, actualRevisionOf(error));
    throw error;
  }
  return withPositions(client, sealed, written.position && positionToString(written.position));
};

export const appendToStream = (
  context: AppendContext,
  streamId: string,
  events: NewEvent[],
  options: AppendOptions = {},
): Promise<AppendResult> => {
  let prepared: PreparedEvent[];
  let lookup: IdempotencyLookup | null;
  try {
    prepared = prepareForEsdb(streamId, events);
    lookup = idempotencyOfAppend(events);
  } catch (error) {
    return Promise.reject(error);
  }
  const expected = options.expectedRevision ?? 'ANY';

  return context.queue.run(async () => {
    if (lookup) {
      const earlier = await findIdempotentAppend(context.client, lookup);
      if (earlier) return earlier;
    }
    let appended: RecordedEvent[];
    for (let attempt = 0; ; attempt++) {
      try {
        appended = await appendOnce(context, streamId, prepared, expected);
        break;
      } catch (error) {
        const tolerant = expected === 'ANY' || expected === 'STREAM_EXISTS';
        if (error instanceof StreamMovedMeanwhile && tolerant && attempt < TOLERANT_RETRIES) continue;
        throw error;
      }
    }
    const first = appended[0];
    const last = appended[appended.length - 1];
    if (lookup)
      await recordIdempotentAppend(context.client, context.logger, lookup, {
        streamId,
        fromRevision: first.revision,
        toRevision: last.revision,
        position: last.position,
      });
    return { nextExpectedRevision: last.revision, position: last.position, events: appended, idempotentReplay: false };
  });
};
