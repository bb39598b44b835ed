import { auditLogWindowOf, emptyAuditLogPage } from '../audit-log-page';
import { above, below, WHOLE_LOG, type PositionRange } from '../audit-log-range';
import type { AuditLogFilter, AuditLogPage, AuditLogResult } from '../event-store';
import { EVENT_COLUMNS, eventFromRow, type EventRow } from './event-row';
import type { PostgresLog } from './postgres-log';
import type { Queryable } from './queryable';
import { inTransaction } from './transaction';

/**
 * The audit log read straight from `events` through its indexes, as the SQLite store does:
 * - no filter, or only times and positions: the primary key's range; times become positions by
 *   one seek each on events_by_recorded_at (recorded times never decrease in position order);
 * - actorId: events_by_actor (actor_id, position); entityType: events_by_entity_type (entity_type,
 *   position); types: events_by_type (type, position);
 * - entityId: the entity's streams (`<category>-<id>` for each category the log has, found by a
 *   seek per category) through the unique (stream_id, revision) index, in revision order when only
 *   one of them exists;
 * - occurredFrom/occurredTo: events_by_occurred_at (the metadata's occurredAt, position), schema
 *   version 2; business times are in no order along the log, so they stay conditions.
 * All statements of a page read one snapshot (a REPEATABLE READ transaction), though others append.
 */

export interface AuditLogQuery {
  /** Conditions on `events`, numbering their parameters from $1. */
  clauses: string[];
  params: unknown[];
  /** `revision` when the filter names one stream: its index then hands the events over in order. */
  orderBy: 'position' | 'revision';
  /** The positions the filter allows. */
  range: PositionRange;
}

export const auditLogSql = {
  // A loose index scan: one seek per distinct category, however many events each has.
  categories: `
    WITH RECURSIVE category (name) AS (
      (SELECT entity_type FROM events ORDER BY entity_type LIMIT 1)
      UNION ALL
      SELECT (SELECT e.entity_type FROM events e WHERE e.entity_type > category.name ORDER BY e.entity_type LIMIT 1)
        FROM category WHERE category.name IS NOT NULL)
    SELECT name FROM category WHERE name IS NOT NULL`,
  existingStreams: `SELECT stream FROM unnest($1::text[]) AS stream WHERE EXISTS (SELECT 1 FROM events WHERE stream_id = stream)`,
  firstRecordedFrom: 'SELECT position FROM events WHERE recorded_at >= $1 ORDER BY recorded_at, position LIMIT 1',
  lastRecordedBy: 'SELECT position FROM events WHERE recorded_at <= $1 ORDER BY recorded_at DESC, position DESC LIMIT 1',
  count: (where: string) => `SELECT count(*) AS count FROM events WHERE ${where}`,
  page: (where: string, orderBy: AuditLogQuery['orderBy'], backwards: boolean, limit: string) =>
    `SELECT ${EVENT_COLUMNS} FROM events WHERE ${where} ORDER BY ${orderBy} ${backwards ? 'DESC' : 'ASC'} LIMIT ${limit}`,
  exists: (where: string) => `SELECT EXISTS (SELECT 1 FROM events WHERE ${where}) AS found`,
};

/** The query's conditions over a range of positions, with the parameters to run them with. */
const within = (query: AuditLogQuery, range: PositionRange): { where: string; params: unknown[] } => {
  const low = query.params.length + 1;
  return {
    where: [...query.clauses, `position BETWEEN $${low} AND $${low + 1}`].join(' AND '),
    params: [...query.params, range.low, range.high],
  };
};

const positionOf = async (db: Queryable, sql: string, param: string): Promise<number | undefined> => {
  const { rows } = await db.query<{ position: string }>(sql, [param]);
  return rows[0] === undefined ? undefined : Number(rows[0].position);
};

/**
 * The streams that hold events of `entityId`: `<category>-<entityId>` (a category never holds a
 * dash: it is what comes before the first one), or a stream named without any dash, which is its
 * own category and id.
 */
const streamsOfEntity = async (db: Queryable, entityId: string, entityType: string | undefined): Promise<string[]> => {
  const categories =
    entityType === undefined ? (await db.query<{ name: string }>(auditLogSql.categories)).rows.map((row) => row.name) : [entityType];
  const candidates = categories.filter((category) => !category.includes('-')).map((category) => `${category}-${entityId}`);
  if (!entityId.includes('-') && (entityType === undefined || entityType === entityId)) candidates.push(entityId);
  if (candidates.length === 0) return [];
  return (await db.query<{ stream: string }>(auditLogSql.existingStreams, [candidates])).rows.map((row) => row.stream);
};

/** The expression events_by_occurred_at indexes (schema version 2): a query must name it exactly so. */
export const OCCURRED_AT = `((metadata::json ->> 'occurredAt') COLLATE "C")`;

/** The filter as SQL, or null when nothing can match it. */
export const auditLogQueryOf = async (db: Queryable, filter: AuditLogFilter): Promise<AuditLogQuery | null> => {
  const clauses: string[] = [];
  const params: unknown[] = [];
  const param = (value: unknown): string => `$${params.push(value)}`;
  let orderBy: AuditLogQuery['orderBy'] = 'position';
  if (filter.types !== undefined && filter.types.length === 0) return null;
  const streams = filter.entityId === undefined ? undefined : await streamsOfEntity(db, filter.entityId, filter.entityType);
  if (streams?.length === 0) return null;
  if (streams?.length === 1) {
    clauses.push(`stream_id = ${param(streams[0])}`);
    orderBy = 'revision';
  } else if (streams) {
    clauses.push(`stream_id = ANY(${param(streams)}::text[])`);
  } else if (filter.entityType !== undefined) {
    clauses.push(`entity_type = ${param(filter.entityType)}`);
  }
  if (filter.actorId !== undefined) clauses.push(`actor_id = ${param(filter.actorId)}`);
  if (filter.types !== undefined) clauses.push(`type = ANY(${param(filter.types)}::text[])`);
  // Business times come in any order along the log: a range of them is a condition, not positions.
  if (filter.occurredFrom !== undefined) clauses.push(`${OCCURRED_AT} >= ${param(filter.occurredFrom)}`);
  if (filter.occurredTo !== undefined) clauses.push(`${OCCURRED_AT} <= ${param(filter.occurredTo)}`);

  let range = above(WHOLE_LOG, filter.fromPosition);
  if (filter.from !== undefined) {
    const first = await positionOf(db, auditLogSql.firstRecordedFrom, filter.from);
    if (first === undefined) return null;
    range = { ...range, low: Math.max(range.low, first) };
  }
  if (filter.to !== undefined) {
    const last = await positionOf(db, auditLogSql.lastRecordedBy, filter.to);
    if (last === undefined) return null;
    range = { ...range, high: Math.min(range.high, last) };
  }
  return { clauses, params, orderBy, range };
};

/** One page of the audit log, oldest first; the same answers as the other stores and the read-model table. */
export const queryAuditLog = async (log: PostgresLog, filter: AuditLogFilter, page: AuditLogPage): Promise<AuditLogResult> => {
  const { backwards, size } = auditLogWindowOf(filter, page);
  return inTransaction(log.pool, 'BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY', async (db) => {
    const query = await auditLogQueryOf(db, filter);
    if (!query) return emptyAuditLogPage();
    const { orderBy, range } = query;
    let totalCount: number | null = null;
    if (page.countTotal !== false) {
      const counted = within(query, range);
      totalCount = Number((await db.query<{ count: string }>(auditLogSql.count(counted.where), counted.params)).rows[0].count);
    }

    const window = within(query, below(above(range, page.after), page.before));
    const limit = `$${window.params.length + 1}`;
    const { rows } = await db.query<EventRow>(auditLogSql.page(window.where, orderBy, backwards, limit), [...window.params, size + 1]);
    const more = rows.length > size;
    const events = rows.slice(0, size).map(eventFromRow);
    if (backwards) events.reverse();

    // The side the page was not read from: is anything there, within the filter?
    const anyIn = async (part: PositionRange): Promise<boolean> => {
      const beyond = within(query, part);
      return (await db.query<{ found: boolean }>(auditLogSql.exists(beyond.where), beyond.params)).rows[0].found;
    };
    return {
      events,
      totalCount,
      hasNextPage: backwards ? page.before !== undefined && (await anyIn(above(range, page.before, true))) : more,
      hasPreviousPage: backwards ? more : page.after !== undefined && (await anyIn(below(range, page.after, true))),
    };
  });
};
