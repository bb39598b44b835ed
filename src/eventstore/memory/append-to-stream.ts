import type { AppendOptions, AppendResult, NewEvent } from '../event-store';
import { idempotencyOfAppend } from '../append-idempotency';
import { assertExpectedRevision } from '../expected-revision';
import { GENESIS_HASH } from '../hash-chain';
import { prepareAppend, sealAppend } from '../record-events';
import { nextRecordedAt } from '../recorded-at';
import { findIdempotentAppend } from './find-idempotent-append';
import { copyOut, idempotencyKeyOf, type MemoryLog } from './memory-log';

/** Runs to the end without awaiting, so one append can never interleave with another. */
export const appendToStream = (
  log: MemoryLog,
  streamId: string,
  newEvents: NewEvent[],
  options: AppendOptions = {},
): AppendResult => {
  const prepared = prepareAppend(streamId, newEvents);
  const idempotency = idempotencyOfAppend(newEvents);
  if (idempotency) {
    const earlier = findIdempotentAppend(log, idempotency);
    if (earlier) return earlier;
  }
  const stream = log.streams.get(streamId) ?? [];
  const actual = stream.length ? stream[stream.length - 1].revision : null;
  assertExpectedRevision(streamId, options.expectedRevision ?? 'ANY', actual);
  const eventIds = new Set(prepared.map((event) => event.eventId));
  const repeatedId = prepared.find((event) => log.eventIds.has(event.eventId));
  if (repeatedId || eventIds.size < prepared.length)
    throw new Error(`the append to ${streamId} repeats an event id: ${repeatedId?.eventId ?? 'within the append'}`);

  const head = log.events[log.events.length - 1];
  const events = sealAppend(prepared, {
    streamId,
    firstRevision: (actual ?? -1) + 1,
    firstPosition: log.events.length + 1,
    recordedAt: nextRecordedAt(log.clock, head?.recordedAt ?? null),
    previousHash: head?.hash ?? GENESIS_HASH,
  });
  log.events.push(...events);
  for (const event of events) log.eventIds.add(event.eventId);
  log.streams.set(streamId, [...stream, ...events]);
  if (idempotency)
    log.idempotentAppends.set(idempotencyKeyOf(idempotency), {
      streamId,
      firstPosition: Number(events[0].position),
      lastPosition: Number(events[events.length - 1].position),
    });
  for (const wake of log.appendListeners) wake();

  const last = events[events.length - 1];
  return { nextExpectedRevision: last.revision, position: last.position, events: copyOut(events), idempotentReplay: false };
};
