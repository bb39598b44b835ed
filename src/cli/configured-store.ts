import { loadConfig, type Config } from '../config';
import { silentLogger } from '../logger';
import { openEventStore } from '../eventstore/open-event-store';
import type { EventStore } from '../eventstore/event-store';

/** The configuration from the environment and the event store it names, opened with a silent logger: what the command writes is all it writes. */
export const openConfiguredStore = async (): Promise<{ config: Config; store: EventStore }> => {
  const config = loadConfig();
  const store = await openEventStore({
    dataDir: config.DATA_DIR,
    sqliteSynchronous: config.SQLITE_SYNCHRONOUS,
    eventStoreConnectionString: config.EVENTSTORE_CONNECTION_STRING,
    logger: silentLogger,
  });
  return { config, store };
};
