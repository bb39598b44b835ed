import type { Logger } from 'pino';
import { systemClock, type Clock } from '../../core/clock';
import type { EventStore } from '../event-store';
import { EventStoreUnavailable } from '../errors';
import { OpenSubscriptions } from '../open-subscriptions';
import { createAppendToStream } from './append-to-stream';
import { createAppendToStreams } from './append-to-streams';
import { findIdempotentAppend } from './find-idempotent-append';
import { head } from './head';
import { openDatabase, type SqliteSynchronous } from './open-database';
import { readAll } from './read-all';
import { readStream } from './read-stream';
import { queryAuditLog } from './query-audit-log';
import type { SqliteLog } from './sqlite-log';
import { prepareStatements } from './statements';
import { subscribeToAll } from './subscribe-to-all';

export type { SqliteSynchronous } from './open-database';
export { DAFTAR_APPLICATION_ID, LATEST_SCHEMA_VERSION } from './schema';

export interface SqliteEventStoreOptions {
  file: string;
  /** NORMAL (default) may lose the last commits on power loss, never on a process crash; FULL loses none. */
  synchronous?: SqliteSynchronous;
  logger?: Logger;
  /** Sets `recordedAt`; a test can make it step back. */
  clock?: Clock;
}

/** The embedded default: one SQLite file in WAL mode, shared safely by several processes. */
export const openSqliteEventStore = async (options: SqliteEventStoreOptions): Promise<EventStore> => {
  const { file, logger } = options;
  const synchronous = options.synchronous ?? 'NORMAL';
  const db = openDatabase(file, synchronous, logger);
  const log: SqliteLog = {
    file,
    db,
    statements: prepareStatements(db),
    clock: options.clock ?? systemClock,
    appendListeners: new Set(),
  };
  const append = createAppendToStream(log);
  const appendToStreams = createAppendToStreams(log);
  const subscriptions = new OpenSubscriptions();
  let closed = false;
  logger?.info({ file, synchronous }, 'SQLite event store opened');

  // better-sqlite3 is synchronous: each operation runs to its end inside the call, in its own transaction.
  const whileOpen = async <T>(operation: () => T): Promise<T> => {
    if (closed) throw new EventStoreUnavailable(`the event store ${file} is closed`);
    return operation();
  };

  return {
    name: 'sqlite',
    appendToStream: (streamId, events, appendOptions) => whileOpen(() => append(streamId, events, appendOptions)),
    appendToStreams: (appends) => whileOpen(() => appendToStreams(appends)),
    readStream: (streamId, readOptions) => whileOpen(() => readStream(log, streamId, readOptions)),
    readAll: (readOptions) => whileOpen(() => readAll(log, readOptions)),
    streamRevision: (streamId) => whileOpen(() => log.statements.streamRevision.get(streamId) ?? null),
    findIdempotentAppend: (lookup) => whileOpen(() => findIdempotentAppend(log, lookup)),
    head: () => whileOpen(() => head(log)),
    queryAuditLog: (filter, page) => whileOpen(() => queryAuditLog(log, filter, page)),
    subscribeToAll: (subscribeOptions, handler) => {
      return subscriptions.track(subscribeToAll(log, subscribeOptions, handler, whileOpen, logger));
    },
    close: async () => {
      if (closed) return;
      closed = true;
      const reason = new EventStoreUnavailable(`the event store ${file} is closed`);
      await subscriptions.abortAll(reason);
      db.close();
      logger?.info({ file }, 'SQLite event store closed');
    },
  };
};
