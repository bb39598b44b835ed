import { existsSync, statSync, writeFileSync } from 'node:fs';
import type { EventStore } from '../../src/eventstore/event-store';
import { openSqliteEventStore } from '../../src/eventstore/sqlite';
import { silentLogger } from '../../src/logger';
import { projections } from '../../src/read-models';
import { ProjectionRunner } from '../../projections/projection-runner';
import { ReadModelStore } from '../../projections/read-model-store';
import { DerivedFileHealing } from '../../projections/derived-file-healing';
import { SnapshotStore } from '../../projections/snapshots/snapshot-store';
import { Snapshotter } from '../../projections/snapshots/snapshotter';
import { quickCheckInWorker } from '../../projections/quick-check-in-worker';
import { writeScaleLog } from '../../bench/scale-log';
import { middleLeafPage, overwrite } from '../support/damage';
import { useTempDir } from '../eventstore/temp-event-log';

const QUICK = { firstMs: 5, maxMs: 40 };

const contentsOf = (store: ReadModelStore) =>
  Object.fromEntries(store.collections().map((collection) => [collection, store.all(collection)]));

const INDEXED_COLLECTIONS = projections.filter((projection) => projection.index).map((projection) => projection.collection).sort();
const listIndexesOf = (store: ReadModelStore): string[] => store.db.prepare('SELECT collection FROM list_indexes ORDER BY collection').pluck().all() as string[];

const until = async (condition: () => boolean, what: string, timeoutMs = 30_000) => {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`gave up waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
};

/** The contents a fresh fold of the whole log gives, in a file of its own. */
const rebuiltFrom = async (store: EventStore, file: string) => {
  const fresh = new ReadModelStore(file, projections);
  const runner = new ProjectionRunner(store, fresh, projections, silentLogger, [], QUICK);
  runner.start((await store.head())!.position);
  await runner.waitFor((await store.head())!.position, 30_000);
  const contents = contentsOf(fresh);
  await runner.stop();
  fresh.close();
  return contents;
};

describe('files derived from the log healed while the process serves', () => {
  const dir = useTempDir('daftar-healing-');
  let store: EventStore;

  beforeAll(async () => {
    store = await openSqliteEventStore({ file: dir.path('events.sqlite') });
    await writeScaleLog(store, { events: 3_000, seed: 11 });
  });
  afterAll(() => store.close());

  it('rebuilds in place: health says rebuilding and why until the head of then is folded again, then the documents equal a fresh fold', async () => {
    const readModels = new ReadModelStore(dir.path('in-place.sqlite'), projections);
    const runner = new ProjectionRunner(store, readModels, projections, silentLogger, [], QUICK);
    const head = (await store.head())!.position;
    runner.start(head);
    await runner.waitFor(head, 30_000);
    expect(runner.health.state).toBe('live');
    expect(listIndexesOf(readModels)).toEqual(INDEXED_COLLECTIONS);

    const { emptied, movedTo } = await runner.rebuild('a document of meetings was damaged', 'cleared file');
    expect({ emptied, movedTo }).toEqual({ emptied: 'cleared file', movedTo: null });
    expect(runner.health).toMatchObject({ state: 'rebuilding', reason: 'a document of meetings was damaged' });
    expect(runner.isCaughtUp).toBe(false);
    // Folded from the first event without the list indexes, which are built once at the end.
    expect(listIndexesOf(readModels)).toEqual([]);

    await until(() => runner.health.state === 'live', 'the rebuild is done');
    expect(contentsOf(readModels)).toEqual(await rebuiltFrom(store, dir.path('fresh-1.sqlite')));
    expect(listIndexesOf(readModels)).toEqual(INDEXED_COLLECTIONS);
    const closed = readModels.find('meetings', { filters: [{ path: '$.state.status', equals: 'CLOSED' }], limit: 100_000 });
    expect(closed.totalCount).toBeGreaterThan(0);
    expect(closed.totalCount).toBe(readModels.all<{ state: { status: string } }>('meetings').filter((meeting) => meeting.state.status === 'CLOSED').length);
    await runner.stop();
    readModels.close();
  });

  it('names the file while its pages are being checked on their thread, and not once the check is done', async () => {
    const file = dir.path('checked.sqlite');
    const readModels = new ReadModelStore(file, projections);
    const healing = new DerivedFileHealing(
      { what: 'the read-model file', file, rebuild: () => Promise.reject(new Error('nothing to rebuild')), isRebuilding: () => false },
      silentLogger,
    );
    expect(healing.fileBeingChecked).toBeNull();
    const checking = healing.checkFileInBackground();
    // What /healthz shows as filesBeingChecked, and what a benchmark waits out before measuring CPU.
    expect(healing.fileBeingChecked).toBe(file);
    await checking;
    expect(healing.fileBeingChecked).toBeNull();
    expect(healing.rebuiltWhileServing).toEqual([]);
    readModels.close();
  });

  it('replaces a file with damaged pages: found by quick_check on a worker thread, moved aside, folded again into a new file', async () => {
    const file = dir.path('damaged.sqlite');
    const readModels = new ReadModelStore(file, projections);
    const runner = new ProjectionRunner(store, readModels, projections, silentLogger, [], QUICK);
    const head = (await store.head())!.position;
    runner.start(head);
    await runner.waitFor(head, 30_000);
    readModels.db.pragma('wal_checkpoint(TRUNCATE)');
    expect(await quickCheckInWorker(file)).toBeNull();

    const { page, pageSize } = middleLeafPage(file, 'documents');
    overwrite(file, (page - 1) * pageSize, Buffer.alloc(64, 0xa5));
    expect(await quickCheckInWorker(file)).toMatch(/quick_check|malformed/);

    const healing = new DerivedFileHealing(
      { what: 'the read-model file', file, rebuild: (reason, from) => runner.rebuild(reason, from), isRebuilding: () => runner.health.state === 'rebuilding' },
      silentLogger,
    );
    await healing.checkFileInBackground();
    await healing.settled();
    const [rebuild] = healing.rebuiltWhileServing;
    expect(rebuild).toMatchObject({ file, reason: expect.stringMatching(/^the read-model file was damaged/), from: 'new file' });
    expect(existsSync(rebuild.movedTo!)).toBe(true);
    expect(statSync(rebuild.movedTo!).size).toBeGreaterThan(0);

    await until(() => runner.health.state === 'live', 'the rebuild is done');
    expect(healing.rebuiltWhileServing).toEqual([expect.objectContaining({ rebuilt: true })]);
    expect(healing.unhealedDamage).toBe(false);
    expect(await quickCheckInWorker(file)).toBeNull();
    expect(contentsOf(readModels)).toEqual(await rebuiltFrom(store, dir.path('fresh-2.sqlite')));
    await runner.stop();
    readModels.close();
  });

  it('replaces a snapshot file with damaged pages and seals the same snapshots again from the log', async () => {
    const file = dir.path('snapshots.sqlite');
    const snapshots = new SnapshotStore(file);
    const snapshotter = new Snapshotter(store, snapshots, projections, 500, silentLogger, undefined, QUICK);
    await snapshotter.start();
    const head = (await store.head())!.position;
    await until(() => snapshotter.position === head, 'the snapshots reach the head');
    const sealed = snapshots.snapshots();
    expect(sealed.length).toBeGreaterThanOrEqual(5);
    snapshots.db.pragma('wal_checkpoint(TRUNCATE)');

    const { page, pageSize } = middleLeafPage(file, 'document_versions');
    overwrite(file, (page - 1) * pageSize, Buffer.alloc(64, 0x5a));
    const healing = new DerivedFileHealing(
      { what: 'the snapshot file', file, rebuild: async (reason) => ({ emptied: 'new file', movedTo: await snapshotter.rebuild(reason) }), isRebuilding: () => false },
      silentLogger,
    );
    await healing.checkFileInBackground();
    await healing.settled();
    expect(healing.rebuiltWhileServing).toEqual([expect.objectContaining({ file, from: 'new file', reason: expect.stringMatching(/^the snapshot file was damaged/) })]);
    await until(() => snapshotter.position === head, 'the snapshots are sealed again');
    expect(snapshots.snapshots()).toEqual(sealed);
    expect(await quickCheckInWorker(file)).toBeNull();
    await snapshotter.stop();
    snapshots.close();
  });

  it('reports a file that is not a database at all as damage, and a missing file as a check that could not run', async () => {
    const garbage = dir.path('garbage.sqlite');
    writeFileSync(garbage, Buffer.alloc(8192, 0x42));
    expect(await quickCheckInWorker(garbage)).toMatch(/not a database/);
    await expect(quickCheckInWorker(dir.path('absent.sqlite'))).rejects.toThrow(/could not run/);
  });
});
