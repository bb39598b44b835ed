import { Writable } from 'node:stream';
import type Database from 'better-sqlite3';
import pino from 'pino';
import type { EventStore } from '../../src/eventstore/event-store';
import { openSqliteEventStore } from '../../src/eventstore/sqlite';
import { comparePositions } from '../../src/eventstore/position';
import { silentLogger } from '../../src/logger';
import { projections } from '../../src/read-models';
import { ProjectionRunner } from '../../projections/projection-runner';
import { ReadModelStore } from '../../projections/read-model-store';
import { buildReadModelsAt } from '../../projections/read-models-at';
import { backoffDelay } from '../../projections/self-healing-subscription';
import { SnapshotStore } from '../../projections/snapshots/snapshot-store';
import { Snapshotter } from '../../projections/snapshots/snapshotter';
import { writeScaleLog } from '../../bench/scale-log';
import { useTempDir } from '../eventstore/temp-event-log';

const QUICK = { firstMs: 5, maxMs: 40 };

/** A real pino logger whose JSON lines the test reads back. */
const capturedLog = () => {
  const lines: Record<string, unknown>[] = [];
  const logger = pino(
    { level: 'info' },
    new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
        done();
      },
    }),
  );
  return { logger, lines };
};

const contentsOf = (store: ReadModelStore) =>
  Object.fromEntries(store.collections().map((collection) => [collection, store.all(collection)]));

const until = async (condition: () => boolean, what: string, timeoutMs = 20_000) => {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`gave up waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
};

/** A real SQLITE_FULL from the file's own connection: it may not grow past the pages it has. */
const fill = (db: Database.Database) => db.pragma(`max_page_count = ${db.pragma('page_count', { simple: true }) as number}`);
const makeRoom = (db: Database.Database) => db.pragma('max_page_count = 1073741823');

describe('backoff between retries', () => {
  it('doubles from the first wait up to the cap, each wait drawn from the upper half', () => {
    const backoff = { firstMs: 50, maxMs: 5_000 };
    expect([1, 2, 3, 4].map((attempt) => backoffDelay(attempt, backoff, () => 1))).toEqual([50, 100, 200, 400]);
    expect([1, 2, 3, 4].map((attempt) => backoffDelay(attempt, backoff, () => 0))).toEqual([25, 50, 100, 200]);
    expect(backoffDelay(40, backoff, () => 1)).toBe(5_000);
    expect(backoffDelay(40, backoff, () => 0)).toBe(2_500);
  });
});

describe('a projection runner whose read-model file cannot be written', () => {
  const dir = useTempDir('daftar-self-healing-');
  let store: EventStore;

  beforeAll(async () => {
    store = await openSqliteEventStore({ file: dir.path('events.sqlite') });
  });
  afterAll(() => store.close());

  it('rolls the batch back, says why and since when, retries by itself, and heals into what a rebuild gives', async () => {
    await writeScaleLog(store, { events: 200, seed: 3 });
    const readModels = new ReadModelStore(dir.path('read-models.sqlite'));
    const log = capturedLog();
    const runner = new ProjectionRunner(store, readModels, projections, log.logger, [], QUICK);
    runner.start((await store.head())!.position);
    await runner.waitFor((await store.head())!.position, 20_000);
    expect(runner.health.state).toBe('live');
    const liveBefore = runner.position;

    fill(readModels.db);
    await writeScaleLog(store, { events: 300, seed: 4 });
    await until(() => runner.health.state === 'retrying' && (runner.health as { attempts: number }).attempts >= 3, 'three failed attempts');
    const failing = runner.health;
    expect(failing).toMatchObject({ state: 'retrying', lastError: { reason: 'STORAGE_FULL' }, position: runner.position });
    expect(runner.isLive).toBe(false);
    // Nothing half-applied: the checkpoint is the last batch that committed, and the read models are that batch's.
    expect(readModels.checkpoint()).toBe(runner.position);
    expect(comparePositions(runner.position, liveBefore)).toBeGreaterThanOrEqual(0);
    const head = (await store.head())!.position;
    await expect(runner.waitFor(head, 5_000)).rejects.toMatchObject({ code: 'SERVICE_UNAVAILABLE', reason: 'READ_MODELS_NOT_LIVE' });

    makeRoom(readModels.db);
    await until(() => runner.health.state === 'live' && runner.position === head, 'the runner is live again, at the head');
    expect(runner.health.since >= (failing as { since: string }).since).toBe(true);
    const retries = log.lines.filter((line) => line.msg === 'projections: a batch failed and was rolled back; retrying');
    expect(retries.length).toBeGreaterThanOrEqual(3);
    expect(retries[0]).toMatchObject({ level: 50, reason: 'STORAGE_FULL', failingSince: (failing as { since: string }).since, attempts: 1, retryInMs: expect.any(Number) });
    expect(log.lines.filter((line) => line.msg === 'projections: healed, folding again')).toEqual([
      expect.objectContaining({ failingSince: (failing as { since: string }).since, lastError: expect.objectContaining({ reason: 'STORAGE_FULL' }) }),
    ]);
    await runner.stop();

    const rebuilt = await buildReadModelsAt(store, projections, {});
    expect(contentsOf(readModels)).toEqual(contentsOf(rebuilt));
    rebuilt.close();
    readModels.close();
  });

  it('heals the snapshots the same way: sealed from the last snapshot on, as a builder that never failed seals them', async () => {
    const every = 40;
    const snapshots = new SnapshotStore(dir.path('snapshots.sqlite'));
    const snapshotter = new Snapshotter(store, snapshots, projections, every, silentLogger, undefined, QUICK);
    await snapshotter.start();
    await snapshotter.caughtUpTo((await store.head())!.position);

    fill(snapshots.db);
    await writeScaleLog(store, { events: 300, seed: 5 });
    await until(() => snapshotter.health.state === 'retrying', 'the snapshotter fails');
    expect(snapshotter.health).toMatchObject({ state: 'retrying', lastError: { reason: 'STORAGE_FULL' } });

    makeRoom(snapshots.db);
    const head = (await store.head())!.position;
    await snapshotter.caughtUpTo(head);
    await until(() => snapshotter.health.state === 'running', 'the snapshotter runs again');
    await snapshotter.stop();

    const clean = new SnapshotStore(dir.path('clean.snapshots.sqlite'));
    const cleanBuilder = new Snapshotter(store, clean, projections, every, silentLogger);
    await cleanBuilder.start();
    await cleanBuilder.caughtUpTo(head);
    await cleanBuilder.stop();
    const rows = (file: SnapshotStore) =>
      ['snapshots ORDER BY ordinal', 'document_versions ORDER BY collection, id, ordinal'].map((table) => file.db.prepare(`SELECT * FROM ${table}`).all());
    expect(rows(snapshots)).toEqual(rows(clean));
    snapshots.close();
    clean.close();
  });
});
