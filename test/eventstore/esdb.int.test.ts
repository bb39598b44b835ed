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
  // Jest's summary counts skipped tests without naming them: say which and why in the run's output.
  console.info(
    'EventStoreDB conformance suite SKIPPED: EVENTSTORE_CONNECTION_STRING is not set (e.g. esdb://localhost:2113?tls=false with `docker compose up -d eventstore`)',
  );
  it.skip('EventStoreDB conformance: skipped, EVENTSTORE_CONNECTION_STRING is not set', () => undefined);
}
