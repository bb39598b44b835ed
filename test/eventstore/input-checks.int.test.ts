import type { Clock } from '../../src/core/clock';
import type { Actor } from '../../src/core/event';
import type { EventStore, NewEvent } from '../../src/eventstore/event-store';
import { createMemoryEventStore } from '../../src/eventstore/memory';
import { openPostgresEventStore } from '../../src/eventstore/postgres';
import { openSqliteEventStore } from '../../src/eventstore/sqlite';
import { StreamRevisionConflict } from '../../src/eventstore/errors';
import { useEmbeddedPostgres } from '../support/postgres-database';
import { useTempDir } from './temp-event-log';

const tempDir = useTempDir();
const postgres = useEmbeddedPostgres();
let files = 0;

/** The stores that share our input checks and our clock rule (EventStoreDB's adapter has its own). */
const stores: [string, (clock?: Clock) => Promise<EventStore>][] = [
  ['memory', async (clock) => createMemoryEventStore({ clock })],
  ['sqlite', (clock) => openSqliteEventStore({ file: tempDir.path(`checks-${++files}.sqlite`), clock })],
  ['postgres', async (clock) => openPostgresEventStore({ connectionString: await postgres.newSchema(), clock })],
];

const clerk: Actor = { id: 'clerk-1', name: 'منشی', role: 'CLERK' };
const otherClerk: Actor = { id: 'clerk-2', name: 'منشی دوم', role: 'CLERK' };
const event = (overrides: Partial<NewEvent> = {}, actor: Actor = clerk, idempotencyKey?: string): NewEvent => ({
  type: 'OutcomeRecorded',
  data: {},
  metadata: { occurredAt: '2025-01-01T00:00:00.000Z', actor, ...(idempotencyKey !== undefined && { idempotencyKey }) },
  ...overrides,
});

describe.each(stores)('Input checks of the %s store', (_name, openStore) => {
  let store: EventStore;
  beforeEach(async () => {
    store = await openStore();
  });
  afterEach(() => store.close());

  it.each([
    ['an empty stream id', '', [event()], /non-empty string/],
    ['an append without events', 'meeting-1', [], /at least one event/],
    ['an event without a type', 'meeting-1', [event({ type: '' })], /has no type/],
    ['an event without an actor id', 'meeting-1', [event({ metadata: { occurredAt: '2025-01-01T00:00:00.000Z', actor: { ...clerk, id: '' } } })], /actor\.id/],
    ['a schema version below 1', 'meeting-1', [event({ schemaVersion: 0 })], /schemaVersion 0/],
    ['events with different idempotency keys', 'meeting-1', [event({}, clerk, 'a'), event({}, clerk, 'b')], /same actor and idempotency key/],
    ['events of different actors under one key', 'meeting-1', [event({}, clerk, 'a'), event({}, otherClerk, 'a')], /same actor and idempotency key/],
    ['a key on some events only', 'meeting-1', [event({}, clerk, 'a'), event()], /all carry the idempotency key/],
  ])('refuses %s and appends nothing', async (_case, streamId, events, message) => {
    await expect(store.appendToStream(streamId, events)).rejects.toThrow(message);
    expect(await store.head()).toBeNull();
  });

  it.each([
    ['a negative revision', -1],
    ['a fractional revision', 0.5],
    ['an unknown form', 'SOMETHING' as 'ANY'],
  ])('refuses an expected revision no stream can be at (%s) as a conflict, appending nothing', async (_case, expectedRevision) => {
    await expect(store.appendToStream('meeting-1', [event()], { expectedRevision })).rejects.toThrow(StreamRevisionConflict);
    expect(await store.head()).toBeNull();
  });

  it.each([
    ['a negative maxCount', { maxCount: -1 }, /maxCount/],
    ['a fractional maxCount', { maxCount: 1.5 }, /maxCount/],
    ['an untilRecordedAt that is no date', { untilRecordedAt: 'yesterday' }, /untilRecordedAt/],
    ['a position that is not ours', { fromPosition: '12/7' }, /fromPosition/],
    ['an unknown direction', { direction: 'sideways' as 'forwards' }, /direction/],
  ])('refuses to read with %s', async (_case, options, message) => {
    await expect(store.readAll(options)).rejects.toThrow(message);
  });

  it('refuses a negative fromRevision', async () => {
    await expect(store.readStream('meeting-1', { fromRevision: -1 })).rejects.toThrow(/fromRevision/);
  });

  it('keeps data of any JSON shape as it was given: a string, a number, null, NUL characters and lone surrogates', async () => {
    const shapes = ['a string "quoted" \\ with a backslash', 42.5, null, ['x', { nested: 'نشست' }], { nul: 'a\u0000b', lone: '\ud800', emoji: '🇮🇷' }];
    const { events } = await store.appendToStream('meeting-1', shapes.map((data) => event({ data })));
    expect(events.map((recorded) => recorded.data)).toEqual(shapes);
    expect((await store.readStream('meeting-1')).map((recorded) => recorded.data)).toEqual(shapes);
    expect(await store.readAll()).toEqual(events);
  });

  it('accepts untilRecordedAt with an offset, as the same instant', async () => {
    const clock = { now: () => new Date('2025-06-01T10:00:00.000Z') };
    const timed = await openStore(clock);
    try {
      await timed.appendToStream('meeting-1', [event()]);
      expect(await timed.readAll({ untilRecordedAt: '2025-06-01T13:30:00+03:30' })).toHaveLength(1);
      expect(await timed.readAll({ untilRecordedAt: '2025-06-01T13:29:59.999+03:30' })).toHaveLength(0);
    } finally {
      await timed.close();
    }
  });

  it('reuses the last recordedAt when the clock steps back', async () => {
    let now = new Date('2025-06-01T10:00:00.000Z');
    const timed = await openStore({ now: () => now });
    try {
      await timed.appendToStream('meeting-1', [event()]);
      now = new Date('2025-06-01T09:00:00.000Z');
      const { events } = await timed.appendToStream('meeting-1', [event()]);
      expect(events[0].recordedAt).toBe('2025-06-01T10:00:00.000Z');
    } finally {
      await timed.close();
    }
  });

  it('refuses every operation once closed, with EventStoreUnavailable', async () => {
    await store.close();
    await expect(store.readAll()).rejects.toThrow(/closed/);
    await expect(store.appendToStream('meeting-1', [event()])).rejects.toMatchObject({ name: 'EventStoreUnavailable' });
    const subscription = store.subscribeToAll({}, () => undefined);
    await expect(subscription.failed).resolves.toMatchObject({ name: 'EventStoreUnavailable' });
    store = await openStore();
  });
});
