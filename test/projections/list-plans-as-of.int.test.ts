import { openSqliteEventStore } from '../../src/eventstore/sqlite';
import { silentLogger } from '../../src/logger';
import { projections } from '../../src/read-models';
import type { Filter, ReadModelStore } from '../../projections/read-model-store';
import type { Projection } from '../../projections/projection';
import { readModelsAtPoint } from '../../projections/read-models-at';
import { SnapshotStore } from '../../projections/snapshots/snapshot-store';
import { Snapshotter } from '../../projections/snapshots/snapshotter';
import type { EventStore } from '../../src/eventstore/event-store';
import { steppingClock } from '../../bench/synthetic-log';
import { writeScaleLog } from '../../bench/scale-log';
import { useTempDir } from '../eventstore/temp-event-log';

const dir = useTempDir('daftar-as-of-plans-');
const planOf = (store: ReadModelStore, sql: string, params: unknown[]): string[] =>
  (store.db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as { detail: string }[]).map((row) => row.detail);
const listed = projections.filter((projection): projection is Projection & { index: NonNullable<Projection['index']> } => projection.index !== undefined);

/** A step that reads a whole table rather than seeking in an index (or walking one in order). */
const fullScans = (plan: string[]): string[] => plan.filter((step) => /^SCAN (k|d|v|documents)\b/.test(step) && !/USING (COVERING )?INDEX/.test(step));

/** Each key filter a collection's index declares, alone, as a list would send it (texts and tags copy the collection in: see list-plans). */
const filtersOf = (projection: (typeof listed)[number]) => [
  { name: 'no filter', filters: [] as Filter[] },
  ...projection.index.keys.flatMap((path) => [
    { name: `${path} equals`, filters: [{ path, equals: 'x' }] as Filter[] },
    { name: `${path} in`, filters: [{ path, in: ['x', 'y'] }] as Filter[] },
    { name: `${path} range`, filters: [{ path, gte: 'a', lt: 'z' }] as Filter[] },
  ]),
  ...(projection.index.order ? [{ name: `${projection.index.order} range`, filters: [{ path: projection.index.order, gte: 'a', lte: 'z' }] as Filter[] }] : []),
];

/**
 * A list as of a point past a snapshot reads the snapshot file's index of the collection's keys
 * and the store's own index of the documents folded since, merged in the list's order: for every
 * key filter of every listed collection, neither the page nor its count scans a table, and a page
 * sorts nothing.
 */
describe('list plans: an as-of store over a snapshot', () => {
  let store: EventStore;
  let snapshots: SnapshotStore;
  let at: ReadModelStore;

  beforeAll(async () => {
    store = await openSqliteEventStore({ file: dir.path('plans.events.sqlite'), clock: steppingClock(new Date('2024-03-20T00:00:00Z'), 1_000) });
    await writeScaleLog(store, { events: 1_500, seed: 3 });
    snapshots = new SnapshotStore(dir.path('plans.snapshots.sqlite'), { projections });
    const snapshotter = new Snapshotter(store, snapshots, projections, 500, silentLogger);
    await snapshotter.start();
    await snapshotter.caughtUpTo((await store.head())!.position);
    await snapshotter.stop();
    at = await readModelsAtPoint({ store, projections, snapshots }, { untilPosition: '1400' });
  }, 60_000);

  afterAll(async () => {
    at.close();
    snapshots.close();
    await store.close();
  });

  it.each(listed.flatMap((projection) => filtersOf(projection).map(({ name, filters }) => [projection.collection, name, filters] as const)))(
    '%s, %s: page and count read indexes only, the page in order',
    (collection, _name, filters) => {
      const { rows, count } = at.listSql(collection, { filters: [...filters] });
      expect(rows.sql).toMatch(/snapshot_file\."asof_keys_/);
      const pagePlan = planOf(at, rows.sql, [...rows.params, 51]);
      const countPlan = planOf(at, count.sql, count.params);
      // A collection listed in id order walks the snapshot's key table by its primary key (id first), in order, stopping at the page's size.
      const inIdOrder = filters.length === 0 && !listed.find((projection) => projection.collection === collection)!.index.order;
      expect({ pagePlan, scans: fullScans(pagePlan) }).toEqual({ pagePlan, scans: inIdOrder ? ['SCAN k'] : [] });
      expect({ countPlan, scans: fullScans(countPlan) }).toEqual({ countPlan, scans: [] });
      expect({ pagePlan, merged: pagePlan.includes('MERGE (UNION ALL)') }).toEqual({ pagePlan, merged: true });
      if (filters.length === 0) expect({ pagePlan, sorts: pagePlan.filter((step) => /TEMP B-TREE/.test(step)) }).toEqual({ pagePlan, sorts: [] });
    },
  );

  it('reads a filtered page of meetings in order from one index of the snapshot file, with no sort of the matches', () => {
    for (const path of ['$.state.status', '$.state.regionalGroupId']) {
      const { rows } = at.listSql('meetings', { filters: [{ path, equals: 'x' }] });
      const plan = planOf(at, rows.sql, [...rows.params, 51]);
      expect({ path, plan }).toEqual({ path, plan: expect.arrayContaining([expect.stringMatching(/^SEARCH k USING COVERING INDEX asof_keys_meetings_\d/)]) });
      expect({ path, sorts: plan.filter((step) => /TEMP B-TREE/.test(step)) }).toEqual({ path, sorts: [] });
    }
  });
});
