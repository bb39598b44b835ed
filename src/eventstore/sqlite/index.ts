import type { Logger } from 'pino';
import { systemClock, type Clock } from '../../core/clock';
import type { EventStore } from '../event-store';
import { EventLogDamaged, EventStoreUnavailable } from '../errors';
import { isDamage } from '../file-problems';
import { OpenSubscriptions } from '../open-subscriptions';
import { createAppendToStream } from './append-to-stream';
import { createAppendToStreams } from './append-to-streams';
import { findIdempotentAppend } from './find-idempotent-append';
import { createGroupCommit } from './group-commit';
import { head } from './head';
import { openDatabase, openDatabaseReadOnly, type SqliteSynchronous } from './open-database';
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
  /**
   * For the commands that only read (export, replay) while a server may own the folder: nothing is
   * written, not even a migration, and an append is refused.
   */
  readOnly?: boolean;
}

/**
 * The embedded default: one SQLite file in WAL mode. One process writes to it (the owner of its
 * DATA_DIR, see data-dir-owner.ts); others may read it read-only meanwhile. Two writing connections
 * stay correct (each append is one IMMEDIATE transaction), but their read models would not.
 */
export const openSqliteEventStore = async (options: SqliteEventStoreOptions): Promise<EventStore> => {
  const { file, logger, readOnly = false } = options;
  const synchronous = options.synchronous ?? 'NORMAL';
  const db = readOnly ? openDatabaseReadOnly(file) : openDatabase(file, synchronous, logger);
  const log: SqliteLog = {
    file,
    db,
    statements: prepareStatements(db),
    clock: options.clock ?? systemClock,
    appendListeners: new Set(),
  };
  const groupCommit = createGroupCommit(db);
  const append = createAppendToStream(log, groupCommit);
  const appendToStreams = createAppendToStreams(log, groupCommit);
  const subscriptions = new OpenSubscriptions();
  let closed = false;
  logger?.info({ file, synchronous, readOnly }, 'SQLite event store opened');

  const readOnlyRefusal = () => new EventStoreUnavailable(`the event store ${file} was opened read-only: nothing can be appended`);

  // better-sqlite3 is synchronous: a read runs to its end inside the call; an append waits for its group's commit.
  const whileOpen = async <T>(operation: () => T | Promise<T>, afterPosition: string | null = null): Promise<T> => {
    if (closed) throw new EventStoreUnavailable(`the event store ${file} is closed`);
    try {
      return await operation();
    } catch (error) {
      if (isDamage(error))
        throw new EventLogDamaged(
          `the event log ${file} is damaged where this read went${afterPosition === null ? '' : ` (after position ${afterPosition})`}: ${(error as Error).message}`,
          afterPosition,
          { cause: error },
        );
      throw error;
    }
  };

  return {
    name: 'sqlite',
    appendToStream: (streamId, events, appendOptions) =>
      whileOpen(() => {
        if (readOnly) throw readOnlyRefusal();
        return append(streamId, events, appendOptions);
      }),
    appendToStreams: (appends) =>
      whileOpen(() => {
        if (readOnly) throw readOnlyRefusal();
        return appendToStreams(appends);
      }),
    readStream: (streamId, readOptions) => whileOpen(() => readStream(log, streamId, readOptions)),
    readAll: (readOptions) =>
      whileOpen(() => readAll(log, readOptions), readOptions?.direction === 'backwards' ? null : (readOptions?.fromPosition ?? '0')),
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
      // Appends already asked for are written, and their callers told, before the file closes.
      groupCommit.flush();
      const reason = new EventStoreUnavailable(`the event store ${file} is closed`);
      await subscriptions.abortAll(reason);
      db.close();
      logger?.info({ file }, 'SQLite event store closed');
    },
  };
};
