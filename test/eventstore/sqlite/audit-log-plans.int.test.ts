import type Database from 'better-sqlite3';
import { systemClock } from '../../../src/core/clock';
import type { AuditLogFilter } from '../../../src/eventstore/event-store';
import { openSqliteEventStore } from '../../../src/eventstore/sqlite';
import { openDatabase } from '../../../src/eventstore/sqlite/open-database';
import { auditLogQueryOf, auditLogSql } from '../../../src/eventstore/sqlite/query-audit-log';
import type { SqliteLog } from '../../../src/eventstore/sqlite/sqlite-log';
import { prepareStatements } from '../../../src/eventstore/sqlite/statements';
import { useTempDir } from '../temp-event-log';
import { appendSample } from './store-fixtures';

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
    await store.close();
    const db = openDatabase(file, 'NORMAL');
    log = { file, db, statements: prepareStatements(db), clock: systemClock, appendListeners: new Set() };
  });
  afterAll(() => log.db.close());

  const plansOf = (filter: AuditLogFilter) => {
    const query = auditLogQueryOf(log, filter)!;
    const params = { ...query.params, ...query.range, limit: 51 };
    return {
      count: planOf(log.db, auditLogSql.count(query.where), params),
      forwards: planOf(log.db, auditLogSql.page(query.where, false), params),
      backwards: planOf(log.db, auditLogSql.page(query.where, true), params),
      exists: planOf(log.db, auditLogSql.exists(query.where), params),
    };
  };

  // One value to look up: the index hands the events over in position order, nothing is sorted.
  it.each<[string, AuditLogFilter, RegExp]>([
    ['no filter', {}, /SEARCH events USING INTEGER PRIMARY KEY \(rowid>\? AND rowid<\?\)/],
    ['actor', { actorId: 'clerk-1' }, /SEARCH events USING (COVERING )?INDEX events_by_actor \(actor_id=\? AND position>\? AND position<\?\)/],
    ['entity type', { entityType: 'meeting' }, /SEARCH events USING (COVERING )?INDEX events_by_entity_type \(entity_type=\? AND position>\? AND position<\?\)/],
    ['entity type and actor', { entityType: 'meeting', actorId: 'clerk-1' }, /SEARCH events USING (COVERING )?INDEX events_by_(entity_type|actor) \(\w+=\? AND position>\? AND position<\?\)/],
    ['time', { from: '2000-01-01T00:00:00.000Z', to: '2999-01-01T00:00:00.000Z' }, /SEARCH events USING INTEGER PRIMARY KEY \(rowid>\? AND rowid<\?\)/],
  ])('%s: a seek on one index, in position order', (_, filter, index) => {
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
    // An entity: its streams, one per category, through the unique (stream_id, revision) index; the
    // other filters are kept off theirs, so an entity with few events is never found by walking many.
    ['entity', { entityId: '1' }, /SEARCH events USING (COVERING )?INDEX sqlite_autoindex_events_2 \(stream_id=\?\)/],
    ['entity of a type', { entityId: '1', entityType: 'meeting' }, /SEARCH events USING (COVERING )?INDEX sqlite_autoindex_events_2 \(stream_id=\?\)/],
    ['entity, actor and types', { entityId: '1', actorId: 'clerk-1', types: ['MeetingOpened'] }, /SEARCH events USING (COVERING )?INDEX sqlite_autoindex_events_2 \(stream_id=\?\)/],
  ])('%s: a seek per value on one index', (_, filter, index) => {
    for (const plan of Object.values(plansOf(filter))) {
      expect(plan).toMatch(index);
      expect(plan).not.toMatch(/SCAN events/);
    }
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
