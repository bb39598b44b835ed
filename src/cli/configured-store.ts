import { loadConfig, type Config } from '../config';
import { silentLogger } from '../logger';
import { openEventStore } from '../eventstore/open-event-store';
import type { EventStore } from '../eventstore/event-store';

/**
 * The configuration from the environment and the event store it names, opened read-only with a
 * silent logger: what the command writes is all it writes, and it may run while a server owns the
 * data directory (it takes no lock, and writes nothing there).
 */
export const openConfiguredStore = async (): Promise<{ config: Config; store: EventStore }> => {
  const config = loadConfig();
  const store = await openEventStore({
    dataDir: config.DATA_DIR,
    sqliteSynchronous: config.SQLITE_SYNCHRONOUS,
    eventStoreConnectionString: config.EVENTSTORE_CONNECTION_STRING,
    logger: silentLogger,
    readOnly: true,
  });
  return { config, store };
};
