import type { EventBatchHandler, SubscribeOptions } from '../event-store';
import { startCatchUpSubscription, type CatchUpSubscription } from '../catch-up-subscription';
import type { AppendNotifications } from './append-notifications';
import type { PostgresLog } from './postgres-log';
import { readAll } from './read-all';

/** Events read (and handed to the handler) at a time while catching up: as for SQLite. */
const BATCH_SIZE = 2_000;
/** Looks for new events this often even without a notification (one lost, or the listener down). */
export const DEFAULT_POLL_INTERVAL_MS = 1_000;

/**
 * Appends commit one at a time in position order (the append lock, schema.ts), so a read strictly
 * after the last delivered position can never skip an event that commits later: there is none
 * below a position already visible. Woken by this process's appends at once, by other processes'
 * through LISTEN/NOTIFY, and by polling when neither comes.
 */
export const subscribeToAll = (
  log: PostgresLog,
  notifications: AppendNotifications,
  options: SubscribeOptions,
  handler: EventBatchHandler,
  whileOpen: <T>(operation: () => Promise<T>) => Promise<T>,
  pollIntervalMs = DEFAULT_POLL_INTERVAL_MS,
): CatchUpSubscription =>
  startCatchUpSubscription(
    {
      readAfter: (position, maxCount) => whileOpen(() => readAll(log.pool, { fromPosition: position, maxCount })),
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
