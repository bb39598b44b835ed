import type { Logger } from 'pino';
import type { EventBatchHandler, RecordedEvent, SubscribeOptions } from '../event-store';
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

/** An event as a read of the file gives it back (the same fields, in the same order: the audit log stores it as JSON). */
const asRead = (event: RecordedEvent): RecordedEvent => ({
  eventId: event.eventId,
  type: event.type,
  data: event.data,
  schemaVersion: event.schemaVersion,
  streamId: event.streamId,
  revision: event.revision,
  position: event.position,
  recordedAt: event.recordedAt,
  metadata: event.metadata,
  hash: event.hash,
  previousHash: event.previousHash,
});

/**
 * The last full batch a catch-up read of each log gave back. The projection runner and the
 * snapshot builder catch up side by side, a batch each in turn, so the second asks for the very
 * batch the first has just read: it is handed the same events instead of reading and parsing them
 * again (at a million events, a cold start read the log twice over, 10 s of 140). Only full
 * batches: the log is append-only, so the events after a position, up to a full batch, never
 * change; a short batch ended at the head of then.
 */
const lastFullBatch = new WeakMap<SqliteLog, { after: string; events: readonly RecordedEvent[] }>();

const readBatch = (log: SqliteLog, after: string, maxCount: number): RecordedEvent[] => {
  const known = lastFullBatch.get(log);
  if (known && known.after === after && known.events.length === maxCount) return [...known.events];
  const events = readAll(log, { fromPosition: after, maxCount });
  if (events.length === maxCount) lastFullBatch.set(log, { after, events: [...events] });
  return events;
};

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
): CatchUpSubscription => {
  /**
   * The events this process's appends recorded since the last read, as they were committed (data
   * and metadata already through JSON, as a read gives them back): a read that starts right before
   * the first of them takes them instead of reading back and parsing what was just written. Any gap
   * (an append that handed nothing over, another process's, more than a batch) and the file is read.
   */
  let handed: RecordedEvent[] = [];
  const takeHanded = (position: string, maxCount: number): RecordedEvent[] | null => {
    const after = Number(position);
    let first = 0;
    while (first < handed.length && Number(handed[first].position) <= after) first++;
    const ahead = handed.slice(first);
    if (ahead.length === 0 || Number(ahead[0].position) !== after + 1) return null;
    for (let i = 1; i < ahead.length; i++) if (Number(ahead[i].position) !== after + 1 + i) return null;
    const taken = ahead.slice(0, maxCount);
    handed = ahead.slice(taken.length);
    return taken;
  };
  return startCatchUpSubscription(
    {
      readAfter: (position, maxCount) =>
        whileOpen(() => {
          const taken = takeHanded(position, maxCount);
          if (taken) return taken;
          handed = [];
          return readBatch(log, position, maxCount);
        }),
      onAppend: (wake) => {
        const listener = (recorded?: readonly RecordedEvent[]) => {
          if (recorded && handed.length + recorded.length <= BATCH_SIZE) handed.push(...recorded.map(asRead));
          else handed = [];
          wake();
        };
        log.appendListeners.add(listener);
        return () => log.appendListeners.delete(listener);
      },
      pollIntervalMs: POLL_INTERVAL_MS,
      batchSize: BATCH_SIZE,
      logger,
    },
    options.fromPosition,
    handler,
  );
};
