import type { MultiStreamAppendResult, StreamAppend } from '../event-store';
import { StreamRevisionConflict } from '../errors';
import { GENESIS_HASH } from '../hash-chain';
import { nextRecordedAt } from '../recorded-at';
import {
  assertStreamsAt,
  multiStreamResult,
  prepareStreamsAppend,
  replayedMultiStream,
  sealStreamsAppend,
  type PreparedStreamsAppend,
} from '../streams-append';
import { rowParamsOf } from './event-row';
import { findIdempotentAppend } from './find-idempotent-append';
import type { GroupCommit } from './group-commit';
import type { SqliteLog } from './sqlite-log';

/**
 * Several streams, inside one IMMEDIATE transaction (shared with the other appends of its turn, see
 * group-commit.ts): the write lock is taken before any revision is read, so no writer in this
 * process or another can move a stream between the checks and the inserts, and a conflict on any
 * stream leaves every stream as it was.
 */
export const createAppendToStreams = (log: SqliteLog, groupCommit: GroupCommit) => {
  const { statements } = log;

  const appendInTransaction = (batch: PreparedStreamsAppend): MultiStreamAppendResult => {
    if (batch.idempotency) {
      const earlier = findIdempotentAppend(log, batch.idempotency);
      if (earlier) return replayedMultiStream(earlier);
    }
    const actual = batch.streams.map((stream) => statements.streamRevision.get(stream.streamId) ?? null);
    assertStreamsAt(batch.streams, actual);
    const head = statements.head.get();
    const appended = sealStreamsAppend(batch.streams, actual, {
      firstPosition: (head?.position ?? 0) + 1,
      recordedAt: nextRecordedAt(log.clock, head?.recorded_at ?? null),
      previousHash: head?.hash ?? GENESIS_HASH,
    });
    for (const stream of appended) for (const event of stream.events) statements.insertEvent.run(rowParamsOf(event));
    const result = multiStreamResult(appended);
    if (batch.idempotency)
      statements.insertIdempotentAppend.run({
        ...batch.idempotency,
        streamId: result.events[0].streamId,
        firstPosition: Number(result.events[0].position),
        lastPosition: Number(result.position),
      });
    return result;
  };

  return async (appends: readonly StreamAppend[]): Promise<MultiStreamAppendResult> => {
    const batch = prepareStreamsAppend(appends);
    let result: MultiStreamAppendResult;
    try {
      result = await groupCommit.run(() => appendInTransaction(batch));
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
