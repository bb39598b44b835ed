import Database from 'better-sqlite3';
import { silentLogger } from '../../src/logger';
import type { EventStore, RecordedEvent } from '../../src/eventstore/event-store';
import { openSqliteEventStore } from '../../src/eventstore/sqlite';
import { projections } from '../../src/read-models';
import { ReadModelStore } from '../../projections/read-model-store';
import { buildReadModelsAt, cachedReadModelsAt, readModelsAtPoint } from '../../projections/read-models-at';
import { SnapshotStore, copySnapshotInto } from '../../projections/snapshots/snapshot-store';
import { Snapshotter } from '../../projections/snapshots/snapshotter';
import { seededRandom, steppingClock, writeSyntheticLog, type SyntheticLog } from '../../bench/synthetic-log';
import { entityAt, entityStoreAt } from '../../projections/entity-at';
import type { Projection } from '../../projections/projection';
import { organizationsProjection } from '../../src/organizations/organizations.projection';
import { regionalGroupsProjection } from '../../src/regional-groups/regional-groups.projection';
import { entityIdOf, streamIdOf } from '../../src/core/streams';
import { ORGANIZATION_CATEGORY } from '../../src/organizations/organization';
import { REGIONAL_GROUP_CATEGORY } from '../../src/regional-groups/regional-group';
import { useTempDir } from '../eventstore/temp-event-log';
import { createMemoryEventStore } from '../../src/eventstore/memory';
import { ProjectionRunner } from '../../projections/projection-runner';
import type { AppliedBatches } from '../../projections/apply-events';
import { writeScaleLog } from '../../bench/scale-log';

const EVERY = 25;
const T0 = '2024-03-20T00:00:00.000Z';
const dir = useTempDir('daftar-snapshots-');

/** Every document of every collection, as plain data: two stores are equal when these are. */
const contentsOf = (readModels: ReadModelStore, of: readonly Projection[] = projections) =>
  Object.fromEntries(of.map(({ collection }) => [collection, readModels.all(collection)]));

const servedAsOf = projections.filter((projection) => projection.servedAsOf !== false);
const liveOnly = projections.filter((projection) => projection.servedAsOf === false);

const openLog = async (name: string) =>
  openSqliteEventStore({ file: dir.path(`${name}.events.sqlite`), clock: steppingClock(new Date('2024-03-20T00:00:00Z'), 1_000) });

const snapshotterOn = async (store: EventStore, snapshots: SnapshotStore, every = EVERY) => {
  const snapshotter = new Snapshotter(store, snapshots, projections, every, silentLogger);
  await snapshotter.start();
  await snapshotter.caughtUpTo((await store.head())!.position);
  return snapshotter;
};

describe('read-model snapshots', () => {
  let store: EventStore;
  let snapshots: SnapshotStore;
  let snapshotter: Snapshotter;
  let events: RecordedEvent[];
  let log: SyntheticLog;

  beforeAll(async () => {
    store = await openLog('main');
    log = await writeSyntheticLog(store, { totalEvents: 700, hotStreamEvents: 150, eventsPerOrganization: 12, maxBatch: 7, seed: 7 });
    events = await store.readAll();
    snapshots = new SnapshotStore(dir.path('main.snapshots.sqlite'), { projections });
    snapshotter = await snapshotterOn(store, snapshots);
  });

  afterAll(async () => {
    await snapshotter.stop();
    snapshots.close();
    await store.close();
  });

  it('seals one snapshot every N events, at exactly the N-th event', () => {
    const taken = snapshots.snapshots();
    expect(taken.map((snapshot) => snapshot.eventCount)).toEqual(
      Array.from({ length: Math.floor(events.length / EVERY) }, (_, index) => (index + 1) * EVERY),
    );
    for (const snapshot of taken) {
      const event = events[snapshot.eventCount - 1];
      expect(snapshot).toMatchObject({ position: event.position, hash: event.hash, recordedAt: event.recordedAt });
    }
  });

  it('keeps only the documents that changed in each interval', () => {
    const versions = snapshots.db.prepare('SELECT count(*) FROM document_versions').pluck().get() as number;
    const documents = snapshots.db.prepare('SELECT count(*) FROM document_keys').pluck().get() as number;
    expect(documents).toBeGreaterThan(20);
    // Strictly fewer rows than "every document in every snapshot" would take.
    expect(versions).toBeLessThan(documents * snapshots.snapshots().length);
  });

  it('holds, at each snapshot, exactly what a fold from the first event gives', async () => {
    for (const snapshot of snapshots.snapshots()) {
      const fromSnapshot = new ReadModelStore(':memory:');
      copySnapshotInto(snapshots.file, snapshot.ordinal, fromSnapshot);
      const folded = await buildReadModelsAt(store, projections, { untilPosition: snapshot.position });
      expect(contentsOf(fromSnapshot)).toEqual(contentsOf(folded));
    }
  });

  it('answers as a fold from the first event does, at random positions and around every boundary', async () => {
    const random = seededRandom(42);
    const positions = new Set<string>();
    for (const snapshot of snapshots.snapshots()) {
      const index = snapshot.eventCount - 1;
      for (const neighbour of [index - 1, index, index + 1]) if (events[neighbour]) positions.add(events[neighbour].position);
    }
    for (let i = 0; i < 30; i++) positions.add(events[Math.floor(random() * events.length)].position);
    positions.add(events[0].position);
    positions.add(events[events.length - 1].position);
    for (const untilPosition of positions) {
      const viaSnapshots = await readModelsAtPoint({ store, projections, snapshots }, { untilPosition });
      const folded = await buildReadModelsAt(store, projections, { untilPosition });
      expect({ untilPosition, ...contentsOf(viaSnapshots) }).toEqual({ untilPosition, ...contentsOf(folded) });
      expect(viaSnapshots.checkpoint()).toBe(untilPosition);
    }
  });

  it('answers as a fold from the first event does, at random recorded times', async () => {
    const random = seededRandom(9);
    const first = Date.parse(events[0].recordedAt);
    const last = Date.parse(events[events.length - 1].recordedAt);
    const times = Array.from({ length: 20 }, () => new Date(first - 5_000 + random() * (last - first + 10_000)).toISOString());
    for (const untilRecordedAt of times) {
      const viaSnapshots = await readModelsAtPoint({ store, projections, snapshots }, { untilRecordedAt });
      const folded = await buildReadModelsAt(store, projections, { untilRecordedAt });
      expect({ untilRecordedAt, ...contentsOf(viaSnapshots) }).toEqual({ untilRecordedAt, ...contentsOf(folded) });
    }
  });

  /** Events of one append share a recorded time: a time names the last event of its append. */
  const lastOfItsAppend = (index: number): RecordedEvent => {
    while (events[index + 1]?.recordedAt === events[index].recordedAt) index++;
    return events[index];
  };

  it('gives one entity as a fold from the first event does, from its snapshot and its own later events', async () => {
    const random = seededRandom(5);
    const entities: { projection: Projection<any>; category: string; id: string }[] = [
      { projection: organizationsProjection, category: ORGANIZATION_CATEGORY, id: log.hotOrganizationId },
      ...log.organizationIds.slice(0, 4).map((id) => ({ projection: organizationsProjection, category: ORGANIZATION_CATEGORY, id })),
      ...log.regionalGroupIds.slice(0, 2).map((id) => ({ projection: regionalGroupsProjection, category: REGIONAL_GROUP_CATEGORY, id })),
    ];
    const points = [
      ...snapshots.snapshots().flatMap((snapshot) => [snapshot.eventCount - 1, snapshot.eventCount].map((index) => events[index]?.position)),
      ...Array.from({ length: 15 }, () => events[Math.floor(random() * events.length)].position),
    ].filter((position): position is string => position !== undefined);
    for (const untilPosition of points) {
      const folded = await buildReadModelsAt(store, projections, { untilPosition });
      for (const { projection, category, id } of entities) {
        const doc = await entityAt({ store, snapshots }, projection, streamIdOf(category, id), id, { untilPosition });
        expect({ untilPosition, id, doc }).toEqual({ untilPosition, id, doc: folded.get(projection.collection, id) });
      }
    }
  });

  it('combines a time and a position: the earlier of the two wins', async () => {
    const early = lastOfItsAppend(100);
    const late = lastOfItsAppend(600);
    const both = await readModelsAtPoint({ store, projections, snapshots }, { untilRecordedAt: late.recordedAt, untilPosition: early.position });
    expect(both.checkpoint()).toBe(early.position);
    const reversed = await readModelsAtPoint({ store, projections, snapshots }, { untilRecordedAt: early.recordedAt, untilPosition: late.position });
    expect(reversed.checkpoint()).toBe(early.position);
  });

  it('is empty before the first event', async () => {
    const before = await readModelsAtPoint({ store, projections, snapshots }, { untilRecordedAt: '2000-01-01T00:00:00Z' });
    expect(contentsOf(before)).toEqual(Object.fromEntries(projections.map(({ collection }) => [collection, []])));
  });

  it('builds a point once and serves paging from the cache', async () => {
    const readModelsAt = cachedReadModelsAt({ store, projections, snapshots }, 2);
    const point = { untilPosition: lastOfItsAppend(333).position };
    const first = await readModelsAt(point);
    expect(await readModelsAt({ untilRecordedAt: lastOfItsAppend(333).recordedAt })).toBe(first);
    await readModelsAt({ untilPosition: events[10].position });
    await readModelsAt({ untilPosition: events[20].position });
    const rebuilt = await readModelsAt(point);
    expect(rebuilt).not.toBe(first);
    expect(contentsOf(rebuilt, servedAsOf)).toEqual(contentsOf(first, servedAsOf));
  });

  it('serves queries from stores that fold only the projections served as of a point, and refuse to read the others', async () => {
    expect(liveOnly.map(({ collection }) => collection).sort()).toEqual(['entities', 'parts']);
    const readModelsAt = cachedReadModelsAt({ store, projections, snapshots });
    for (const event of [events[EVERY * 3 + 4], events[events.length - 2]]) {
      const point = { untilPosition: event.position };
      const served = await readModelsAt(point);
      const everything = await buildReadModelsAt(store, projections, point);
      expect(contentsOf(served, servedAsOf)).toEqual(contentsOf(everything, servedAsOf));
      expect(everything.all('entities').length).toBeGreaterThan(0);
      for (const { collection } of liveOnly) {
        expect(() => served.get(collection, entityIdOf(event.streamId))).toThrow(`${collection} is not kept by this store`);
        expect(() => served.all(collection)).toThrow(`${collection} is not kept by this store`);
      }
      everything.close();
    }
  });
});

describe('the snapshot builder across restarts and changes', () => {
  it('resumes after a restart where it stopped, with the same snapshots a single run takes', async () => {
    const store = await openLog('resume');
    await writeSyntheticLog(store, { totalEvents: 180, hotStreamEvents: 40, eventsPerOrganization: 10, seed: 3 });
    const snapshots = new SnapshotStore(dir.path('resume.snapshots.sqlite'));
    await (await snapshotterOn(store, snapshots)).stop();
    const halfway = snapshots.snapshots().length;
    await writeSyntheticLog(store, { totalEvents: 170, hotStreamEvents: 10, eventsPerOrganization: 10, seed: 4 });
    const resumed = await snapshotterOn(store, snapshots);
    await resumed.stop();

    const fresh = new SnapshotStore(dir.path('resume.fresh.sqlite'));
    await (await snapshotterOn(store, fresh)).stop();
    expect(snapshots.snapshots().length).toBeGreaterThan(halfway);
    expect(snapshots.snapshots()).toEqual(fresh.snapshots());
    const versionsOf = (file: SnapshotStore) =>
      file.db.prepare('SELECT collection, id, ordinal, doc, search FROM document_versions ORDER BY 1, 2, 3').all();
    expect(versionsOf(snapshots)).toEqual(versionsOf(fresh));
    snapshots.close();
    fresh.close();
    await store.close();
  });

  it('rebuilds when the interval changes', async () => {
    const store = await openLog('interval');
    await writeSyntheticLog(store, { totalEvents: 120, hotStreamEvents: 20, seed: 5 });
    const snapshots = new SnapshotStore(dir.path('interval.snapshots.sqlite'));
    await (await snapshotterOn(store, snapshots, 25)).stop();
    expect(snapshots.snapshots().map((snapshot) => snapshot.eventCount)).toEqual([25, 50, 75, 100]);
    await (await snapshotterOn(store, snapshots, 40)).stop();
    expect(snapshots.snapshots().map((snapshot) => snapshot.eventCount)).toEqual([40, 80, 120]);
    snapshots.close();
    await store.close();
  });

  it('distrusts snapshots taken from another log, and still answers correctly', async () => {
    const original = await openLog('original');
    await writeSyntheticLog(original, { totalEvents: 100, hotStreamEvents: 10, seed: 6 });
    const snapshots = new SnapshotStore(dir.path('foreign.snapshots.sqlite'));
    await (await snapshotterOn(original, snapshots)).stop();
    await original.close();

    const replaced = await openLog('replaced');
    await writeSyntheticLog(replaced, { totalEvents: 100, hotStreamEvents: 10, seed: 8 });
    const untilPosition = (await replaced.head())!.position;
    // Before the builder has noticed, an as-of read must not use the foreign snapshot.
    const answered = await readModelsAtPoint({ store: replaced, projections, snapshots }, { untilPosition });
    expect(contentsOf(answered)).toEqual(contentsOf(await buildReadModelsAt(replaced, projections, { untilPosition })));
    await (await snapshotterOn(replaced, snapshots)).stop();
    const [first] = snapshots.snapshots();
    const [event] = await replaced.readAll({ untilPosition: first.position, direction: 'backwards', maxCount: 1 });
    expect(first.hash).toBe(event.hash);
    snapshots.close();
    await replaced.close();
  });
});

describe('snapshots taken over from the live runner', () => {
  /** Every row of the snapshot file, in a fixed order: two builders agree when these are equal. */
  const rowsOf = (snapshots: SnapshotStore) =>
    Object.fromEntries(
      ['snapshots ORDER BY ordinal', 'document_keys ORDER BY collection, id', 'document_versions ORDER BY collection, id, ordinal', 'pending_documents ORDER BY collection, id'].map(
        (table) => [table, snapshots.db.prepare(`SELECT * FROM ${table}`).all()],
      ),
    );

  /**
   * Appends of one event each, a few asked for together now and then (the store commits them as
   * one) and a turn of the event loop between some: batches of every size, some across a snapshot.
   */
  const copyLive = async (source: EventStore, target: EventStore) => {
    const events = await source.readAll();
    for (let index = 0, turn = 0; index < events.length; turn++) {
      const together = events.slice(index, index + [1, 4, 1, 7, 2][turn % 5]);
      index += together.length;
      await Promise.all(
        together.map((event) =>
          target.appendToStream(event.streamId, [{ type: event.type, data: event.data, schemaVersion: event.schemaVersion, metadata: event.metadata }]),
        ),
      );
      if (turn % 3 === 0) await new Promise((resolve) => setImmediate(resolve));
    }
  };

  it('are, row for row, what a builder folding the log on its own seals, while the log is written live', async () => {
    const source = createMemoryEventStore();
    await writeScaleLog(source, { events: 1_200 });
    const store = await openLog('live');
    const readModels = new ReadModelStore(dir.path('live.read-models.sqlite'));
    const runner = new ProjectionRunner(store, readModels, projections, silentLogger);
    let takenOver = 0;
    let foldedAlone = 0;
    const applied: AppliedBatches = {
      changesOf: (...args) => {
        const changes = runner.changesOf(...args);
        if (changes) takenOver++;
        else foldedAlone++;
        return changes;
      },
    };
    const fed = new SnapshotStore(dir.path('live.fed.snapshots.sqlite'));
    runner.start();
    const fedBuilder = new Snapshotter(store, fed, projections, EVERY, silentLogger, applied);
    await fedBuilder.start();

    await copyLive(source, store);
    const head = (await store.head())!.position;
    await runner.waitFor(head, 30_000);
    await fedBuilder.caughtUpTo(head);

    const own = new SnapshotStore(dir.path('live.own.snapshots.sqlite'));
    const ownBuilder = await snapshotterOn(store, own);
    expect(takenOver).toBeGreaterThan(50);
    expect(foldedAlone).toBeGreaterThan(0);
    expect(rowsOf(fed)).toEqual(rowsOf(own));

    for (const stop of [() => ownBuilder.stop(), () => fedBuilder.stop(), () => runner.stop()]) await stop();
    for (const file of [own, fed, readModels]) file.close();
    await store.close();
  });

  it('are not taken from a runner that folds other projections', async () => {
    const source = createMemoryEventStore();
    await writeSyntheticLog(source, { totalEvents: 120, hotStreamEvents: 10, seed: 3 });
    const store = await openLog('other-projections');
    const runner = new ProjectionRunner(store, new ReadModelStore(':memory:'), [organizationsProjection], silentLogger);
    runner.start();
    const snapshots = new SnapshotStore(dir.path('other-projections.snapshots.sqlite'));
    const builder = new Snapshotter(store, snapshots, projections, EVERY, silentLogger, runner);
    await builder.start();
    await copyLive(source, store);
    const head = (await store.head())!.position;
    await runner.waitFor(head, 10_000);
    await builder.caughtUpTo(head);
    for (const snapshot of snapshots.snapshots()) {
      const fromSnapshot = new ReadModelStore(':memory:');
      copySnapshotInto(snapshots.file, snapshot.ordinal, fromSnapshot);
      const folded = await buildReadModelsAt(store, projections, { untilPosition: snapshot.position });
      expect(contentsOf(fromSnapshot)).toEqual(contentsOf(folded));
    }
    await builder.stop();
    await runner.stop();
    snapshots.close();
    await store.close();
  });
});

describe('the snapshot file layout', () => {
  it('drops a file of another layout and starts it again, rather than misreading it', () => {
    const file = dir.path('layout-1.snapshots.sqlite');
    const old = new Database(file);
    old.exec(`
      CREATE TABLE snapshot_state (name TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
      INSERT INTO snapshot_state VALUES ('progress', '{"position":"9","hash":"h","eventCount":9,"every":3}');
      CREATE TABLE pending_documents (collection TEXT NOT NULL, id TEXT NOT NULL, doc TEXT, search TEXT NOT NULL, PRIMARY KEY (collection, id)) WITHOUT ROWID;
      PRAGMA user_version = 1;`);
    old.close();
    const snapshots = new SnapshotStore(file);
    expect(snapshots.progress()).toBeNull();
    const pending = snapshots.db.prepare(`SELECT sql FROM sqlite_schema WHERE name = 'pending_documents'`).pluck().get() as string;
    expect(pending).not.toMatch(/WITHOUT ROWID/);
    snapshots.close();
  });
});

describe('documents an earlier build left waiting in the snapshot file', () => {
  it('are sealed with the next snapshot, under what was written since', () => {
    const file = dir.path('left-pending.snapshots.sqlite');
    new SnapshotStore(file).close();
    // An earlier build wrote each batch's changes to pending_documents and sealed them later.
    const earlier = new Database(file);
    earlier
      .prepare('INSERT INTO pending_documents (collection, id, doc, search) VALUES (?, ?, ?, ?)')
      .run('organizations', 'o-left', JSON.stringify({ id: 'o-left', name: 'left' }), 'left');
    earlier
      .prepare('INSERT INTO pending_documents (collection, id, doc, search) VALUES (?, ?, ?, ?)')
      .run('organizations', 'o-both', JSON.stringify({ id: 'o-both', name: 'older' }), 'older');
    earlier.close();

    const snapshots = new SnapshotStore(file);
    expect(snapshots.writer.get('organizations', 'o-left')).toEqual({ id: 'o-left', name: 'left' });
    snapshots.transaction(() => {
      snapshots.writer.write({ collection: 'organizations', id: 'o-both', json: JSON.stringify({ id: 'o-both', name: 'newer' }), search: 'newer' }, null);
      expect(snapshots.writer.get('organizations', 'o-both')).toEqual({ id: 'o-both', name: 'newer' });
      snapshots.takeSnapshot({ ordinal: 1, eventCount: 25, position: '25', hash: 'h', recordedAt: T0 });
    });
    expect(snapshots.db.prepare('SELECT id, ordinal, doc, search FROM document_versions ORDER BY id').all()).toEqual([
      { id: 'o-both', ordinal: 1, doc: JSON.stringify({ id: 'o-both', name: 'newer' }), search: 'newer' },
      { id: 'o-left', ordinal: 1, doc: JSON.stringify({ id: 'o-left', name: 'left' }), search: 'left' },
    ]);
    expect(snapshots.db.prepare('SELECT count(*) FROM pending_documents').pluck().get()).toBe(0);
    expect(snapshots.documentAt('organizations', 'o-left', 1)).toEqual({ id: 'o-left', name: 'left' });
    snapshots.close();
  });
});

describe('as-of stores reading through to a snapshot', () => {
  const meetingId = '0190c8a0-0000-7000-8000-00000000f001';
  const T = '2026-05-01T09:00:00.000Z';
  const actor = { id: 'clerk-1', name: 'منشی', role: 'CLERK' as const };
  let store: EventStore;
  let snapshots: SnapshotStore;
  let snapshotter: Snapshotter;
  let events: RecordedEvent[];

  beforeAll(async () => {
    store = await openLog('read-through');
    const append = (type: string, data: object) =>
      store.appendToStream(streamIdOf('meeting', meetingId), [{ type, data: { meetingId, ...data }, metadata: { occurredAt: T, actor } }]);
    await append('MeetingScheduled', { title: 'نشست', location: 'تبریز', scheduledStart: T });
    for (const participantId of ['p1', 'p2', 'p3', 'p4'])
      await append('ParticipantAdded', { participantId, organizationId: `o-${participantId}`, role: 'OBSERVER', personName: participantId, addedAt: T });
    await append('WorkingGroupFormed', { workingGroupId: 'g1', title: 'کارگروه', memberParticipantIds: ['p1', 'p2'], formedAt: T });
    for (let n = 0; n < 30; n++) await append('OutcomeRecorded', { outcomeId: `x${n}`, kind: 'DEMAND', text: `بند ${n}`, recordedAt: T });
    // After the first snapshots: items removed, changed and added since.
    await append('ParticipantRemoved', { participantId: 'p2', organizationId: 'o-p2', removedFromWorkingGroupIds: ['g1'], removedAt: T });
    await append('OutcomeWithdrawn', { outcomeId: 'x3', withdrawnAt: T });
    await append('ParticipantAdded', { participantId: 'p5', organizationId: 'o-p5', role: 'OBSERVER', personName: 'p5', addedAt: T });
    await append('MeetingSummaryApproved', { approvedAt: T, approvedOutcomeIds: ['x0', 'x1'] });
    events = await store.readAll();
    snapshots = new SnapshotStore(dir.path('read-through.snapshots.sqlite'), { projections });
    snapshotter = await snapshotterOn(store, snapshots, 10);
  });

  afterAll(async () => {
    await snapshotter.stop();
    snapshots.close();
    await store.close();
  });

  const listed = (readModels: ReadModelStore) => ({
    participants: readModels.find('meetingParticipants', { filters: [{ path: '$.meetingId', equals: meetingId }] }).docs,
    liveOutcomes: readModels.count('meetingOutcomes', { filters: [{ path: '$.meetingId', equals: meetingId }, { path: '$.status', equals: 'RECORDED' }] }),
    workingGroups: readModels.find('meetingWorkingGroups', { filters: [{ path: '$.meetingId', equals: meetingId }] }).docs,
  });

  it('lists, at every position, what a fold from the first event lists, items removed after the snapshot staying removed', async () => {
    expect(snapshots.snapshots().length).toBeGreaterThanOrEqual(3);
    for (const { position: untilPosition } of events) {
      const viaSnapshots = await readModelsAtPoint({ store, projections, snapshots }, { untilPosition });
      const folded = await buildReadModelsAt(store, projections, { untilPosition });
      expect({ untilPosition, ...listed(viaSnapshots) }).toEqual({ untilPosition, ...listed(folded) });
      expect(contentsOf(viaSnapshots)).toEqual(contentsOf(folded));
    }
  });

  it("holds one entity and its items at every position as a fold of the whole log does", async () => {
    for (const { position: untilPosition } of events) {
      const entity = await entityStoreAt({ store, snapshots, projections }, 'meeting', streamIdOf('meeting', meetingId), meetingId, { untilPosition });
      const folded = await buildReadModelsAt(store, projections, { untilPosition });
      expect({ untilPosition, head: entity.get('meetings', meetingId), ...listed(entity) }).toEqual({
        untilPosition,
        head: folded.get('meetings', meetingId),
        ...listed(folded),
      });
    }
  });
});

describe('an as-of store whose snapshot file is replaced while it is served', () => {
  let store: EventStore;
  let snapshots: SnapshotStore;
  let events: RecordedEvent[];

  beforeAll(async () => {
    store = await openLog('replaced');
    await writeSyntheticLog(store, { totalEvents: 400, hotStreamEvents: 60, eventsPerOrganization: 8, maxBatch: 5, seed: 3 });
    events = await store.readAll();
    snapshots = new SnapshotStore(dir.path('replaced.snapshots.sqlite'), { projections });
    await (await snapshotterOn(store, snapshots)).stop();
  });

  afterAll(async () => {
    snapshots.close();
    await store.close();
  });

  it('goes on reading the documents it did not fold from the file it started from', async () => {
    const point = { untilPosition: events[EVERY * 12 + 7].position };
    const viaSnapshots = await readModelsAtPoint({ store, projections, snapshots }, point);
    const folded = await buildReadModelsAt(store, projections, point);
    const foldedSince = new Set(viaSnapshots.db.prepare(`SELECT id FROM main.documents WHERE collection = 'organizations'`).pluck().all() as string[]);
    const readThrough = folded
      .all<{ id: string }>('organizations')
      .map(({ id }) => id)
      .filter((id) => !foldedSince.has(id));
    expect(readThrough.length).toBeGreaterThanOrEqual(10);
    const [before, after] = [readThrough.slice(0, 5), readThrough.slice(5)];
    for (const id of before) expect(viaSnapshots.get('organizations', id)).toEqual(folded.get('organizations', id));

    snapshots.replaceWithEmptyFile();
    expect(snapshots.snapshots()).toEqual([]);
    for (const id of after) expect({ id, doc: viaSnapshots.get('organizations', id) }).toEqual({ id, doc: folded.get('organizations', id) });
    // A store built now folds from the first event: the new file holds no snapshot yet.
    const rebuilt = await readModelsAtPoint({ store, projections, snapshots }, point);
    expect(contentsOf(rebuilt)).toEqual(contentsOf(folded));
  });
});
