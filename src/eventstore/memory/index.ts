import { systemClock, type Clock } from '../../core/clock';
import type { EventStore } from '../event-store';
import { EventStoreUnavailable } from '../errors';
import { startCatchUpSubscription } from '../catch-up-subscription';
import { OpenSubscriptions } from '../open-subscriptions';
import { appendToStream } from './append-to-stream';
import { appendToStreams } from './append-to-streams';
import { findIdempotentAppend } from './find-idempotent-append';
import { createMemoryLog, type MemoryLog } from './memory-log';
import { queryAuditLog } from './query-audit-log';
import { readAll } from './read-all';
import { readStream } from './read-stream';

export interface MemoryEventStoreOptions {
  /** Sets `recordedAt`; a test can make it step back. */
  clock?: Clock;
}

const SUBSCRIPTION_BATCH_SIZE = 500;

/** The whole port in process memory, for unit tests: same envelope, same rules, nothing kept. */
export const createMemoryEventStore = (options: MemoryEventStoreOptions = {}): EventStore => {
  const log: MemoryLog = createMemoryLog(options.clock ?? systemClock);
  const subscriptions = new OpenSubscriptions();
  let closed = false;

  // Every operation runs synchronously inside the async call, as a real store's transaction would.
  const open = <T>(operation: () => T): Promise<T> => {
    if (closed) return Promise.reject(new EventStoreUnavailable('the in-memory event store is closed'));
    try {
      return Promise.resolve(operation());
    } catch (error) {
      return Promise.reject(error);
    }
  };

  return {
    name: 'memory',
    appendToStream: (streamId, events, appendOptions) => open(() => appendToStream(log, streamId, events, appendOptions)),
    appendToStreams: (appends) => open(() => appendToStreams(log, appends)),
    readStream: (streamId, readOptions) => open(() => readStream(log, streamId, readOptions)),
    readAll: (readOptions) => open(() => readAll(log, readOptions)),
    streamRevision: (streamId) =>
      open(() => {
        const stream = log.streams.get(streamId);
        return stream ? stream[stream.length - 1].revision : null;
      }),
    findIdempotentAppend: (lookup) => open(() => findIdempotentAppend(log, lookup)),
    head: () =>
      open(() => {
        const last = log.events[log.events.length - 1];
        return last ? { position: last.position, hash: last.hash } : null;
      }),
    queryAuditLog: (filter, page) => open(() => queryAuditLog(log, filter, page)),
    subscribeToAll: (subscribeOptions, handler) => {
      const subscription = startCatchUpSubscription(
        {
          readAfter: (position, maxCount) => open(() => readAll(log, { fromPosition: position, maxCount })),
          onAppend: (wake) => {
            log.appendListeners.add(wake);
            return () => log.appendListeners.delete(wake);
          },
          batchSize: SUBSCRIPTION_BATCH_SIZE,
        },
        subscribeOptions.fromPosition,
        handler,
      );
      return subscriptions.track(subscription);
    },
    close: async () => {
      if (closed) return;
      closed = true;
      const reason = new EventStoreUnavailable('the in-memory event store is closed');
      await subscriptions.abortAll(reason);
    },
  };
};
