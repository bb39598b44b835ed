import { categoryOf, entityIdOf } from '../../core/streams';
import { auditLogWindowOf } from '../audit-log-page';
import type { AuditLogFilter, AuditLogPage, AuditLogResult, RecordedEvent } from '../event-store';
import { comparePositions } from '../position';
import { copyOut, type MemoryLog } from './memory-log';

const matches =
  (filter: AuditLogFilter) =>
  (event: RecordedEvent): boolean =>
    (filter.actorId === undefined || event.metadata.actor.id === filter.actorId) &&
    (filter.entityType === undefined || categoryOf(event.streamId) === filter.entityType) &&
    (filter.entityId === undefined || entityIdOf(event.streamId) === filter.entityId) &&
    (filter.types === undefined || filter.types.includes(event.type)) &&
    (filter.from === undefined || event.recordedAt >= filter.from) &&
    (filter.to === undefined || event.recordedAt <= filter.to) &&
    (filter.occurredFrom === undefined || event.metadata.occurredAt >= filter.occurredFrom) &&
    (filter.occurredTo === undefined || event.metadata.occurredAt <= filter.occurredTo) &&
    (filter.fromPosition === undefined || comparePositions(event.position, filter.fromPosition) > 0);

/** The whole log filtered, then cut: the plain statement of what the indexed stores must answer. */
export const queryAuditLog = (log: MemoryLog, filter: AuditLogFilter, page: AuditLogPage): AuditLogResult => {
  const { backwards, size } = auditLogWindowOf(filter, page);
  const matching = log.events.filter(matches(filter));
  const { after, before } = page;
  const window = matching.filter(
    (event) =>
      (after === undefined || comparePositions(event.position, after) > 0) &&
      (before === undefined || comparePositions(event.position, before) < 0),
  );
  const events = backwards ? window.slice(Math.max(window.length - size, 0)) : window.slice(0, size);
  const more = window.length > size;
  return {
    events: copyOut(events),
    totalCount: page.countTotal === false ? null : matching.length,
    hasNextPage: backwards
      ? before !== undefined && matching.some((event) => comparePositions(event.position, before) >= 0)
      : more,
    hasPreviousPage: backwards
      ? more
      : after !== undefined && matching.some((event) => comparePositions(event.position, after) <= 0),
  };
};
