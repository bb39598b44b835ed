import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { EventStore, RecordedEvent } from '../../src/eventstore/event-store';
import { openSqliteEventStore } from '../../src/eventstore/sqlite';
import { silentLogger } from '../../src/logger';
import { projections } from '../../src/read-models';
import { streamIdOf } from '../../src/core/streams';
import type { DocumentQuery, ReadModelStore } from '../../projections/read-model-store';
import type { KeysetPosition, KeysetWindow } from '../../projections/keyset';
import { buildReadModelsAt, readModelsAtPoint } from '../../projections/read-models-at';
import { entityStoreAt } from '../../projections/entity-at';
import { SnapshotStore } from '../../projections/snapshots/snapshot-store';
import { Snapshotter } from '../../projections/snapshots/snapshotter';
import { steppingClock } from '../../bench/synthetic-log';
import { writeScaleLog } from '../../bench/scale-log';
import { useTempDir } from '../eventstore/temp-event-log';

const dir = useTempDir('daftar-as-of-lists-');

const openLog = (name: string) =>
  openSqliteEventStore({ file: dir.path(`${name}.events.sqlite`), clock: steppingClock(new Date('2024-03-20T00:00:00Z'), 1_000) });

const snapshotterOn = async (store: EventStore, snapshots: SnapshotStore, every: number) => {
  const snapshotter = new Snapshotter(store, snapshots, projections, every, silentLogger);
  await snapshotter.start();
  await snapshotter.caughtUpTo((await store.head())!.position);
  return snapshotter;
};

/** Every page of a list, read forwards by cursor, and its last page read from the end: ids, totals and flags. */
const pagesOf = (readModels: ReadModelStore, collection: string, query: DocumentQuery, size = 7) => {
  const pages: unknown[] = [];
  let after: KeysetPosition | undefined;
  for (;;) {
    const window: KeysetWindow = { size, fromEnd: false, ...(after && { after }) };
    const page = readModels.page<{ id: string }>(collection, query, window);
    pages.push({ ids: page.items.map(({ item }) => item.id), positions: page.items.map(({ position }) => position), more: page.more, beyond: page.beyond, total: page.totalCount });
    if (!page.more) break;
    after = page.items.at(-1)!.position;
  }
  const last = readModels.page<{ id: string }>(collection, query, { size, fromEnd: true });
  pages.push({ last: last.items.map(({ item }) => item.id), more: last.more });
  const found = readModels.find<{ id: string }>(collection, query);
  pages.push({ find: found.docs.map((doc) => doc.id), total: found.totalCount, count: readModels.count(collection, query) });
  return pages;
};

const copiedOf = (readModels: ReadModelStore, collection: string) =>
  readModels.db.prepare('SELECT count(*) FROM main.documents WHERE collection = ?').pluck().get(collection) as number;

describe('lists as of a point read from the snapshot file’s index, overlaid with what was folded since', () => {
  let store: EventStore;
  let snapshots: SnapshotStore;
  let snapshotter: Snapshotter;
  let events: RecordedEvent[];

  beforeAll(async () => {
    store = await openLog('scale');
    await writeScaleLog(store, { events: 1_500, seed: 11 });
    events = await store.readAll();
    snapshots = new SnapshotStore(dir.path('scale.snapshots.sqlite'), { projections });
    snapshotter = await snapshotterOn(store, snapshots, 100);
  }, 120_000);

  afterAll(async () => {
    await snapshotter.stop();
    snapshots.close();
    await store.close();
  });

  const queries: [string, DocumentQuery][] = [
    ['meetings', {}],
    ['meetings', { filters: [{ path: '$.state.status', equals: 'CLOSED' }] }],
    ['meetings', { filters: [{ path: '$.state.status', in: ['SCHEDULED', 'IN_SESSION'] }] }],
    ['meetings', { filters: [{ path: '$.state.scheduledStart', gte: '2024-03-20T06:00:00.000Z' }] }],
    ['organizations', { filters: [{ path: '$.state.kind', equals: 'PROVINCE' }] }],
    ['organizations', {}],
    ['resolutions', { filters: [{ path: '$.state.status', equals: 'ADOPTED' }] }],
    ['resolutions', { filters: [{ path: '$.state.status', isNull: false }] }],
    ['meetingOutcomes', { filters: [{ path: '$.status', equals: 'RECORDED' }] }],
  ];

  it('pages, counts and cursors as a fold from the first event does, at points between and on snapshots', async () => {
    expect(snapshots.snapshots().length).toBeGreaterThanOrEqual(10);
    const points = events.filter((_, i) => i % 151 === 0 || i % 300 === 99 || i % 300 === 100 || i === events.length - 1);
    for (const { position: untilPosition } of points) {
      const viaSnapshots = await readModelsAtPoint({ store, projections, snapshots }, { untilPosition });
      const folded = await buildReadModelsAt(store, projections, { untilPosition });
      for (const [collection, query] of queries)
        expect({ untilPosition, collection, query, pages: pagesOf(viaSnapshots, collection, query) }).toEqual({
          untilPosition,
          collection,
          query,
          pages: pagesOf(folded, collection, query),
        });
      // Nothing was copied in: the store holds only what it folded since its snapshot.
      if (Number(untilPosition) > 200) expect(copiedOf(viaSnapshots, 'meetings')).toBeLessThan(copiedOf(folded, 'meetings'));
    }
  }, 300_000);

  it('builds a list’s text index only when a text filter first asks, then filters by text as a fold from the first event does', async () => {
    const tableExists = (readModels: ReadModelStore, name: string) =>
      readModels.db.prepare(`SELECT 1 FROM main.sqlite_schema WHERE name = ?`).get(name) !== undefined;
    const untilPosition = events[1_234].position;
    const reference = await buildReadModelsAt(store, projections, { untilPosition });
    const search = reference.db.prepare(`SELECT search FROM documents WHERE collection = 'meetings' AND length(search) > 12 ORDER BY id LIMIT 1`).pluck().get() as string;
    const withText: DocumentQuery = { text: [...search].slice(3, 8).join(''), filters: [{ path: '$.state.status', in: ['SCHEDULED', 'CLOSED'] }] };
    const expected = pagesOf(reference, 'meetings', withText);
    expect(expected[0]).toMatchObject({ ids: expect.arrayContaining([expect.any(String)]) });
    for (const readModels of [await readModelsAtPoint({ store, projections, snapshots }, { untilPosition }), await buildReadModelsAt(store, projections, { untilPosition })]) {
      pagesOf(readModels, 'meetings', { filters: [{ path: '$.state.status', equals: 'CLOSED' }] });
      expect(tableExists(readModels, 'keys_meetings')).toBe(true);
      expect(tableExists(readModels, 'text_meetings')).toBe(false);
      expect(pagesOf(readModels, 'meetings', withText)).toEqual(expected);
      expect(tableExists(readModels, 'text_meetings')).toBe(true);
    }
  });

  it('reads the snapshot’s keys from an index, in order, without sorting the collection', async () => {
    const viaSnapshots = await readModelsAtPoint({ store, projections, snapshots }, { untilPosition: events[1_234].position });
    viaSnapshots.page('meetings', { filters: [{ path: '$.state.status', equals: 'CLOSED' }] }, { size: 5, fromEnd: false });
    const plan = viaSnapshots.db
      .prepare(
        `EXPLAIN QUERY PLAN SELECT k.id FROM snapshot_file."asof_keys_meetings" k WHERE k.from_ordinal <= 12 AND k.to_ordinal > 12 AND k.k_state_status = 'CLOSED'
          ORDER BY k.k_state_scheduledStart, k.id LIMIT 5`,
      )
      .all() as { detail: string }[];
    expect(plan.map((row) => row.detail).join('\n')).toMatch(/USING COVERING INDEX asof_keys_meetings_0/);
    expect(plan.map((row) => row.detail).join('\n')).not.toMatch(/TEMP B-TREE/);
  });
});

describe('documents changed after the snapshot, in an as-of list', () => {
  const T = '2026-05-01T09:00:00.000Z';
  const actor = { id: 'clerk-1', name: 'منشی', role: 'CLERK' as const };
  const id = (n: number) => `0190c8a0-0000-7000-8000-0000000000${String(n).padStart(2, '0')}`;
  const start = (day: number) => `2026-06-${String(day).padStart(2, '0')}T09:00:00.000Z`;
  let store: EventStore;
  let snapshots: SnapshotStore;
  let snapshotter: Snapshotter;
  let events: RecordedEvent[];

  beforeAll(async () => {
    store = await openLog('moves');
    const append = (n: number, type: string, data: object) =>
      store.appendToStream(streamIdOf('meeting', id(n)), [{ type, data: { meetingId: id(n), ...data }, metadata: { occurredAt: T, actor } }]);
    // Ten meetings: the first snapshot (every 10 events) holds them all SCHEDULED, one a day.
    for (let n = 1; n <= 10; n++) await append(n, 'MeetingScheduled', { title: `نشست ${n}`, location: 'تبریز', scheduledStart: start(n) });
    // Since: one moves from first to last in the order, one to the middle, two leave SCHEDULED (opened, cancelled), two new ones enter.
    await append(1, 'MeetingRescheduled', { scheduledStart: start(28), location: 'تبریز' });
    await append(9, 'MeetingRescheduled', { scheduledStart: start(4), location: 'تبریز' });
    await append(3, 'MeetingOpened', { openedAt: T });
    await append(5, 'MeetingCancelled', { reason: 'لغو', cancelledAt: T });
    await append(11, 'MeetingScheduled', { title: 'نشست ۱۱', location: 'تبریز', scheduledStart: start(2) });
    await append(12, 'MeetingScheduled', { title: 'نشست ۱۲', location: 'تبریز', scheduledStart: start(20) });
    events = await store.readAll();
    snapshots = new SnapshotStore(dir.path('moves.snapshots.sqlite'), { projections });
    snapshotter = await snapshotterOn(store, snapshots, 10);
  });

  afterAll(async () => {
    await snapshotter.stop();
    snapshots.close();
    await store.close();
  });

  it('enter and leave the filter and move in the sort at the point, with exact totals and cursors', async () => {
    expect(snapshots.snapshots().map((snapshot) => snapshot.eventCount)).toEqual([10]);
    const scheduled: DocumentQuery = { filters: [{ path: '$.state.status', equals: 'SCHEDULED' }] };
    const at = await readModelsAtPoint({ store, projections, snapshots }, { untilPosition: events.at(-1)!.position });
    const ids = (readModels: ReadModelStore, query: DocumentQuery, window: KeysetWindow) => readModels.page<{ id: string }>('meetings', query, window);
    const first = ids(at, scheduled, { size: 4, fromEnd: false });
    expect(first.items.map(({ item }) => item.id)).toEqual([id(2), id(11), id(4), id(9)]);
    expect(first.totalCount).toBe(10);
    const second = ids(at, scheduled, { size: 4, fromEnd: false, after: first.items.at(-1)!.position });
    expect(second.items.map(({ item }) => item.id)).toEqual([id(6), id(7), id(8), id(10)]);
    const third = ids(at, scheduled, { size: 4, fromEnd: false, after: second.items.at(-1)!.position });
    expect(third.items.map(({ item }) => item.id)).toEqual([id(12), id(1)]);
    expect(third.more).toBe(false);
    expect(ids(at, {}, { size: 3, fromEnd: true }).items.map(({ item }) => item.id)).toEqual([id(10), id(12), id(1)]);
    expect(at.count('meetings', { filters: [{ path: '$.state.status', equals: 'CANCELLED' }] })).toBe(1);
    expect(at.count('meetings', {})).toBe(12);
    // The documents of the snapshot were read from its index: only those folded since are in the store.
    expect(copiedOf(at, 'meetings')).toBe(6);
    for (const { position: untilPosition } of events) {
      const folded = await buildReadModelsAt(store, projections, { untilPosition });
      const viaSnapshots = await readModelsAtPoint({ store, projections, snapshots }, { untilPosition });
      for (const query of [scheduled, {}])
        expect({ untilPosition, pages: pagesOf(viaSnapshots, 'meetings', query, 3) }).toEqual({ untilPosition, pages: pagesOf(folded, 'meetings', query, 3) });
    }
  });

  it('lists a meeting’s items as of a point from the index too, within that meeting', async () => {
    const untilPosition = events.at(-1)!.position;
    const entity = await entityStoreAt({ store, snapshots, projections }, 'meeting', streamIdOf('meeting', id(1)), id(1), { untilPosition });
    expect(entity.find('meetings', {}).docs.map((doc) => (doc as { id: string }).id)).toEqual([id(1)]);
  });
});

/**
 * The fixture is a scale log of 300 events and the snapshot file main at 59d5de1 (snapshot layout
 * 4: document versions only) sealed over it, a snapshot every 25 events, written by that build's
 * own code (bench/scale-log.ts, Snapshotter, SnapshotStore).
 */
describe('a snapshot file of the layout before (4), upgraded in place', () => {
  const FIXTURE = join(__dirname, 'fixtures', 'snapshots-layout-4');
  let store: EventStore;
  let snapshots: SnapshotStore;

  beforeAll(async () => {
    for (const file of ['events.sqlite', 'snapshots.sqlite']) copyFileSync(join(FIXTURE, file), dir.path(`layout-4.${file}`));
    const old = new Database(dir.path('layout-4.snapshots.sqlite'), { readonly: true });
    expect(old.pragma('user_version', { simple: true })).toBe(4);
    old.close();
    store = await openSqliteEventStore({ file: dir.path('layout-4.events.sqlite') });
    snapshots = new SnapshotStore(dir.path('layout-4.snapshots.sqlite'), { projections });
  });

  afterAll(async () => {
    snapshots.close();
    await store.close();
  });

  it('keeps its snapshots and builds the list keys of each from its document versions', async () => {
    expect(snapshots.upgradedFromLayout).toBe(4);
    expect(snapshots.db.pragma('user_version', { simple: true })).toBe(5);
    expect(snapshots.snapshots()).toHaveLength(12);
    expect(snapshots.progress()).toMatchObject({ eventCount: 300, every: 25 });
    const built = snapshots.db.prepare('SELECT collection FROM list_indexes ORDER BY collection').pluck().all();
    expect(built).toEqual(projections.filter((projection) => projection.index).map((projection) => projection.collection).sort());
    const events = await store.readAll();
    for (const { position: untilPosition } of events.filter((_, i) => i % 23 === 0 || i % 25 === 24 || i === events.length - 1)) {
      const viaSnapshots = await readModelsAtPoint({ store, projections, snapshots }, { untilPosition });
      const folded = await buildReadModelsAt(store, projections, { untilPosition });
      for (const [collection, query] of [
        ['meetings', { filters: [{ path: '$.state.status', equals: 'CLOSED' }] }],
        ['meetings', {}],
        ['organizations', { filters: [{ path: '$.state.kind', equals: 'PROVINCE' }] }],
        ['meetingOutcomes', { filters: [{ path: '$.status', in: ['RECORDED', 'AMENDED'] }] }],
      ] as [string, DocumentQuery][])
        expect({ untilPosition, collection, pages: pagesOf(viaSnapshots, collection, query) }).toEqual({ untilPosition, collection, pages: pagesOf(folded, collection, query) });
      expect(copiedOf(viaSnapshots, 'meetings')).toBeLessThanOrEqual(copiedOf(folded, 'meetings'));
    }
  }, 120_000);

  it('then seals later snapshots into the same keys, one interval at a time', async () => {
    await writeScaleLog(store, { events: 200, seed: 6 });
    const snapshotter = await snapshotterOn(store, snapshots, 25);
    await snapshotter.stop();
    expect(snapshots.snapshots()).toHaveLength(20);
    const events = await store.readAll();
    for (const { position: untilPosition } of events.filter((_, i) => i >= 290 && (i % 37 === 0 || i === events.length - 1))) {
      const viaSnapshots = await readModelsAtPoint({ store, projections, snapshots }, { untilPosition });
      const folded = await buildReadModelsAt(store, projections, { untilPosition });
      for (const [collection, query] of [
        ['meetings', { filters: [{ path: '$.state.status', equals: 'CLOSED' }] }],
        ['resolutions', {}],
      ] as [string, DocumentQuery][])
        expect({ untilPosition, collection, pages: pagesOf(viaSnapshots, collection, query) }).toEqual({ untilPosition, collection, pages: pagesOf(folded, collection, query) });
    }
  }, 120_000);
});
