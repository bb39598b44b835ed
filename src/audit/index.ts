import { AuditResolver } from './audit.resolver';
import { EventRecordResolver } from './event-record.resolver';
import { IntegrityResolver } from './integrity.resolver';
import { LiveEventsResolver } from './live-events.resolver';

/** The audit side of the schema: history, audit log, diff, integrity, live events and each event's changes. */
export const auditResolvers = [AuditResolver, EventRecordResolver, IntegrityResolver, LiveEventsResolver] as const;
