import type { MultiStreamAppendResult, StreamAppend } from '../event-store';
import { GENESIS_HASH } from '../hash-chain';
import { nextRecordedAt } from '../recorded-at';
import { assertStreamsAt, multiStreamResult, prepareStreamsAppend, replayedMultiStream, sealStreamsAppend } from '../streams-append';
import { findIdempotentAppend } from './find-idempotent-append';
import { copyOut, idempotencyKeyOf, type MemoryLog } from './memory-log';

/** Every check before the first change, and no await anywhere: all streams are appended to, or none. */
export const appendToStreams = (log: MemoryLog, appends: readonly StreamAppend[]): MultiStreamAppendResult => {
  const batch = prepareStreamsAppend(appends);
  if (batch.idempotency) {
    const earlier = findIdempotentAppend(log, batch.idempotency);
    if (earlier) return replayedMultiStream(earlier);
  }
  const actual = batch.streams.map((stream) => {
    const events = log.streams.get(stream.streamId);
    return events?.length ? events[events.length - 1].revision : null;
  });
  assertStreamsAt(batch.streams, actual);
  const repeatedId = batch.streams.flatMap((stream) => stream.prepared).find((event) => log.eventIds.has(event.eventId));
  if (repeatedId) throw new Error(`the append repeats an event id: ${repeatedId.eventId}`);

  const head = log.events[log.events.length - 1];
  const appended = sealStreamsAppend(batch.streams, actual, {
    firstPosition: log.events.length + 1,
    recordedAt: nextRecordedAt(log.clock, head?.recordedAt ?? null),
    previousHash: head?.hash ?? GENESIS_HASH,
  });
  for (const { streamId, events } of appended) {
    if (events.length === 0) continue;
    log.events.push(...events);
    for (const event of events) log.eventIds.add(event.eventId);
    log.streams.set(streamId, [...(log.streams.get(streamId) ?? []), ...events]);
  }
  const first = appended[0].events;
  if (batch.idempotency)
    log.idempotentAppends.set(idempotencyKeyOf(batch.idempotency), {
      streamId: batch.streams[0].streamId,
      firstPosition: Number(first[0].position),
      lastPosition: Number(first[first.length - 1].position),
    });
  for (const wake of log.appendListeners) wake();

  return multiStreamResult(appended.map((stream) => ({ ...stream, events: copyOut(stream.events) })));
};
