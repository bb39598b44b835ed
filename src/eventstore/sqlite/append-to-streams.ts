import type { MultiStreamAppendResult, StreamAppend, StreamAppended } from '../event-store';
import { StreamRevisionConflict } from '../errors';
import { GENESIS_HASH } from '../hash-chain';
import { sealAppend } from '../record-events';
import { nextRecordedAt } from '../recorded-at';
import {
  assertStreamsAt,
  multiStreamResult,
  prepareStreamsAppend,
  replayedMultiStream,
  type PreparedStreamsAppend,
} from '../streams-append';
import { rowParamsOf } from './event-row';
import { findIdempotentAppend } from './find-idempotent-append';
import type { SqliteLog } from './sqlite-log';

/**
 * Several streams, one IMMEDIATE transaction: the write lock is taken before any revision is read,
 * so no writer in this process or another can move a stream between the checks and the inserts,
 * and a conflict on any stream leaves every stream as it was.
 */
export const createAppendToStreams = (log: SqliteLog) => {
  const { statements, db } = log;

  const appendInTransaction = db.transaction((batch: PreparedStreamsAppend): MultiStreamAppendResult => {
    if (batch.idempotency) {
      const earlier = findIdempotentAppend(log, batch.idempotency);
      if (earlier) return replayedMultiStream(earlier);
    }
    const actual = batch.streams.map((stream) => statements.streamRevision.get(stream.streamId) ?? null);
    assertStreamsAt(batch.streams, actual);
    const head = statements.head.get();
    const recordedAt = nextRecordedAt(log.clock, head?.recorded_at ?? null);
    let nextPosition = (head?.position ?? 0) + 1;
    let previousHash = head?.hash ?? GENESIS_HASH;
    const appended = batch.streams.map((stream, index): StreamAppended => {
      if (stream.prepared.length === 0) return { streamId: stream.streamId, nextExpectedRevision: actual[index], events: [] };
      const events = sealAppend(stream.prepared, {
        streamId: stream.streamId,
        firstRevision: (actual[index] ?? -1) + 1,
        firstPosition: nextPosition,
        recordedAt,
        previousHash,
      });
      for (const event of events) statements.insertEvent.run(rowParamsOf(event));
      const last = events[events.length - 1];
      nextPosition += events.length;
      previousHash = last.hash;
      return { streamId: stream.streamId, nextExpectedRevision: last.revision, events };
    });
    const result = multiStreamResult(appended);
    if (batch.idempotency)
      statements.insertIdempotentAppend.run({
        ...batch.idempotency,
        streamId: result.events[0].streamId,
        firstPosition: Number(result.events[0].position),
        lastPosition: Number(result.position),
      });
    return result;
  });

  return (appends: readonly StreamAppend[]): MultiStreamAppendResult => {
    const batch = prepareStreamsAppend(appends);
    let result: MultiStreamAppendResult;
    try {
      result = appendInTransaction.immediate(batch);
    } catch (error) {
      throw explainRevisionConstraint(log, batch, error);
    }
    if (!result.idempotentReplay) for (const wake of log.appendListeners) wake();
    return result;
  };
};

/**
 * The (stream, revision) index firing means a writer that does not take the lock moved a stream:
 * said in the port's terms, for the first stream that is not where the append expected it.
 * Matched by code, not class: see explainConstraint in append-to-stream.ts.
 */
const explainRevisionConstraint = (log: SqliteLog, batch: PreparedStreamsAppend, error: unknown): unknown => {
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
  if (typeof code !== 'string' || !code.startsWith('SQLITE_CONSTRAINT') || typeof message !== 'string') return error;
  if (!message.includes('events.stream_id, events.revision')) return error;
  try {
    assertStreamsAt(batch.streams, batch.streams.map((stream) => log.statements.streamRevision.get(stream.streamId) ?? null));
  } catch (conflict) {
    if (conflict instanceof StreamRevisionConflict) return conflict;
  }
  return error;
};
