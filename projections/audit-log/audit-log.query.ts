import type { Database } from 'better-sqlite3';
import { auditLogWindowOf, emptyAuditLogPage } from '../../src/eventstore/audit-log-page';
import type { AuditLogFilter, AuditLogPage, AuditLogResult, RecordedEvent } from '../../src/eventstore/event-store';
import { AUDIT_LOG_TABLE, positionKey } from './audit-log.table';

const POSITION = '(commit_position, prepare_position)';

interface Where {
  clauses: string[];
  params: Record<string, unknown>;
}

// A cursor may have 20 digits; no stored position comes near SQLite's largest integer, so a larger
// cursor compares with every one of them as that integer does (binding it would throw).
const INTEGER_MAX = 2n ** 63n - 1n;
const bindable = (part: bigint): bigint => (part > INTEGER_MAX ? INTEGER_MAX : part);

const positionBound = (where: Where, name: string, operator: '>' | '>=' | '<' | '<=', position: string): void => {
  const key = positionKey(position);
  const [commit, prepare] = [bindable(key.commit), bindable(key.prepare)];
  where.clauses.push(`${POSITION} ${operator} (@${name}Commit, @${name}Prepare)`);
  where.params[`${name}Commit`] = commit;
  where.params[`${name}Prepare`] = prepare;
};

/**
 * Recorded times never decrease in position order (every store guarantees it; as-of reads rely on
 * it too), so a time range is also a position range: two index seeks turn it into bounds that
 * every per-filter index can use, instead of sorting all events of the range by position.
 */
const timeAsPositions = (db: Database, filter: AuditLogFilter, where: Where): boolean => {
  if (filter.from !== undefined) {
    const first = db
      .prepare(`SELECT position FROM ${AUDIT_LOG_TABLE} WHERE recorded_at >= ? ORDER BY recorded_at, commit_position, prepare_position LIMIT 1`)
      .get(filter.from) as { position: string } | undefined;
    if (!first) return false;
    positionBound(where, 'fromTime', '>=', first.position);
    where.clauses.push('recorded_at >= @from');
    where.params.from = filter.from;
  }
  if (filter.to !== undefined) {
    const last = db
      .prepare(
        `SELECT position FROM ${AUDIT_LOG_TABLE} WHERE recorded_at <= ? ORDER BY recorded_at DESC, commit_position DESC, prepare_position DESC LIMIT 1`,
      )
      .get(filter.to) as { position: string } | undefined;
    if (!last) return false;
    positionBound(where, 'toTime', '<=', last.position);
    where.clauses.push('recorded_at <= @to');
    where.params.to = filter.to;
  }
  return true;
};

const whereOf = (db: Database, filter: AuditLogFilter): Where | null => {
  const where: Where = { clauses: [], params: {} };
  const equals = (column: string, name: keyof AuditLogFilter) => {
    const value = filter[name];
    if (value === undefined) return;
    where.clauses.push(`${column} = @${name}`);
    where.params[name] = value;
  };
  equals('actor_id', 'actorId');
  equals('entity_type', 'entityType');
  equals('entity_id', 'entityId');
  if (filter.types !== undefined) {
    if (filter.types.length === 0) return null;
    where.clauses.push(`type IN (${filter.types.map((_, index) => `@type${index}`).join(', ')})`);
    filter.types.forEach((type, index) => (where.params[`type${index}`] = type));
  }
  if (filter.fromPosition !== undefined) positionBound(where, 'fromPosition', '>', filter.fromPosition);
  // Business times come in any order along the log: a range of them is a condition (audit_log_by_occurred_at).
  if (filter.occurredFrom !== undefined) {
    where.clauses.push('occurred_at >= @occurredFrom');
    where.params.occurredFrom = filter.occurredFrom;
  }
  if (filter.occurredTo !== undefined) {
    where.clauses.push('occurred_at <= @occurredTo');
    where.params.occurredTo = filter.occurredTo;
  }
  if (!timeAsPositions(db, filter, where)) return null;
  return where;
};

const sqlOf = (where: Where): string => (where.clauses.length ? where.clauses.join(' AND ') : '1');

const exists = (db: Database, where: Where): boolean =>
  (db.prepare(`SELECT EXISTS (SELECT 1 FROM ${AUDIT_LOG_TABLE} WHERE ${sqlOf(where)}) AS found`).get(where.params) as { found: number })
    .found === 1;

/**
 * One page of the audit log, oldest first, found through the table's indexes: for a store that
 * cannot answer `queryAuditLog` from its own log (see audit-log.ts).
 */
export const queryAuditLog = (db: Database, filter: AuditLogFilter, page: AuditLogPage): AuditLogResult => {
  const { backwards, size } = auditLogWindowOf(filter, page);
  const where = whereOf(db, filter);
  if (!where) return emptyAuditLogPage();
  const totalCount =
    page.countTotal === false
      ? null
      : (db.prepare(`SELECT count(*) AS count FROM ${AUDIT_LOG_TABLE} WHERE ${sqlOf(where)}`).get(where.params) as { count: number }).count;

  const window: Where = { clauses: [...where.clauses], params: { ...where.params } };
  if (page.after !== undefined) positionBound(window, 'after', '>', page.after);
  if (page.before !== undefined) positionBound(window, 'before', '<', page.before);
  const rows = db
    .prepare(
      `SELECT event FROM ${AUDIT_LOG_TABLE} WHERE ${sqlOf(window)}
       ORDER BY commit_position ${backwards ? 'DESC' : 'ASC'}, prepare_position ${backwards ? 'DESC' : 'ASC'} LIMIT @limit`,
    )
    .all({ ...window.params, limit: size + 1 }) as { event: string }[];
  const more = rows.length > size;
  const events = rows.slice(0, size).map((row) => JSON.parse(row.event) as RecordedEvent);
  if (backwards) events.reverse();

  // The side the page was not read from: is anything there, within the filter?
  const beyond = (name: string, operator: '<=' | '>=', position: string | undefined): boolean => {
    if (position === undefined) return false;
    const other: Where = { clauses: [...where.clauses], params: { ...where.params } };
    positionBound(other, name, operator, position);
    return exists(db, other);
  };
  return {
    events,
    totalCount,
    hasNextPage: backwards ? beyond('beforeEdge', '>=', page.before) : more,
    hasPreviousPage: backwards ? more : beyond('afterEdge', '<=', page.after),
  };
};
