import type { AppendOptions, AppendResult, NewEvent } from '../event-store';
import { idempotencyOfAppend } from '../append-idempotency';
import { StreamRevisionConflict } from '../errors';
import { assertExpectedRevision } from '../expected-revision';
import { GENESIS_HASH } from '../hash-chain';
import { prepareAppend, sealAppend, type PreparedEvent } from '../record-events';
import { nextRecordedAt } from '../recorded-at';
import { rowParamsOf } from './event-row';
import { findIdempotentAppend } from './find-idempotent-append';
import type { GroupCommit } from './group-commit';
import type { SqliteLog } from './sqlite-log';

/**
 * An append runs inside an IMMEDIATE transaction (shared with the appends asked for in the same
 * turn, see group-commit.ts): the write lock is taken before the stream's revision, the
 * idempotency key and the chain's head are read, so no other writer (in this process or another)
 * can slip in between the checks and the inserts. All its events are stored, or none.
 */
export const createAppendToStream = (log: SqliteLog, groupCommit: GroupCommit) => {
  const { statements } = log;

  const appendInTransaction = (streamId: string, prepared: PreparedEvent[], newEvents: NewEvent[], options: AppendOptions): AppendResult => {
    const idempotency = idempotencyOfAppend(newEvents);
    if (idempotency) {
      const earlier = findIdempotentAppend(log, idempotency);
      if (earlier) return earlier;
    }
    const actual = statements.streamRevision.get(streamId) ?? null;
    assertExpectedRevision(streamId, options.expectedRevision ?? 'ANY', actual);
    const head = statements.head.get();
    const events = sealAppend(prepared, {
      streamId,
      firstRevision: (actual ?? -1) + 1,
      firstPosition: (head?.position ?? 0) + 1,
      recordedAt: nextRecordedAt(log.clock, head?.recorded_at ?? null),
      previousHash: head?.hash ?? GENESIS_HASH,
    });
    for (const event of events) statements.insertEvent.run(rowParamsOf(event));
    if (idempotency)
      statements.insertIdempotentAppend.run({
        ...idempotency,
        streamId,
        firstPosition: Number(events[0].position),
        lastPosition: Number(events[events.length - 1].position),
      });
    const last = events[events.length - 1];
    return { nextExpectedRevision: last.revision, position: last.position, events, idempotentReplay: false };
  };

  return async (streamId: string, newEvents: NewEvent[], options: AppendOptions = {}): Promise<AppendResult> => {
    const prepared = prepareAppend(streamId, newEvents);
    let result: AppendResult;
    try {
      result = await groupCommit.run(() => appendInTransaction(streamId, prepared, newEvents, options));
    } catch (error) {
      throw explainConstraint(log, streamId, options, error);
    }
    if (!result.idempotentReplay) for (const wake of log.appendListeners) wake(result.events);
    return result;
  };
};


/**
 * A unique index that still fires names the rule the append broke, in the port's terms. Matched by
 * code, not `instanceof SqliteError`: the native addon keeps the error class of the first copy of
 * better-sqlite3 loaded in the process, which is not the one a re-loaded module (as under jest) sees.
 */
const explainConstraint = (log: SqliteLog, streamId: string, options: AppendOptions, error: unknown): unknown => {
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
  if (typeof code !== 'string' || !code.startsWith('SQLITE_CONSTRAINT') || typeof message !== 'string') return error;
  if (message.includes('events.stream_id, events.revision'))
    return new StreamRevisionConflict(
      streamId,
      options.expectedRevision ?? 'ANY',
      log.statements.streamRevision.get(streamId) ?? null,
    );
  if (message.includes('events.event_id'))
    return new Error(`the append to ${streamId} repeats an event id that is already recorded`, { cause: error });
  return error;
};
