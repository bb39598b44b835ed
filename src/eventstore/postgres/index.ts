import type { Logger } from 'pino';
import { systemClock, type Clock } from '../../core/clock';
import type { EventStore } from '../event-store';
import { EventStoreUnavailable } from '../errors';
import { OpenSubscriptions } from '../open-subscriptions';
import { AppendNotifications } from './append-notifications';
import { createAppendToStream } from './append-to-stream';
import { appendToStreams } from './append-to-streams';
import { explainFault, redacted } from './database-errors';
import { findIdempotentAppend } from './find-idempotent-append';
import { head } from './head';
import { openPool, poolConfigOf } from './open-pool';
import type { PostgresLog } from './postgres-log';
import { queryAuditLog } from './query-audit-log';
import { readAll } from './read-all';
import { readStream, streamRevision } from './read-stream';
import { subscribeToAll } from './subscribe-to-all';

export { APPEND_LOCK, APPENDED_CHANNEL, MIGRATION_LOCK } from './advisory-locks';
export { LISTENER_APPLICATION_NAME } from './append-notifications';
export { LATEST_SCHEMA_VERSION, MIGRATIONS_TABLE } from './schema';

export interface PostgresEventStoreOptions {
  /** `postgres://user:password@host:5432/database`; see docs/deployment.md. */
  connectionString: string;
  logger?: Logger;
  /** Sets `recordedAt`; a test can make it step back. */
  clock?: Clock;
  /** Connections the store holds at most (default 10), besides the one listening for appends. */
  poolSize?: number;
  /** How often subscriptions look for new events when no notification came (ms, default 1,000). */
  pollIntervalMs?: number;
}

/**
 * The event log in a PostgreSQL database, shared safely by any number of Daftar processes: appends
 * are serialised by a transaction-scoped advisory lock, so positions are gap-free and commit in
 * order, and the hash chain has one head (see schema.ts).
 */
export const openPostgresEventStore = async (options: PostgresEventStoreOptions): Promise<EventStore> => {
  const { logger } = options;
  const description = redacted(options.connectionString);
  const config = poolConfigOf(options.connectionString, options.poolSize);
  const pool = await openPool(config, description, logger);
  const log: PostgresLog = { pool, description, clock: options.clock ?? systemClock, appendListeners: new Set(), logger };
  const appends = createAppendToStream(log);
  const notifications = new AppendNotifications(config, logger);
  const subscriptions = new OpenSubscriptions();
  let closed = false;
  logger?.info({ database: description }, 'PostgreSQL event store opened');

  const closedError = () => new EventStoreUnavailable(`the event store at ${description} is closed`);
  // A database that went away mid-call is said in the port's terms; the pool reconnects for the next one.
  const whileOpen = async <T>(operation: () => Promise<T>): Promise<T> => {
    if (closed) throw closedError();
    try {
      return await operation();
    } catch (error) {
      throw explainFault(description, error);
    }
  };

  return {
    name: 'postgres',
    appendToStream: (streamId, events, appendOptions) => whileOpen(() => appends.append(streamId, events, appendOptions)),
    appendToStreams: (streamAppends) => whileOpen(() => appendToStreams(log, streamAppends)),
    readStream: (streamId, readOptions) => whileOpen(() => readStream(pool, streamId, readOptions)),
    readAll: (readOptions) => whileOpen(() => readAll(pool, readOptions)),
    streamRevision: (streamId) => whileOpen(() => streamRevision(pool, streamId)),
    findIdempotentAppend: (lookup) => whileOpen(() => findIdempotentAppend(pool, lookup)),
    head: () => whileOpen(() => head(pool)),
    queryAuditLog: (filter, page) => whileOpen(() => queryAuditLog(log, filter, page)),
    subscribeToAll: (subscribeOptions, handler) =>
      subscriptions.track(subscribeToAll(log, notifications, subscribeOptions, handler, whileOpen, () => closed, options.pollIntervalMs)),
    close: async () => {
      if (closed) return;
      closed = true;
      await appends.close();
      await subscriptions.abortAll(closedError());
      await notifications.close();
      await pool.end();
      logger?.info({ database: description }, 'PostgreSQL event store closed');
    },
  };
};
