import { join } from 'node:path';
import type { Logger } from 'pino';
import type { EventStore } from './event-store';
import { asEsdbConnectionString, CONNECTION_STRING_FORMS, storeKindOf } from './connection-string';
import { EventStoreUnavailable } from './errors';
import { ensureDataDir } from './data-dir';
import { openSqliteEventStore, type SqliteSynchronous } from './sqlite';

export interface OpenEventStoreOptions {
  dataDir: string;
  sqliteSynchronous?: SqliteSynchronous;
  /** When set, EventStoreDB (esdb://, kurrentdb://) or PostgreSQL (postgres://) replaces the embedded SQLite log. */
  eventStoreConnectionString?: string;
  logger?: Logger;
  /** Only reads (export, replay): nothing is created or written in the data directory. */
  readOnly?: boolean;
}

type OpenConnectedEventStore = (options: { connectionString: string; logger?: Logger }) => EventStore | Promise<EventStore>;

export const SQLITE_EVENT_LOG_FILE = 'events.sqlite';

/**
 * The adapter of a connected store, loaded only when asked for: the SQLite default never pays for
 * the gRPC or PostgreSQL client.
 */
const connectedStore = (connectionString: string, logger: Logger | undefined): EventStore | Promise<EventStore> => {
  switch (storeKindOf(connectionString)) {
    case 'esdb': {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { openEsdbEventStore } = require('./esdb') as { openEsdbEventStore: OpenConnectedEventStore };
      return openEsdbEventStore({ connectionString: asEsdbConnectionString(connectionString), logger });
    }
    case 'postgres': {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { openPostgresEventStore } = require('./postgres') as { openPostgresEventStore: OpenConnectedEventStore };
      return openPostgresEventStore({ connectionString, logger });
    }
    default:
      throw new EventStoreUnavailable(
        `the event store connection string names no store Daftar knows: it must start with ${CONNECTION_STRING_FORMS}`,
      );
  }
};

/** Picks the store the configuration names: the one its connection string names, else SQLite in the data dir. */
export const openEventStore = async (options: OpenEventStoreOptions): Promise<EventStore> => {
  if (options.eventStoreConnectionString) return connectedStore(options.eventStoreConnectionString, options.logger);
  if (!options.readOnly) ensureDataDir(options.dataDir);
  return openSqliteEventStore({
    file: join(options.dataDir, SQLITE_EVENT_LOG_FILE),
    synchronous: options.sqliteSynchronous ?? 'NORMAL',
    logger: options.logger,
    readOnly: options.readOnly,
  });
};
