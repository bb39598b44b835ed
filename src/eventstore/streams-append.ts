import { idempotencyOfAppend } from './append-idempotency';
import type {
  AppendResult,
  ExpectedRevision,
  IdempotencyLookup,
  MultiStreamAppendResult,
  NewEvent,
  StreamAppend,
  StreamAppended,
} from './event-store';
import { assertExpectedRevision } from './expected-revision';
import { prepareAppend, sealAppend, type PreparedEvent } from './record-events';

/** One stream of a multi-stream append, its events checked and JSON-normalised (none: only checked). */
export interface PreparedStreamAppend {
  streamId: string;
  prepared: PreparedEvent[];
  expectedRevision: ExpectedRevision;
}

export interface PreparedStreamsAppend {
  streams: PreparedStreamAppend[];
  /** The first stream's key: the one request this append answers. */
  idempotency: IdempotencyLookup | null;
}

/**
 * Everything that can reject a multi-stream append before a store is touched, the same in every
 * store: at least one stream, each named once, the first with events, event ids unrepeated, and an
 * idempotency key on the first stream's events only (it records that stream's part; the others
 * are bookkeeping of the same request).
 */
export const prepareStreamsAppend = (appends: readonly StreamAppend[]): PreparedStreamsAppend => {
  if (!Array.isArray(appends) || appends.length === 0) throw new TypeError('a multi-stream append names at least one stream');
  const names = new Set<string>();
  const eventIds = new Set<string>();
  const streams = appends.map((append, index) => {
    if (names.has(append.streamId)) throw new TypeError(`stream ${append.streamId} is named twice in one append`);
    names.add(append.streamId);
    if (!Array.isArray(append.events)) throw new TypeError(`the events for ${append.streamId} are not a list`);
    if (index === 0 && append.events.length === 0)
      throw new TypeError(`the first stream of a multi-stream append (${append.streamId}) needs at least one event`);
    if (index > 0 && append.events.some((event: NewEvent) => event.metadata?.idempotencyKey !== undefined))
      throw new TypeError(`only the first stream's events carry the idempotency key, not those for ${append.streamId}`);
    const prepared = append.events.length ? prepareAppend(append.streamId, append.events) : [];
    for (const event of prepared) {
      if (eventIds.has(event.eventId)) throw new Error(`the append repeats an event id: ${event.eventId}`);
      eventIds.add(event.eventId);
    }
    return { streamId: append.streamId, prepared, expectedRevision: append.expectedRevision };
  });
  return { streams, idempotency: idempotencyOfAppend(appends[0].events) };
};

/** Every stream where the append expects it, or the conflict of the first that is not. */
export const assertStreamsAt = (streams: readonly PreparedStreamAppend[], actualRevisions: readonly (number | null)[]): void =>
  streams.forEach((stream, index) => assertExpectedRevision(stream.streamId, stream.expectedRevision, actualRevisions[index]));

/** Where a multi-stream append starts in the log: the position, time and hash it follows on from. */
export interface StreamsAppendSlot {
  firstPosition: number;
  recordedAt: string;
  previousHash: string;
}

/**
 * Every stream's events sealed one stream after another from `slot`: positions and the hash chain
 * run on across the streams, each stream's revisions on from `actualRevisions`. A stream with no
 * events (only checked) keeps its revision.
 */
export const sealStreamsAppend = (
  streams: readonly PreparedStreamAppend[],
  actualRevisions: readonly (number | null)[],
  slot: StreamsAppendSlot,
): StreamAppended[] => {
  let { firstPosition, previousHash } = slot;
  return streams.map((stream, index): StreamAppended => {
    if (stream.prepared.length === 0) return { streamId: stream.streamId, nextExpectedRevision: actualRevisions[index], events: [] };
    const events = sealAppend(stream.prepared, {
      streamId: stream.streamId,
      firstRevision: (actualRevisions[index] ?? -1) + 1,
      firstPosition,
      recordedAt: slot.recordedAt,
      previousHash,
    });
    const last = events[events.length - 1];
    firstPosition += events.length;
    previousHash = last.hash;
    return { streamId: stream.streamId, nextExpectedRevision: last.revision, events };
  });
};

/** The port's answer from what each stream received, the first stream's part in front. */
export const multiStreamResult = (appended: readonly StreamAppended[]): MultiStreamAppendResult => {
  const [first, ...others] = appended;
  const last = first.events[first.events.length - 1];
  return { nextExpectedRevision: last.revision, position: last.position, events: first.events, idempotentReplay: false, others };
};

/** An idempotent replay looks exactly like a replayed single-stream append: the first stream's events. */
export const replayedMultiStream = (earlier: AppendResult): MultiStreamAppendResult => ({ ...earlier, others: [] });
