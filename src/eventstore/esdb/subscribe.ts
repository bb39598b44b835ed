import { excludeSystemEvents, type AllStreamResolvedEvent, type EventStoreDBClient } from '@eventstore/db-client';
import type { Logger } from 'pino';
import type { EventBatchHandler, RecordedEvent, SubscribeOptions, Subscription } from '../event-store';
import { comparePositions } from '../position';
import { fromEsdbEvent, isDaftarEvent } from './envelope';
import { readPositionOf } from './position';

/** Events handed to one handler call at most; also the client's read-ahead buffer. */
const MAX_BATCH = 500;

/**
 * An ESDB catch-up subscription to $all (it switches from history to live by itself, without gap or
 * duplicate), read in batches: whatever has arrived while the handler was busy is the next batch,
 * and the handler is never called again before its last call settled.
 */
export interface EsdbSubscription extends Subscription {
  /** Ends delivery as a failure (the store is closing), once the running handler call has settled. */
  abort(reason: Error): Promise<void>;
  /** Settles once delivery has ended and the server call is cancelled, however it ended. */
  readonly done: Promise<void>;
}

export const subscribeToAll = (
  client: EventStoreDBClient,
  logger: Logger,
  options: SubscribeOptions,
  handler: EventBatchHandler,
): EsdbSubscription => {
  // ESDB filters `$`-typed events on the server; our idempotency index is dropped by isDaftarEvent.
  const source = client.subscribeToAll(
    { fromPosition: readPositionOf(options.fromPosition), filter: excludeSystemEvents() },
    { highWaterMark: MAX_BATCH },
  );

  let stopping = false;
  let ended = false;
  let sourceError: Error | undefined;
  let signalled = false;
  let wake: (() => void) | undefined;
  const signal = (): void => {
    signalled = true;
    wake?.();
  };
  const nextSignal = (): Promise<void> =>
    signalled ? Promise.resolve() : new Promise<void>((resolve) => (wake = resolve));
  source.on('readable', signal);
  source.on('end', () => ((ended = true), signal()));
  source.on('close', () => ((ended = true), signal()));
  source.on('error', (error: Error) => ((sourceError = error), signal()));

  let reportFailure!: (error: Error) => void;
  const failed = new Promise<Error>((resolve) => (reportFailure = resolve));
  const after = options.fromPosition;

  const takeBatch = (): { consumed: number; events: RecordedEvent[] } => {
    const events: RecordedEvent[] = [];
    let consumed = 0;
    for (let resolved: AllStreamResolvedEvent | null; consumed < MAX_BATCH && (resolved = source.read()) !== null; ) {
      consumed++;
      if (!resolved.event || !isDaftarEvent(resolved.event)) continue;
      const event = fromEsdbEvent(resolved.event);
      // The server starts after the position already; this guards the promise made to our callers.
      if (after !== undefined && comparePositions(event.position, after) <= 0) continue;
      events.push(event);
    }
    return { consumed, events };
  };

  const deliver = async (): Promise<void> => {
    while (!stopping) {
      signalled = false;
      const { consumed, events } = takeBatch();
      if (events.length > 0) await handler(events);
      if (consumed > 0) continue;
      if (sourceError) throw sourceError;
      if (ended) throw new Error('the EventStoreDB subscription ended');
      await nextSignal();
      wake = undefined;
    }
  };

  const delivering = deliver().catch((error: unknown) => {
    if (stopping) return;
    const failure = error instanceof Error ? error : new Error(String(error));
    logger.error({ err: failure }, 'subscription to $all failed');
    stopping = true;
    reportFailure(failure);
  });
  const done = delivering.then(() => source.unsubscribe().catch(() => undefined));

  return {
    failed,
    done,
    async stop() {
      stopping = true;
      signal();
      await done;
    },
    async abort(reason: Error) {
      const wasRunning = !stopping;
      stopping = true;
      signal();
      await done;
      if (wasRunning) reportFailure(reason);
    },
  };
};
