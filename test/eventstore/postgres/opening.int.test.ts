import { createServer } from 'node:net';
import { EventStoreUnavailable } from '../../../src/eventstore/errors';
import type { EventStore } from '../../../src/eventstore/event-store';
import { openEventStore } from '../../../src/eventstore/open-event-store';
import { LATEST_SCHEMA_VERSION, MIGRATIONS_TABLE, openPostgresEventStore } from '../../../src/eventstore/postgres';
import { useEmbeddedPostgres } from '../../support/postgres-database';
import { newEvent } from '../sqlite/store-fixtures';
import { useTempDir } from '../temp-event-log';
import { asAdmin } from './backends';

const postgres = useEmbeddedPostgres();
const tempDir = useTempDir();

/** A port that was just free: nothing listens there, so a connection is refused at once. */
const closedPort = async (): Promise<number> => {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no TCP port was assigned');
  return address.port;
};

const refusalOf = (opening: Promise<EventStore>): Promise<Error> =>
  opening.then(
    async (store) => {
      await store.close();
      throw new Error('the store opened');
    },
    (error: Error) => error,
  );

describe('Opening the PostgreSQL store', () => {
  it('creates its schema on an empty database and records the version in its one migrations table', async () => {
    const connectionString = await postgres.newSchema();
    const store = await openPostgresEventStore({ connectionString });
    await store.close();
    const migrations = await asAdmin(connectionString, async (admin) => (await admin.query(`SELECT version, description FROM ${MIGRATIONS_TABLE}`)).rows);
    expect(migrations).toEqual([
      { version: 1, description: expect.any(String) },
      { version: 2, description: expect.stringContaining('business time') },
      { version: LATEST_SCHEMA_VERSION, description: expect.stringContaining('single event') },
    ]);
    expect(LATEST_SCHEMA_VERSION).toBe(3);
  });

  it('lets several nodes start at once on an empty database: one migrates, the others find it done', async () => {
    const connectionString = await postgres.newSchema();
    const stores = await Promise.all(Array.from({ length: 4 }, () => openPostgresEventStore({ connectionString })));
    try {
      await Promise.all(stores.map((store, n) => store.appendToStream(`meeting-${n}`, [newEvent('MeetingScheduled')])));
      expect((await stores[0].readAll()).map((event) => event.position)).toEqual(['1', '2', '3', '4']);
    } finally {
      await Promise.all(stores.map((store) => store.close()));
    }
    const versions = await asAdmin(connectionString, async (admin) => (await admin.query(`SELECT version FROM ${MIGRATIONS_TABLE}`)).rows);
    expect(versions).toHaveLength(LATEST_SCHEMA_VERSION);
  });

  it('indexes a version-1 database by business time in place, every event kept, and filters on it', async () => {
    const connectionString = await postgres.newSchema();
    const first = await openPostgresEventStore({ connectionString });
    const happened = (type: string, occurredAt: string) => ({ ...newEvent(type), metadata: { ...newEvent(type).metadata, occurredAt } });
    await first.appendToStream('organization-o1', [happened('OrganizationRegistered', '2016-08-22T10:00:00.000Z')]);
    await first.appendToStream('organization-o1', [happened('OrganizationRenamed', '2025-03-21T08:30:00.000Z')]);
    await first.appendToStream('meeting-m1', [happened('MeetingScheduled', '2016-03-20T20:30:00.000Z')]);
    const events = await first.readAll();
    await first.close();
    // The database as version 1 left it: version 2 only adds the index, version 3 a function.
    await asAdmin(connectionString, async (admin) => {
      await admin.query('DROP INDEX events_by_occurred_at');
      await admin.query('DROP FUNCTION daftar_append_one');
      await admin.query(`DELETE FROM ${MIGRATIONS_TABLE} WHERE version >= 2`);
    });
    const indexes = () =>
      asAdmin(connectionString, async (admin) => (await admin.query(`SELECT indexname FROM pg_indexes WHERE tablename = 'events' AND schemaname = current_schema()`)).rows.map((row) => row.indexname));
    expect(await indexes()).not.toContain('events_by_occurred_at');

    const upgraded = await openPostgresEventStore({ connectionString });
    try {
      expect(await indexes()).toContain('events_by_occurred_at');
      expect(await upgraded.readAll()).toEqual(events);
      const inYear1395 = { occurredFrom: '2016-03-19T20:30:00.000Z', occurredTo: '2017-03-20T20:29:59.999Z' };
      const page = await upgraded.queryAuditLog!(inYear1395, { defaultSize: 50 });
      expect(page.events.map((event) => event.type)).toEqual(['OrganizationRegistered', 'MeetingScheduled']);
      // Version 3's one-event append, created in place, chains on from what version 1 wrote.
      const opened = await upgraded.appendToStream('meeting-m1', [happened('MeetingOpened', '2025-03-22T08:00:00.000Z')], { expectedRevision: 0 });
      expect(opened.events[0]).toMatchObject({ position: '4', revision: 1, previousHash: events[2].hash });
    } finally {
      await upgraded.close();
    }
  });

  it('opens again what it wrote, keeping it', async () => {
    const connectionString = await postgres.newSchema();
    const first = await openPostgresEventStore({ connectionString });
    const { events } = await first.appendToStream('meeting-1', [newEvent('MeetingScheduled', { title: 'نشست ۱' })]);
    await first.close();
    const again = await openPostgresEventStore({ connectionString });
    try {
      expect(await again.readAll()).toEqual(events);
      expect((await again.appendToStream('meeting-1', [newEvent('MeetingOpened')], { expectedRevision: 0 })).position).toBe('2');
    } finally {
      await again.close();
    }
  });

  it('refuses a schema newer than it knows, saying to upgrade, and changes nothing', async () => {
    const connectionString = await postgres.newSchema();
    await (await openPostgresEventStore({ connectionString })).close();
    await asAdmin(connectionString, (admin) => admin.query(`INSERT INTO ${MIGRATIONS_TABLE} (version, description) VALUES (99, 'from the future')`));

    const refusal = await refusalOf(openPostgresEventStore({ connectionString }));
    expect(refusal).toBeInstanceOf(EventStoreUnavailable);
    expect(refusal.message).toMatch(new RegExp(`schema version 99, newer than this Daftar knows \\(${LATEST_SCHEMA_VERSION}\\): upgrade Daftar`));
    const versions = await asAdmin(connectionString, async (admin) => (await admin.query(`SELECT version FROM ${MIGRATIONS_TABLE} ORDER BY version`)).rows);
    expect(versions).toEqual([{ version: 1 }, { version: 2 }, { version: 3 }, { version: 99 }]);
  });

  it('refuses a database whose events table is not its own, and leaves it untouched', async () => {
    const connectionString = await postgres.newSchema();
    await asAdmin(connectionString, (admin) => admin.query('CREATE TABLE events (id serial PRIMARY KEY, payload text)'));
    const refusal = await refusalOf(openPostgresEventStore({ connectionString }));
    expect(refusal).toBeInstanceOf(EventStoreUnavailable);
    expect(refusal.message).toMatch(/not a Daftar event store, and was left untouched/);
    const tables = await asAdmin(connectionString, async (admin) =>
      (await admin.query(`SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() ORDER BY table_name`)).rows,
    );
    expect(tables).toEqual([{ table_name: 'events' }]);
  });

  it('refuses a read-only database at start-up', async () => {
    const connectionString = await postgres.newDatabase();
    const name = new URL(connectionString).pathname.slice(1);
    await asAdmin(postgres.server().adminConnectionString, (admin) => admin.query(`ALTER DATABASE ${name} SET default_transaction_read_only = on`));
    const refusal = await refusalOf(openPostgresEventStore({ connectionString }));
    expect(refusal).toBeInstanceOf(EventStoreUnavailable);
    expect(refusal.message).toMatch(/is read-only .*: the event store must be able to write/);
  });

  it('refuses a database that cannot hold Persian text (not UTF8)', async () => {
    const name = `latin1_${process.pid}`;
    await asAdmin(postgres.server().adminConnectionString, (admin) =>
      admin.query(`CREATE DATABASE ${name} ENCODING 'LATIN1' LC_COLLATE 'C' LC_CTYPE 'C' TEMPLATE template0`),
    );
    const refusal = await refusalOf(openPostgresEventStore({ connectionString: postgres.server().connectionStringFor(name) }));
    expect(refusal).toBeInstanceOf(EventStoreUnavailable);
    expect(refusal.message).toMatch(/has encoding LATIN1: the event store needs a UTF8 database/);
  });

  describe('says at start-up why it cannot connect, naming the database without its password', () => {
    const cases: [string, () => Promise<string>, RegExp][] = [
      ['nothing listens at the address', async () => `postgres://daftar:s3cret@127.0.0.1:${await closedPort()}/ledger`, /ECONNREFUSED/],
      ['a wrong password', async () => postgres.server().connectionStringFor('postgres').replace(/:[^:@/]*@/, ':s3cret@'), /password authentication failed/],
      ['a database that does not exist', async () => postgres.server().connectionStringFor('no_such_ledger'), /database "no_such_ledger" does not exist/],
      ['a port that is no number', async () => 'postgres://daftar:s3cret@127.0.0.1:notaport/ledger', /invalid PostgreSQL connection string .*: not a URL/],
      ['another scheme', async () => 'mysql://daftar:s3cret@127.0.0.1:3306/ledger', /not a PostgreSQL connection string/],
    ];
    it.each(cases)('%s', async (_case, connectionStringOf, reason) => {
      const connectionString = await connectionStringOf();
      const refusal = await refusalOf(openPostgresEventStore({ connectionString }));
      expect(refusal).toBeInstanceOf(EventStoreUnavailable);
      expect(refusal.message).toMatch(reason);
      expect(refusal.message).not.toContain('s3cret');
      expect(refusal.message).not.toContain(postgres.server().password);
    });
  });

  it('is what openEventStore opens for a postgres:// or postgresql:// connection string', async () => {
    for (const scheme of ['postgres', 'postgresql']) {
      const connectionString = (await postgres.newSchema()).replace(/^postgres/, scheme);
      const store = await openEventStore({ dataDir: tempDir.path('unused'), eventStoreConnectionString: connectionString });
      try {
        expect(store.name).toBe('postgres');
        expect(store.queryAuditLog).toBeDefined();
      } finally {
        await store.close();
      }
    }
  });
});
