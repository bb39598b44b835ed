import type Database from 'better-sqlite3';
import { systemClock } from '../../../src/core/clock';
import type { AuditLogFilter } from '../../../src/eventstore/event-store';
import { openSqliteEventStore } from '../../../src/eventstore/sqlite';
import { openDatabase } from '../../../src/eventstore/sqlite/open-database';
import { auditLogQueryOf, auditLogSql } from '../../../src/eventstore/sqlite/query-audit-log';
import type { SqliteLog } from '../../../src/eventstore/sqlite/sqlite-log';
import { prepareStatements } from '../../../src/eventstore/sqlite/statements';
import { useTempDir } from '../temp-event-log';
import { appendSample, newEvent } from './store-fixtures';

const tempDir = useTempDir();

const planOf = (db: Database.Database, sql: string, params: Record<string, unknown> | unknown[]): string =>
  (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...(Array.isArray(params) ? params : [params])) as { detail: string }[]).map((row) => row.detail).join('; ');

/**
 * What SQLite does for each shape of audit-log filter, held to the design in query-audit-log.ts: a
 * seek on the index that matches, never a walk through all of `events`. Without ANALYZE statistics
 * (Daftar runs none) the plans depend on the schema and the SQL only, not on how many events there are.
 */
describe('the audit log over the SQLite events table', () => {
  let log: SqliteLog;

  beforeAll(async () => {
    const file = tempDir.path('plans.sqlite');
    const store = await openSqliteEventStore({ file });
    await appendSample(store);
    // Entity 1 is a meeting and a resolution; entity 9 only a resolution.
    await store.appendToStream('resolution-1', [newEvent('ResolutionProposed')]);
    await store.close();
    const db = openDatabase(file, 'NORMAL');
    log = { file, db, statements: prepareStatements(db), clock: systemClock, appendListeners: new Set() };
  });
  afterAll(() => log.db.close());

  const plansOf = (filter: AuditLogFilter) => {
    const query = auditLogQueryOf(log, filter)!;
    const params = { ...query.params, ...query.range, limit: 51 };
    return {
      count: planOf(log.db, auditLogSql.count(query.countWhere), params),
      forwards: planOf(log.db, auditLogSql.page(query.where, query.orderBy, false), params),
      backwards: planOf(log.db, auditLogSql.page(query.where, query.orderBy, true), params),
      exists: planOf(log.db, auditLogSql.exists(query.where), params),
    };
  };

  it.each<[string, AuditLogFilter]>([
    ['no filter', {}],
    ['time', { from: '2000-01-01T00:00:00.000Z', to: '2999-01-01T00:00:00.000Z' }],
    ['position', { fromPosition: '2' }],
  ])('%s: pages on the rowid, counts on the narrow entity-type index', (_, filter) => {
    const { count, ...reads } = plansOf(filter);
    for (const plan of Object.values(reads)) {
      expect(plan).toMatch(/SEARCH events USING INTEGER PRIMARY KEY \(rowid>\? AND rowid<\?\)/);
      expect(plan).not.toMatch(/TEMP B-TREE/);
    }
    expect(count).toMatch(/SEARCH events USING COVERING INDEX events_by_entity_type \(entity_type=\? AND position>\? AND position<\?\)/);
    expect(count).not.toMatch(/SCAN events/);
  });

  // One value to look up: the index hands the events over in order, nothing is sorted.
  it.each<[string, AuditLogFilter, RegExp]>([
    ['actor', { actorId: 'clerk-1' }, /SEARCH events USING (COVERING )?INDEX events_by_actor \(actor_id=\? AND position>\? AND position<\?\)/],
    ['entity type', { entityType: 'meeting' }, /SEARCH events USING (COVERING )?INDEX events_by_entity_type \(entity_type=\? AND position>\? AND position<\?\)/],
    ['entity type and actor', { entityType: 'meeting', actorId: 'clerk-1' }, /SEARCH events USING (COVERING )?INDEX events_by_(entity_type|actor) \(\w+=\? AND position>\? AND position<\?\)/],
    // An entity with one stream: that stream's part of the unique (stream_id, revision) index, in
    // revision order; the other filters are kept off their indexes, so an entity with few events is
    // never found by walking many.
    ['entity of one stream', { entityId: '9' }, /SEARCH events USING (COVERING )?INDEX sqlite_autoindex_events_2 \(stream_id=\?\)/],
    ['entity of a type', { entityId: '1', entityType: 'meeting' }, /SEARCH events USING (COVERING )?INDEX sqlite_autoindex_events_2 \(stream_id=\?\)/],
    ['entity, actor and types', { entityId: '9', actorId: 'clerk-1', types: ['ResolutionProposed'] }, /SEARCH events USING (COVERING )?INDEX sqlite_autoindex_events_2 \(stream_id=\?\)/],
  ])('%s: a seek on one index, in order', (_, filter, index) => {
    const plans = plansOf(filter);
    for (const plan of Object.values(plans)) {
      expect(plan).toMatch(index);
      expect(plan).not.toMatch(/SCAN events/);
    }
    expect(plans.forwards).not.toMatch(/TEMP B-TREE/);
    expect(plans.backwards).not.toMatch(/TEMP B-TREE/);
  });

  // A list of values: one seek per value, each run in position order; SQLite merges the runs and
  // stops each once the page is full (measured in bench/asof.ts), so the sort holds a page, not the log.
  it.each<[string, AuditLogFilter, RegExp]>([
    ['types', { types: ['MeetingOpened', 'MeetingScheduled'] }, /SEARCH events USING (COVERING )?INDEX events_by_type \(type=\? AND position>\? AND position<\?\)/],
    ['actor and types', { actorId: 'clerk-1', types: ['MeetingOpened'] }, /SEARCH events USING (COVERING )?INDEX events_by_(type|actor) \(\w+=\? AND position>\? AND position<\?\)/],
    // An entity with streams in several categories: each stream's run, merged.
    ['entity of two streams', { entityId: '1' }, /SEARCH events USING (COVERING )?INDEX sqlite_autoindex_events_2 \(stream_id=\?\)/],
    ['entity of two streams, actor and types', { entityId: '1', actorId: 'clerk-1', types: ['MeetingOpened'] }, /SEARCH events USING (COVERING )?INDEX sqlite_autoindex_events_2 \(stream_id=\?\)/],
  ])('%s: a seek per value on one index', (_, filter, index) => {
    for (const plan of Object.values(plansOf(filter))) {
      expect(plan).toMatch(index);
      expect(plan).not.toMatch(/SCAN events/);
    }
  });

  // Business times are in no order along the log: their index finds the range, and a page is sorted
  // from it; with another filter SQLite may take that one's index instead, but never walks the log.
  it('business time: a seek on events_by_occurred_at, never a walk through the log', () => {
    for (const plan of Object.values(plansOf({ occurredFrom: '2016-03-19T20:30:00.000Z', occurredTo: '2017-03-20T20:29:59.999Z' }))) {
      expect(plan).toMatch(/SEARCH events USING (COVERING )?INDEX events_by_occurred_at \(<expr>>\? AND <expr><\?\)/);
      expect(plan).not.toMatch(/SCAN events/);
    }
    for (const plan of Object.values(plansOf({ occurredFrom: '2016-03-19T20:30:00.000Z', actorId: 'clerk-1' }))) expect(plan).not.toMatch(/SCAN events/);
    for (const plan of Object.values(plansOf({ occurredTo: '2017-03-20T20:29:59.999Z', entityId: '9' })))
      expect(plan).toMatch(/SEARCH events USING (COVERING )?INDEX sqlite_autoindex_events_2 \(stream_id=\?\)/);
  });

  it('turns times into positions, and finds the categories, by seeks alone', () => {
    for (const sql of [auditLogSql.firstRecordedFrom, log.statements.lastPositionRecordedBy.source]) {
      const plan = planOf(log.db, sql, ['2025-03-21T08:30:00.000Z']);
      expect(plan).toMatch(/SEARCH events USING COVERING INDEX events_by_recorded_at \(recorded_at[<>]\?\)/);
      expect(plan).not.toMatch(/TEMP B-TREE/);
    }
    const categories = planOf(log.db, auditLogSql.categories, []);
    expect(categories).toMatch(/SEARCH events USING COVERING INDEX events_by_entity_type \(entity_type>\?\)/);
    expect(categories).not.toMatch(/SCAN events/);
  });
});
