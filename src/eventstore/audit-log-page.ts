import type { AuditLogFilter, AuditLogPage, AuditLogResult } from './event-store';
import { parsePosition } from './position';

/** Which end of the filtered log a page is read from, and how many events it holds. */
export interface AuditLogWindow {
  backwards: boolean;
  size: number;
}

/**
 * The one reading of a page every audit-log implementation shares: `last` (with `before`) reads
 * backwards, anything else forwards; a cursor that is not a position is refused before any read,
 * whether or not the log has events to compare it with.
 */
export const auditLogWindowOf = (filter: AuditLogFilter, page: AuditLogPage): AuditLogWindow => {
  for (const position of [filter.fromPosition, page.after, page.before]) if (position !== undefined) parsePosition(position);
  const backwards = page.last !== undefined;
  const size = (backwards ? page.last : page.first) ?? page.defaultSize;
  if (!Number.isInteger(size) || size < 0) throw new RangeError(`an audit-log page size must be a non-negative integer, got ${size}`);
  return { backwards, size };
};

export const emptyAuditLogPage = (): AuditLogResult => ({ events: [], totalCount: 0, hasNextPage: false, hasPreviousPage: false });
