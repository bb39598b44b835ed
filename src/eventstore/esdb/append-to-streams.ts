import type { MultiStreamAppendResult, StreamAppend, StreamAppended } from '../event-store';
import { assertExpectedRevision } from '../expected-revision';
import { assertStreamsAt, multiStreamResult, prepareStreamsAppend, replayedMultiStream } from '../streams-append';
import { appendOnce, prepareForEsdb, type AppendContext } from './append';
import { findIdempotentAppend, recordIdempotentAppend } from './idempotency';
import { streamRevision } from './read-stream';

/**
 * EventStoreDB writes one stream per call, so a multi-stream append is not atomic here; it is made
 * as safe as one writer per call allows (esdb/README.md, "Appending to several streams"):
 *
 * 1. every stream is checked first, so a conflict already there appends nothing anywhere;
 * 2. the other streams (guards) are written before the first one, each with the exact revision
 *    read: the server refuses a write to a guard that another writer moved, so two decisions over
 *    one guard can never both pass it. A guard event whose first-stream write then fails stays as
 *    a reservation that names a member with no events of its own, which guards ignore;
 * 3. streams that are only checked are read once more just before the first stream is written:
 *    a writer in another process can still move one in the moment between, a window SQLite and
 *    memory do not have.
 */
export const appendToStreams = (context: AppendContext, appends: readonly StreamAppend[]): Promise<MultiStreamAppendResult> => {
  let batch: ReturnType<typeof prepareStreamsAppend>;
  try {
    batch = prepareStreamsAppend(appends);
    batch = {
      ...batch,
      streams: batch.streams.map((stream, index) =>
        stream.prepared.length ? { ...stream, prepared: prepareForEsdb(stream.streamId, appends[index].events) } : stream,
      ),
    };
  } catch (error) {
    return Promise.reject(error);
  }
  const { client } = context;

  return context.queue.run(async () => {
    if (batch.idempotency) {
      const earlier = await findIdempotentAppend(client, batch.idempotency);
      if (earlier) return replayedMultiStream(earlier);
    }
    const actual = await Promise.all(batch.streams.map((stream) => streamRevision(client, stream.streamId)));
    assertStreamsAt(batch.streams, actual);

    const [first, ...others] = batch.streams;
    const appendedOthers: StreamAppended[] = [];
    for (const [index, stream] of others.entries()) {
      const events = stream.prepared.length ? await appendOnce(context, stream.streamId, stream.prepared, stream.expectedRevision) : [];
      appendedOthers.push({
        streamId: stream.streamId,
        nextExpectedRevision: events.length ? events[events.length - 1].revision : actual[index + 1],
        events,
      });
    }
    for (const stream of others)
      if (stream.prepared.length === 0)
        assertExpectedRevision(stream.streamId, stream.expectedRevision, await streamRevision(client, stream.streamId));
    const events = await appendOnce(context, first.streamId, first.prepared, first.expectedRevision);
    const result = multiStreamResult([{ streamId: first.streamId, nextExpectedRevision: null, events }, ...appendedOthers]);
    if (batch.idempotency)
      await recordIdempotentAppend(client, context.logger, batch.idempotency, {
        streamId: first.streamId,
        fromRevision: events[0].revision,
        toRevision: events[events.length - 1].revision,
        position: result.position,
      });
    return result;
  });
};
