import { openPostgresEventStore } from '../../src/eventstore/postgres';
import { useEmbeddedPostgres } from '../support/postgres-database';
import { describeAuditLogConformance } from './audit-log.conformance';
import { describeEventStoreConformance } from './event-store.conformance';

const postgres = useEmbeddedPostgres();

describe('on PostgreSQL', () => {
  let database = '';
  beforeAll(async () => {
    database = await postgres.newSchema();
  });
  describeEventStoreConformance('postgres', () => openPostgresEventStore({ connectionString: database }));
});

describeAuditLogConformance('PostgreSQL store, from its events table', async (clock) => {
  const store = await openPostgresEventStore({ connectionString: await postgres.newSchema(), clock });
  return { store, query: store.queryAuditLog!.bind(store), caughtUp: async () => {}, close: () => store.close() };
});
