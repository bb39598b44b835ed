import { join } from 'node:path';
import type { Logger } from 'pino';
import type { EventStore } from './event-store';
import { ensureDataDir } from './data-dir';
import { openSqliteEventStore, type SqliteSynchronous } from './sqlite';

export interface OpenEventStoreOptions {
  dataDir: string;
  sqliteSynchronous?: SqliteSynchronous;
  /** When set, EventStoreDB replaces the embedded SQLite log. */
  eventStoreConnectionString?: string;
  logger?: Logger;
  /** Only reads (export, replay): nothing is created or written in the data directory. */
  readOnly?: boolean;
}

type OpenEsdbEventStore = (options: { connectionString: string; logger?: Logger }) => EventStore | Promise<EventStore>;

export const SQLITE_EVENT_LOG_FILE = 'events.sqlite';

/** Picks the store the configuration names: EventStoreDB when a connection string is given, else SQLite in the data dir. */
export const openEventStore = async (options: OpenEventStoreOptions): Promise<EventStore> => {
  if (options.eventStoreConnectionString) {
    // Loaded only when asked for, so that the SQLite default never pays for the gRPC client.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { openEsdbEventStore } = require('./esdb') as { openEsdbEventStore: OpenEsdbEventStore };
    return openEsdbEventStore({ connectionString: options.eventStoreConnectionString, logger: options.logger });
  }
  if (!options.readOnly) ensureDataDir(options.dataDir);
  return openSqliteEventStore({
    file: join(options.dataDir, SQLITE_EVENT_LOG_FILE),
    synchronous: options.sqliteSynchronous ?? 'NORMAL',
    logger: options.logger,
    readOnly: options.readOnly,
  });
};
