import { Client } from 'pg';
import type { EventStore, RecordedEvent } from '../../../src/eventstore/event-store';
import { EventStoreUnavailable } from '../../../src/eventstore/errors';
import { openPostgresEventStore } from '../../../src/eventstore/postgres';
import { useEmbeddedPostgres } from '../../support/postgres-database';
import { firstChainBreak, newEvent } from '../sqlite/store-fixtures';
import { asAdmin, pause, POOL_APPLICATION_NAME, terminateBackends, waitForListener, waitUntil } from './backends';
import { appendWithoutNotification } from './raw-log';

const postgres = useEmbeddedPostgres();
let connectionString: string;
let store: EventStore | undefined;

beforeEach(async () => {
  connectionString = await postgres.newSchema();
});
afterEach(async () => {
  await store?.close();
  store = undefined;
});

const positionsOf = (events: RecordedEvent[]) => events.map((event) => event.position);

describe('The PostgreSQL store, when connections fail', () => {
  it('keeps nothing of an append whose connection is lost halfway through its inserts, and appends again on a new connection', async () => {
    store = await openPostgresEventStore({ connectionString });
    await store.appendToStream('meeting-1', [newEvent('MeetingScheduled')]);
    // The second event of the next append waits before its insert, with the first inserted (uncommitted).
    await asAdmin(connectionString, (admin) =>
      admin.query(`
        CREATE FUNCTION pause_before_second_event() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN IF NEW.stream_id = 'meeting-2' AND NEW.revision = 1 THEN PERFORM pg_sleep(30); END IF; RETURN NEW; END $$;
        CREATE TRIGGER pause_before_second_event BEFORE INSERT ON events FOR EACH ROW EXECUTE FUNCTION pause_before_second_event();`),
    );

    const halfway = store.appendToStream('meeting-2', [newEvent('MeetingScheduled'), newEvent('MeetingOpened'), newEvent('MeetingClosed')]);
    const refusal = halfway.then(
      () => null,
      (error: unknown) => error,
    );
    await waitUntil(
      async () => (await terminateBackends(connectionString, `application_name = $1 AND wait_event = 'PgSleep'`, [POOL_APPLICATION_NAME])) === 1,
      'the append to be halfway',
    );

    expect(await refusal).toBeInstanceOf(EventStoreUnavailable);
    await asAdmin(connectionString, (admin) => admin.query('DROP TRIGGER pause_before_second_event ON events'));
    expect(await store.readStream('meeting-2')).toEqual([]);
    expect(positionsOf(await store.readAll())).toEqual(['1']);

    const next = await store.appendToStream('meeting-2', [newEvent('MeetingScheduled'), newEvent('MeetingOpened')], { expectedRevision: 'NO_STREAM' });
    expect(positionsOf(next.events)).toEqual(['2', '3']);
    expect(firstChainBreak(await store.readAll())).toBeNull();
  });

  it('opens new connections for the next calls after the database ended all of its pool’s', async () => {
    store = await openPostgresEventStore({ connectionString });
    for (let i = 0; i < 3; i++) await Promise.all([store.appendToStream(`meeting-${i}`, [newEvent('MeetingScheduled')]), store.readAll()]);
    expect(await terminateBackends(connectionString, 'application_name = $1', [POOL_APPLICATION_NAME])).toBeGreaterThan(0);
    // The pool drops an idle connection once the server's farewell reaches it.
    await pause(500);

    const { events } = await store.appendToStream('meeting-9', [newEvent('MeetingScheduled')]);
    expect(events[0].position).toBe('4');
    expect(positionsOf(await store.readAll())).toEqual(['1', '2', '3', '4']);
  });

  it('with a pool of one connection, appends give it back after each append (a conflict too), so reads are not shut out', async () => {
    store = await openPostgresEventStore({ connectionString, poolSize: 1 });
    await store.appendToStream('meeting-1', [newEvent('MeetingScheduled')], { expectedRevision: 'NO_STREAM' });
    await expect(store.appendToStream('meeting-1', [newEvent('MeetingOpened')], { expectedRevision: 'NO_STREAM' })).rejects.toThrow(/meeting-1/);
    // Reads share the one connection with the appends: none waits for ever.
    const [appended, read] = await Promise.all([
      store.appendToStream('meeting-1', [newEvent('MeetingOpened')], { expectedRevision: 0 }),
      store.readAll(),
      store.appendToStream('meeting-2', [newEvent('MeetingScheduled')], { expectedRevision: 'STREAM_EXISTS' }).catch((error: Error) => error),
    ]);
    expect(appended.position).toBe('2');
    expect(positionsOf(read).length).toBeGreaterThanOrEqual(1);
    expect(positionsOf(await store.readAll())).toEqual(['1', '2']);
    expect(firstChainBreak(await store.readAll())).toBeNull();
  });

  it('follows the log again by itself after the database restarted, and appends on new connections', async () => {
    store = await openPostgresEventStore({ connectionString, pollIntervalMs: 100 });
    const delivered: RecordedEvent[] = [];
    const subscription = store.subscribeToAll({}, (events) => {
      delivered.push(...events);
    });
    let failure: Error | undefined;
    void subscription.failed.then((error) => (failure = error));
    try {
      await store.appendToStream('meeting-1', [newEvent('MeetingScheduled')]);
      await waitUntil(() => delivered.length === 1, 'the first event');
      // Down long enough for the subscription's polls to find nothing listening.
      await postgres.server().restart({ downMs: 600 });

      const { events } = await store.appendToStream('meeting-2', [newEvent('MeetingScheduled')]);
      expect(events[0].position).toBe('2');
      await waitUntil(() => delivered.length === 2, 'the event appended after the restart');
      expect(positionsOf(delivered)).toEqual(['1', '2']);
      expect(failure).toBeUndefined();
    } finally {
      await subscription.stop();
    }
  });

  it('delivers an event whose notification never came, by polling', async () => {
    store = await openPostgresEventStore({ connectionString, pollIntervalMs: 200 });
    const delivered: RecordedEvent[] = [];
    const subscription = store.subscribeToAll({}, (events) => {
      delivered.push(...events);
    });
    const writer = new Client({ connectionString });
    await writer.connect();
    try {
      await waitForListener(connectionString);
      const unannounced = await appendWithoutNotification(writer, 'meeting-1', [newEvent('MeetingScheduled')]);
      await waitUntil(() => delivered.length === 1, 'the unannounced event');
      expect(delivered).toEqual(unannounced);
    } finally {
      await writer.end();
      await subscription.stop();
    }
  });

  it('listens again on a new connection when the listening one is lost, and is woken through it', async () => {
    // Polling far too slow to matter: only a notification can deliver within the test.
    store = await openPostgresEventStore({ connectionString, pollIntervalMs: 600_000 });
    const other = await openPostgresEventStore({ connectionString });
    const delivered: RecordedEvent[] = [];
    const subscription = store.subscribeToAll({}, (events) => {
      delivered.push(...events);
    });
    try {
      const lost = await waitForListener(connectionString);
      expect(await terminateBackends(connectionString, 'pid = $1', [lost])).toBe(1);
      await waitForListener(connectionString, lost);

      const { events } = await other.appendToStream('meeting-1', [newEvent('MeetingScheduled')]);
      await waitUntil(() => delivered.length === 1, 'the event announced on the new connection');
      expect(delivered).toEqual(events);
    } finally {
      await subscription.stop();
      await other.close();
    }
  });
});
