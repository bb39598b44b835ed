import type { Logger } from 'pino';
import type { EventBatchHandler, SubscribeOptions } from '../event-store';
import { startCatchUpSubscription, type CatchUpSubscription } from '../catch-up-subscription';
import { readAll } from './read-all';
import type { SqliteLog } from './sqlite-log';

/**
 * Events read (and handed to the handler) at a time while catching up. Larger batches let a fold
 * write a busy document once for more of its events and commit less often; 2,000 events are a few
 * megabytes. Live, a batch is whatever arrived since the last one.
 */
const BATCH_SIZE = 2_000;
/** Appends of another process on the same file send no wake-up: they are found by looking. */
const POLL_INTERVAL_MS = 250;

/**
 * Positions are handed out under the write lock and committed in that order, so a reader never
 * sees position n + 1 before n: reading strictly after the last delivered position cannot skip one.
 */
export const subscribeToAll = (
  log: SqliteLog,
  options: SubscribeOptions,
  handler: EventBatchHandler,
  whileOpen: <T>(operation: () => T) => Promise<T>,
  logger?: Logger,
): CatchUpSubscription =>
  startCatchUpSubscription(
    {
      readAfter: (position, maxCount) => whileOpen(() => readAll(log, { fromPosition: position, maxCount })),
      onAppend: (wake) => {
        log.appendListeners.add(wake);
        return () => log.appendListeners.delete(wake);
      },
      pollIntervalMs: POLL_INTERVAL_MS,
      batchSize: BATCH_SIZE,
      logger,
    },
    options.fromPosition,
    handler,
  );
