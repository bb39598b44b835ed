import type { Logger } from 'pino';
import type { EventBatchHandler, RecordedEvent, Subscription } from './event-store';
import { START } from './position';

/** What a catch-up subscription needs of a store whose positions are committed in order. */
export interface CatchUpSource {
  /** Up to `maxCount` events strictly after `position`, in global order. */
  readAfter(position: string, maxCount: number): Promise<RecordedEvent[]>;
  /** Calls `wake` after each append of this process; returns how to stop listening. */
  onAppend(wake: () => void): () => void;
  /** Also look for new events this often (ms): appends of other processes send no wake-up. */
  pollIntervalMs?: number;
  batchSize: number;
  logger?: Logger;
}

export interface CatchUpSubscription extends Subscription {
  /** Ends the subscription as failed (the store is closing) and waits for the running handler. */
  abort(reason: Error): Promise<void>;
  /** Settles once the loop has ended, however it ended. */
  readonly done: Promise<void>;
}

/**
 * One loop does both catch-up and live delivery: it always reads strictly after the last delivered
 * position, so the switch-over has no gap and no duplicate, and it awaits each handler call before
 * the next read, so calls never overlap. Wake-ups only shorten the wait; the read decides.
 */
export const startCatchUpSubscription = (
  source: CatchUpSource,
  fromPosition: string | undefined,
  handler: EventBatchHandler,
): CatchUpSubscription => {
  let stopped = false;
  let wakeCount = 0;
  let wakeWaiter: (() => void) | null = null;
  let resolveFailed: (error: Error) => void = () => undefined;
  const failed = new Promise<Error>((resolve) => (resolveFailed = resolve));

  const wake = () => {
    wakeCount++;
    wakeWaiter?.();
  };
  const stopListening = source.onAppend(wake);

  // A wake-up is acted on after the event loop's pending I/O (setImmediate), not at once: the
  // appends of requests already in flight then land in the same batch, so under load a handler
  // applies several events per transaction instead of one.
  const waitForWake = (seenWakeCount: number) =>
    new Promise<void>((resolve) => {
      if (stopped) return resolve();
      if (wakeCount !== seenWakeCount) return void setImmediate(resolve);
      const timer =
        source.pollIntervalMs === undefined ? undefined : setTimeout(() => wakeWaiter?.(), source.pollIntervalMs);
      timer?.unref();
      wakeWaiter = () => {
        wakeWaiter = null;
        if (timer) clearTimeout(timer);
        if (stopped) resolve();
        else setImmediate(resolve);
      };
    });

  const run = async () => {
    let lastDelivered = fromPosition ?? START;
    while (!stopped) {
      const seenWakeCount = wakeCount;
      const events = await source.readAfter(lastDelivered, source.batchSize);
      if (stopped) return;
      if (events.length === 0) {
        await waitForWake(seenWakeCount);
        continue;
      }
      await handler(events);
      lastDelivered = events[events.length - 1].position;
      // A full batch means more may be waiting. A synchronous store's reads and handlers settle as
      // microtasks, which never let timers or sockets run: without this a cold catch-up of a
      // large log would leave even /healthz unanswered until it ends. The next read still starts
      // strictly after lastDelivered, and only after this handler call settled.
      if (events.length >= source.batchSize && !stopped) await new Promise<void>((resolve) => setImmediate(resolve));
    }
  };

  const finish = (error: Error | null) => {
    stopped = true;
    stopListening();
    wakeWaiter?.();
    if (error) resolveFailed(error);
  };

  const running = run().then(
    () => finish(null),
    (error: unknown) => {
      // Duck-typed: an error thrown by a native addon may come from another realm's Error class.
      const isErrorLike = typeof error === 'object' && error !== null && typeof (error as Error).message === 'string';
      const reason = isErrorLike ? (error as Error) : new Error(String(error));
      source.logger?.error({ err: reason }, 'event store subscription failed');
      finish(reason);
    },
  );

  return {
    failed,
    done: running,
    stop: async () => {
      finish(null);
      await running;
    },
    abort: async (reason: Error) => {
      if (!stopped) finish(reason);
      await running;
    },
  };
};
