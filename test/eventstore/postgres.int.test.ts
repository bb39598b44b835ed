import { createWriteStream } from 'node:fs';
import { finished } from 'node:stream/promises';
import { exportEvents } from '../../src/audit/exports/event-export';
import { verifyExportFile } from '../../src/audit/exports/export-verification';
import { verifyLedger } from '../../src/audit/integrity';
import { openPostgresEventStore } from '../../src/eventstore/postgres';
import { useEmbeddedPostgres } from '../support/postgres-database';
import { describeAuditLogConformance } from './audit-log.conformance';
import { describeEventStoreConformance } from './event-store.conformance';
import { asAdmin } from './postgres/backends';
import { appendSample } from './sqlite/store-fixtures';
import { useTempDir } from './temp-event-log';

const postgres = useEmbeddedPostgres();
const tempDir = useTempDir();

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

describe('The hash chain of the PostgreSQL store, checked as auditors check it', () => {
  it('verifies, exports and verifies offline; a row changed behind the store’s back breaks the chain there', async () => {
    const connectionString = await postgres.newSchema();
    const store = await openPostgresEventStore({ connectionString });
    try {
      const recorded = await appendSample(store);
      expect(await verifyLedger(store)).toMatchObject({ ok: true, checkedEvents: 4, headHash: recorded[3].hash });

      const file = tempDir.path('postgres.ndjson');
      const out = createWriteStream(file);
      await exportEvents(store, 'ndjson', {}, out);
      out.end();
      await finished(out);
      expect(await verifyExportFile(file, { head: recorded[3].hash })).toMatchObject({
        ok: true,
        events: 4,
        store: 'postgres',
        storeSource: 'file',
        links: 'from-genesis',
      });

      await asAdmin(connectionString, (admin) => admin.query(`UPDATE events SET data = '{"text":"بند ۶۵"}' WHERE position = 2`));
      expect(await verifyLedger(store)).toMatchObject({ ok: false, firstBrokenPosition: '2', reason: expect.stringMatching(/altered/) });
    } finally {
      await store.close();
    }
  });
});
