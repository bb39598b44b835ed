import { createMemoryEventStore } from '../../src/eventstore/memory';
import { openSqliteEventStore } from '../../src/eventstore/sqlite';
import type { EventStore } from '../../src/eventstore/event-store';
import { describeAuditLogConformance } from './audit-log.conformance';
import { useTempDir } from './temp-event-log';

const tempDir = useTempDir('daftar-audit-log-');

const answeredByStore = (store: EventStore) => ({
  store,
  query: store.queryAuditLog!.bind(store),
  caughtUp: async () => {},
  close: () => store.close(),
});

describeAuditLogConformance('SQLite store, from its events table', async (clock) =>
  answeredByStore(await openSqliteEventStore({ file: tempDir.path('events.sqlite'), clock })),
);

describeAuditLogConformance('memory store', async (clock) => answeredByStore(createMemoryEventStore({ clock })));
