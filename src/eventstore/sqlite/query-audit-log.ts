import type { Database, Statement, Transaction } from 'better-sqlite3';
import { auditLogWindowOf, emptyAuditLogPage } from '../audit-log-page';
import type { AuditLogFilter, AuditLogPage, AuditLogResult } from '../event-store';
import { above, below, WHOLE_LOG, type PositionRange } from '../audit-log-range';
import { EventLogDamaged } from '../errors';
import { EVENT_COLUMNS, eventFromRow, type EventRow } from './event-row';
import type { SqliteLog } from './sqlite-log';

/**
 * The audit log read straight from `events`, through its indexes (schema version 2):
 * - no filter, or only times and positions: the rowid (`position`) range; times are turned into
 *   positions by a seek on events_by_recorded_at each, since recorded times never decrease in
 *   position order (the store reuses the last one when the clock steps back);
 * - actorId: events_by_actor (actor_id, position); entityType: events_by_entity_type (entity_type,
 *   position); types: events_by_type (type, position), one seek per type, and SQLite stops each
 *   type's run once the page is full;
 * - entityId: the entity's streams (`<category>-<id>` for each category the log has, found by a
 *   seek per category) through the unique (stream_id, revision) index, read in revision order when
 *   only one of them exists (as with entity ids that are UUIDs); the other filters are then kept off
 *   their indexes, which SQLite would otherwise prefer for their position range and walk until a
 *   page is full, however few of those events belong to the entity;
 * - occurredFrom/occurredTo: events_by_occurred_at (the metadata's occurredAt, position), schema
 *   version 4; business times are in no order along the log, so they stay conditions, and alone
 *   (with times and positions at most) the page is sorted from the events the index finds.
 * test/eventstore/sqlite/audit-log-plans.int.test.ts holds each of these plans to it.
 */

export interface AuditLogQuery {
  /** The filter as SQL over `events`, with `@low` and `@high` left to bound the positions. */
  where: string;
  /** The same events, in a form SQLite counts from an index rather than from the table's rows. */
  countWhere: string;
  /** `revision` when the filter names one stream: its index then hands the events over in order. */
  orderBy: 'position' | 'revision';
  params: Record<string, unknown>;
  /** The positions the filter allows. */
  range: PositionRange;
}

export const auditLogSql = {
  // A loose index scan: one seek per distinct category, however many events each has.
  categories: `WITH RECURSIVE category (name) AS (
      SELECT min(entity_type) FROM events
      UNION ALL
      SELECT (SELECT min(entity_type) FROM events WHERE entity_type > category.name) FROM category WHERE category.name IS NOT NULL)
    SELECT name FROM category WHERE name IS NOT NULL`,
  firstRecordedFrom: 'SELECT position FROM events WHERE recorded_at >= ? ORDER BY recorded_at, position LIMIT 1',
  count: (where: string) => `SELECT count(*) FROM events WHERE ${where}`,
  page: (where: string, orderBy: AuditLogQuery['orderBy'], backwards: boolean) =>
    `SELECT ${EVENT_COLUMNS} FROM events WHERE ${where} ORDER BY ${orderBy} ${backwards ? 'DESC' : 'ASC'} LIMIT @limit`,
  exists: (where: string) => `SELECT EXISTS (SELECT 1 FROM events WHERE ${where})`,
};

interface AuditLogStatements {
  categories: Statement<[], string>;
  firstRecordedFrom: Statement<[string], number>;
  /** One snapshot of the log for all the statements of a page, though another process appends. */
  inOneRead: Transaction<(run: () => AuditLogResult) => AuditLogResult>;
  /** The few shapes a filter can take, each prepared once. */
  byText: Map<string, Statement>;
}

const statementsByDb = new WeakMap<Database, AuditLogStatements>();

const statementsOf = (db: Database): AuditLogStatements => {
  let statements = statementsByDb.get(db);
  if (!statements) {
    statements = {
      categories: db.prepare<[], string>(auditLogSql.categories).pluck(),
      firstRecordedFrom: db.prepare<[string], number>(auditLogSql.firstRecordedFrom).pluck(),
      inOneRead: db.transaction((run: () => AuditLogResult) => run()),
      byText: new Map(),
    };
    statementsByDb.set(db, statements);
  }
  return statements;
};

const prepared = (db: Database, sql: string): Statement => {
  const { byText } = statementsOf(db);
  let statement = byText.get(sql);
  if (!statement) {
    statement = db.prepare(sql);
    byText.set(sql, statement);
  }
  return statement;
};

/**
 * The streams that hold events of `entityId`: `<category>-<entityId>` (a category never holds a
 * dash: it is what comes before the first one), or a stream named without any dash, which is its
 * own category and id.
 */
const streamsOfEntity = (log: SqliteLog, entityId: string, entityType: string | undefined): string[] => {
  const categories = entityType === undefined ? statementsOf(log.db).categories.all() : [entityType];
  const streams = categories.filter((category) => !category.includes('-')).map((category) => `${category}-${entityId}`);
  if (!entityId.includes('-') && (entityType === undefined || entityType === entityId)) streams.push(entityId);
  return streams.filter((stream) => log.statements.streamRevision.get(stream) !== undefined);
};

/** The expression events_by_occurred_at indexes (schema version 4): a query must name it exactly so. */
export const OCCURRED_AT = "json_extract(metadata, '$.occurredAt')";

/** The filter as SQL, or null when nothing can match it. */
export const auditLogQueryOf = (log: SqliteLog, filter: AuditLogFilter): AuditLogQuery | null => {
  const clauses: string[] = [];
  const params: Record<string, unknown> = {};
  let orderBy: AuditLogQuery['orderBy'] = 'position';
  const streams = filter.entityId === undefined ? undefined : streamsOfEntity(log, filter.entityId, filter.entityType);
  if (streams?.length === 0) return null;
  const offIndex = streams ? '+' : '';
  if (streams?.length === 1) {
    clauses.push('stream_id = @stream');
    params.stream = streams[0];
    orderBy = 'revision';
  } else if (streams) {
    clauses.push('stream_id IN (SELECT value FROM json_each(@streams))');
    params.streams = JSON.stringify(streams);
  } else if (filter.entityType !== undefined) {
    clauses.push('entity_type = @entityType');
    params.entityType = filter.entityType;
  }
  if (filter.actorId !== undefined) {
    clauses.push(`${offIndex}actor_id = @actorId`);
    params.actorId = filter.actorId;
  }
  if (filter.types !== undefined) {
    if (filter.types.length === 0) return null;
    clauses.push(`${offIndex}type IN (SELECT value FROM json_each(@types))`);
    params.types = JSON.stringify(filter.types);
  }
  // Business times come in any order along the log: a range of them is a condition, not positions.
  if (filter.occurredFrom !== undefined) {
    clauses.push(`${offIndex}${OCCURRED_AT} >= @occurredFrom`);
    params.occurredFrom = filter.occurredFrom;
  }
  if (filter.occurredTo !== undefined) {
    clauses.push(`${offIndex}${OCCURRED_AT} <= @occurredTo`);
    params.occurredTo = filter.occurredTo;
  }

  let range = above(WHOLE_LOG, filter.fromPosition);
  const { firstRecordedFrom, categories } = statementsOf(log.db);
  if (filter.from !== undefined) {
    const first = firstRecordedFrom.get(filter.from);
    if (first === undefined) return null;
    range = { ...range, low: Math.max(range.low, first) };
  }
  if (filter.to !== undefined) {
    const last = log.statements.lastPositionRecordedBy.get(filter.to);
    if (last === undefined) return null;
    range = { ...range, high: Math.min(range.high, last) };
  }

  // Without statistics SQLite takes a position range over the business-time index, and would walk
  // the log in position order for a year's events; kept off the rowid, the index finds them and the
  // page is sorted from those alone. Any other filter has an index in position order: it is used.
  const onlyBusinessTime = !streams && filter.entityType === undefined && filter.actorId === undefined && filter.types === undefined;
  const occurred = filter.occurredFrom !== undefined || filter.occurredTo !== undefined;
  const where = [...clauses, `${occurred && onlyBusinessTime ? '+' : ''}position BETWEEN @low AND @high`].join(' AND ');
  if (clauses.length > 0) return { where, countWhere: where, orderBy, params, range };
  // Only a position range: counting it on the rowid would read every row of it (whole events, with
  // their data), while events_by_entity_type holds each in a few bytes, a range per category.
  params.categories = JSON.stringify(categories.all());
  return { where, countWhere: `entity_type IN (SELECT value FROM json_each(@categories)) AND ${where}`, orderBy, params, range };
};

/**
 * Positions are dense in this store (each append takes the head's next), so a page of the whole
 * log (no filter but positions and times) holds consecutive positions: a gap is a row SQLite no
 * longer finds, and the page is refused rather than handed over without it.
 */
const assertNoPositionMissing = (rows: readonly EventRow[], backwards: boolean): void => {
  for (let i = 1; i < rows.length; i++) {
    const expected = rows[i - 1].position + (backwards ? -1 : 1);
    if (rows[i].position !== expected)
      throw new EventLogDamaged(
        `the event log is damaged: position ${expected} is missing between ${rows[i - 1].position} and ${rows[i].position}`,
        String(Math.min(rows[i - 1].position, rows[i].position)),
      );
  }
};

/** One page of the audit log, oldest first; the same answers as the audit-log table of the read models. */
export const queryAuditLog = (log: SqliteLog, filter: AuditLogFilter, page: AuditLogPage): AuditLogResult => {
  const { backwards, size } = auditLogWindowOf(filter, page);
  const { db } = log;
  return statementsOf(db).inOneRead(() => {
    const query = auditLogQueryOf(log, filter);
    if (!query) return emptyAuditLogPage();
    const { where, countWhere, orderBy, params, range } = query;
    const totalCount =
      page.countTotal === false ? null : (prepared(db, auditLogSql.count(countWhere)).pluck().get({ ...params, ...range }) as number);

    const window = below(above(range, page.after), page.before);
    const rows = prepared(db, auditLogSql.page(where, orderBy, backwards)).all({ ...params, ...window, limit: size + 1 }) as EventRow[];
    const more = rows.length > size;
    if (query.countWhere !== where) assertNoPositionMissing(rows.slice(0, size), backwards);
    const events = rows.slice(0, size).map(eventFromRow);
    if (backwards) events.reverse();

    // The side the page was not read from: is anything there, within the filter?
    const anyIn = (part: PositionRange): boolean => prepared(db, auditLogSql.exists(where)).pluck().get({ ...params, ...part }) === 1;
    return {
      events,
      totalCount,
      hasNextPage: backwards ? page.before !== undefined && anyIn(above(range, page.before, true)) : more,
      hasPreviousPage: backwards ? more : page.after !== undefined && anyIn(below(range, page.after, true)),
    };
  });
};
