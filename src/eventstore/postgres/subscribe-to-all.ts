import type { EventBatchHandler, RecordedEvent, SubscribeOptions } from '../event-store';
import { startCatchUpSubscription, type CatchUpSubscription } from '../catch-up-subscription';
import type { AppendNotifications } from './append-notifications';
import { isUnavailable } from './database-errors';
import type { PostgresLog } from './postgres-log';
import { readAll } from './read-all';

/** Events read (and handed to the handler) at a time while catching up: as for SQLite. */
const BATCH_SIZE = 2_000;
/** Looks for new events this often even without a notification (one lost, or the listener down). */
export const DEFAULT_POLL_INTERVAL_MS = 1_000;
/** How long a subscription waits before it reads again after the database could not be reached. */
const RETRY_INTERVAL_MS = 1_000;

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms).unref());

/**
 * Appends commit one at a time in position order (the append lock, schema.ts), so a read strictly
 * after the last delivered position can never skip an event that commits later: there is none
 * below a position already visible. Woken by this process's appends at once, by other processes'
 * through LISTEN/NOTIFY, and by polling when neither comes.
 *
 * A read that fails because the database cannot be reached (restarting, failing over, the network)
 * is tried again until it succeeds or the subscription ends: the read models then follow the log
 * again by themselves, where a failed subscription would leave them behind until a restart.
 */
export const subscribeToAll = (
  log: PostgresLog,
  notifications: AppendNotifications,
  options: SubscribeOptions,
  handler: EventBatchHandler,
  whileOpen: <T>(operation: () => Promise<T>) => Promise<T>,
  isClosed: () => boolean,
  pollIntervalMs = DEFAULT_POLL_INTERVAL_MS,
): CatchUpSubscription => {
  let ended = false;
  const over = () => ended || isClosed();

  const readAfter = async (position: string, maxCount: number): Promise<RecordedEvent[]> => {
    for (let failures = 0; ; failures++) {
      try {
        return await whileOpen(() => readAll(log.pool, { fromPosition: position, maxCount }));
      } catch (error) {
        if (over() || !isUnavailable(error)) throw error;
        if (failures === 0) log.logger?.warn({ err: error }, 'the event store cannot be read: the subscription tries again until it can');
        const retryAt = Date.now() + Math.min(pollIntervalMs, RETRY_INTERVAL_MS);
        while (Date.now() < retryAt && !over()) await pause(50);
        // Ended meanwhile: nothing more to deliver, the loop stops on its own.
        if (ended) return [];
      }
    }
  };

  const subscription = startCatchUpSubscription(
    {
      readAfter,
      onAppend: (wake) => {
        log.appendListeners.add(wake);
        const stopNotifications = notifications.onAppend(wake);
        return () => {
          log.appendListeners.delete(wake);
          stopNotifications();
        };
      },
      pollIntervalMs,
      batchSize: BATCH_SIZE,
      logger: log.logger,
    },
    options.fromPosition,
    handler,
  );
  return {
    ...subscription,
    stop: () => {
      ended = true;
      return subscription.stop();
    },
    abort: (reason) => {
      ended = true;
      return subscription.abort(reason);
    },
  };
};
