import { createMemoryEventStore } from '../../src/eventstore/memory';
import { projections } from '../../src/read-models';
import { applyEvents } from '../../projections/apply-events';
import type { Filter } from '../../projections/read-model-store';
import { ReadModelStore } from '../../projections/read-model-store';
import type { Projection } from '../../projections/projection';
import { writeScaleLog } from '../../bench/scale-log';
import { putDocument } from '../support/read-model-documents';

/**
 * Every filter a list of a read model can take is answered from an index: for each key, array tag
 * and the text of every collection's list index, SQLite's plan for the page and for its count
 * never scans a table. Checked on the live store and on an as-of store, which builds its indexes
 * when a list of the collection is first read.
 */

const planOf = (store: ReadModelStore, sql: string, params: unknown[]): string[] =>
  (store.db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as { detail: string }[]).map((row) => row.detail);

/** A step that reads a whole table (or the documents of every collection) rather than seeking in an index. */
const fullScans = (plan: string[]): string[] =>
  plan.filter((step) => /^SCAN (k|d|documents)\b/.test(step) && !/USING (COVERING )?INDEX/.test(step));

const listed = projections.filter((projection): projection is Projection & { index: NonNullable<Projection['index']> } => projection.index !== undefined);

/** Each filter a collection's index declares, alone, as a list would send it. */
const filtersOf = (projection: (typeof listed)[number]) => [
  ...projection.index.keys.flatMap((path) => [
    { name: `${path} equals`, query: { filters: [{ path, equals: 'x' }] as Filter[] } },
    { name: `${path} in`, query: { filters: [{ path, in: ['x', 'y'] }] as Filter[] } },
    { name: `${path} range`, query: { filters: [{ path, gte: 'a', lt: 'z' }] as Filter[] } },
  ]),
  ...(projection.index.order ? [{ name: `${projection.index.order} range`, query: { filters: [{ path: projection.index.order, gte: 'a', lte: 'z' }] as Filter[] } }] : []),
  ...(projection.index.tags ?? []).map((path) => ({ name: `${path} contains`, query: { filters: [{ path, contains: 'x' }] as Filter[] } })),
  ...(projection.index.text ? [{ name: 'text', query: { text: 'نشست منطقه‌ای' } }] : []),
];

describe.each([
  ['the live read models', {}],
  ['an as-of store', { indexOnFirstRead: true }],
])('list plans: %s', (_name, options) => {
  let store: ReadModelStore;

  beforeAll(async () => {
    const log = createMemoryEventStore();
    await writeScaleLog(log, { events: 1_500, seed: 3 });
    store = new ReadModelStore(':memory:', projections, options);
    const events = await log.readAll();
    store.transaction(() => applyEvents(store, projections, events));
  });
  afterAll(() => store.close());

  it('covers every collection a list reads', () => {
    expect(listed.map((projection) => projection.collection)).toEqual(
      expect.arrayContaining(['meetings', 'resolutions', 'organizations', 'regionalGroups', 'cooperationDocuments', 'delegations']),
    );
  });

  it.each(listed.flatMap((projection) => filtersOf(projection).map(({ name, query }) => [projection.collection, name, query] as const)))(
    '%s, %s: page and count read indexes only',
    (collection, _filter, query) => {
      const { rows, count } = store.listSql(collection, query);
      const pagePlan = planOf(store, rows.sql, [...rows.params, 51]);
      const countPlan = planOf(store, count.sql, count.params);
      expect({ pagePlan, scans: fullScans(pagePlan) }).toEqual({ pagePlan, scans: [] });
      expect({ countPlan, scans: fullScans(countPlan) }).toEqual({ countPlan, scans: [] });
    },
  );

  it.each(listed.map((projection) => projection.collection))('%s, no filter: the page walks the key table in order and stops at its size', (collection) => {
    const { rows } = store.listSql(collection, {});
    const plan = planOf(store, rows.sql, [...rows.params, 51]);
    expect(plan).toEqual(expect.arrayContaining([expect.stringMatching(/^SCAN k USING (COVERING )?INDEX (keys_\w+_order|sqlite_autoindex_keys_\w+_1)$/), expect.stringMatching(/^SEARCH d USING INDEX/)]));
    expect(plan.filter((step) => /TEMP B-TREE/.test(step))).toEqual([]);
  });

  it('reads a filtered page of meetings in order from one index, with no sort of the matches', () => {
    for (const path of ['$.state.status', '$.state.regionalGroupId']) {
      const { rows } = store.listSql('meetings', { filters: [{ path, equals: 'x' }] });
      const plan = planOf(store, rows.sql, [...rows.params, 51]);
      expect({ path, plan }).toEqual({ path, plan: expect.arrayContaining([expect.stringMatching(/^SEARCH k USING (COVERING )?INDEX keys_meetings_\d/)]) });
      expect({ path, sorts: plan.filter((step) => /TEMP B-TREE/.test(step)) }).toEqual({ path, sorts: [] });
    }
  });

  it('reads meetings filtered by status, regional group and dates from one index covering all three, and counts status and group in one lookup', () => {
    const status = { path: '$.state.status', equals: 'CLOSED' };
    const group = { path: '$.state.regionalGroupId', equals: 'x' };
    const dates = { path: '$.state.scheduledStart', gte: '2020-01-01', lte: '2021-01-01' };
    const { rows, count } = store.listSql('meetings', { filters: [status, group, dates] });
    const pagePlan = planOf(store, rows.sql, [...rows.params, 51]);
    const countPlan = planOf(store, count.sql, count.params);
    const seek = /^SEARCH k USING COVERING INDEX keys_meetings_\d \(k_state_status=\? AND k_state_regionalGroupId=\? AND k_state_scheduledStart>\? AND k_state_scheduledStart<\?\)$/;
    expect(pagePlan).toEqual(expect.arrayContaining([expect.stringMatching(seek)]));
    expect(pagePlan.filter((step) => /TEMP B-TREE/.test(step))).toEqual([]);
    expect(countPlan).toEqual([expect.stringMatching(seek)]);
    const counted = store.listSql('meetings', { filters: [status, group] }).count;
    expect(planOf(store, counted.sql, counted.params)).toEqual(expect.arrayContaining([expect.stringMatching(/^SEARCH keys_meetings_counts USING PRIMARY KEY/)]));
  });

  it("counts a text search of meetings (their own text or their outcomes') from the matches: one read of the meetings' trigram index, no outcome mapped to its meeting", () => {
    for (const filters of [[], [{ path: '$.state.status', equals: 'CLOSED' }]]) {
      const { count } = store.listSql('meetings', { filters, text: 'نشست منطقه‌ای' });
      const plan = planOf(store, count.sql, count.params);
      expect({ filters, plan }).toEqual({ filters, plan: expect.arrayContaining([expect.stringMatching(/^SCAN text_meetings VIRTUAL TABLE INDEX/)]) });
      expect({ filters, other: plan.filter((step) => /^SCAN (k|o|c)\b|meetingOutcomes/.test(step)) }).toEqual({ filters, other: [] });
    }
  });

  it('pages a text thousands of meetings match by walking their order, each one\'s search text checked by rowid and its outcomes\' by its id: no set of matches built, no sort', () => {
    // 3,000 more meetings whose title holds a word: a text that common (FEW_TEXT_MATCHES) is not read from the trigram index for a page.
    store.transaction(() => {
      for (let n = 0; n < 3_000; n++)
        putDocument(store, 'meetings', `common-${n}`, { id: `common-${n}`, state: { status: n % 2 ? 'CLOSED' : 'IN_SESSION', scheduledStart: `2030-01-${String((n % 28) + 1).padStart(2, '0')}` } }, `نشست گردشگری ${n}`);
    });
    const bySearchText = /^SEARCH s USING INTEGER PRIMARY KEY \(rowid=\?\)$/;
    const byStatus = /^SEARCH k USING (COVERING )?INDEX keys_meetings_\d \(k_state_status=\?\)$/;
    // Counted: one lookup in the counts the text index's triggers keep of the common texts asked, under the status's key or none.
    const keptCount = /^SEARCH search_meetings_counts USING PRIMARY KEY \(text=\? AND grouping=\? AND key=\?\)$/;
    for (const [filters, walked] of [
      [[], /^SCAN k USING (COVERING )?INDEX keys_meetings_order$/],
      [[{ path: '$.state.status', equals: 'CLOSED' }], byStatus],
    ] as const) {
      const { rows, count } = store.listSql('meetings', { filters: [...filters], text: 'گردشگری' });
      const pagePlan = planOf(store, rows.sql, [...rows.params, 51]);
      expect({ filters, pagePlan }).toEqual({ filters, pagePlan: expect.arrayContaining([expect.stringMatching(walked), expect.stringMatching(bySearchText), expect.stringMatching(/^SEARCH i USING PRIMARY KEY \(owner=\?\)$/)]) });
      expect({ filters, scans: pagePlan.filter((step) => /^SCAN (i|s|search_meetings)\b/.test(step)) }).toEqual({ filters, scans: [] });
      expect({ filters, other: pagePlan.filter((step) => /TEMP B-TREE|VIRTUAL TABLE|meetingOutcomes/.test(step)) }).toEqual({ filters, other: [] });
      const countPlan = planOf(store, count.sql, count.params);
      expect({ filters, countPlan }).toEqual({ filters, countPlan: expect.arrayContaining([expect.stringMatching(keptCount)]) });
      expect({ filters, other: countPlan.filter((step) => /^SCAN (k|o|c)\b|meetingOutcomes|TEMP B-TREE/.test(step)) }).toEqual({ filters, other: [] });
    }
  });
});
