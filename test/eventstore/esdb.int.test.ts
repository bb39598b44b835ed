import type { EventStore } from '../../src/eventstore/event-store';
import { describeEventStoreConformance } from './event-store.conformance';

const connectionString = process.env.EVENTSTORE_CONNECTION_STRING;

if (connectionString) {
  // Loaded only here, so that without a server the gRPC client is never required.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { openEsdbEventStore } = require('../../src/eventstore/esdb') as {
    openEsdbEventStore: (options: { connectionString: string }) => Promise<EventStore>;
  };
  describeEventStoreConformance('esdb', () => openEsdbEventStore({ connectionString }));
} else {
  it.skip('EventStoreDB conformance: skipped, EVENTSTORE_CONNECTION_STRING is not set', () => undefined);
}
