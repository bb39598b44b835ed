import type { Logger } from '../../src/logger';
import type { AuditLogFilter, AuditLogPage, AuditLogResult, EventStore } from '../../src/eventstore/event-store';
import type { ReadModelStore } from '../read-model-store';
import type { TableProjection } from '../table-projection';
import { queryAuditLog } from './audit-log.query';
import { AUDIT_LOG_TABLE, auditLogTable } from './audit-log.table';

/** Where the audit log is answered from, and what the projection runner must keep for it. */
export interface AuditLog {
  /** Table projections for the runner: none when the store answers from its own log. */
  readonly tables: readonly TableProjection[];
  query(filter: AuditLogFilter, page: AuditLogPage): Promise<AuditLogResult>;
}

const hasAuditLogTable = (readModels: ReadModelStore): boolean =>
  readModels.db.prepare(`SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = ?`).get(AUDIT_LOG_TABLE) !== undefined;

/**
 * The table is derived data (a copy of every event): a store that answers the audit log itself
 * never reads it again, so it goes, and VACUUM hands its pages back to the file system (after a
 * DROP alone the file keeps its size). Only space is at stake, so a failure (another process
 * holding the file) is logged and start-up carries on.
 */
const dropLeftoverTable = (readModels: ReadModelStore, logger: Logger): void => {
  if (!hasAuditLogTable(readModels)) return;
  const started = performance.now();
  try {
    readModels.db.exec(`DROP TABLE ${AUDIT_LOG_TABLE}`);
    readModels.db.exec('VACUUM');
    logger.info({ ms: Math.round(performance.now() - started) }, 'audit-log table dropped from the read-model file: the event store answers the audit log');
  } catch (error) {
    logger.warn({ err: error }, 'the audit-log table left in the read-model file could not be dropped; it is no longer read');
  }
};

/**
 * A read-model file kept while the store answered the audit log has no table, yet a checkpoint: a
 * table set up now would hold only the events after it. The read models are rebuilt instead, so
 * the table holds every event.
 */
const rebuildWhenTableMissing = (readModels: ReadModelStore, logger: Logger): void => {
  if (hasAuditLogTable(readModels) || readModels.checkpoint() === null) return;
  logger.warn('the read-model file has no audit-log table, which this event store needs: rebuilding the read models');
  readModels.clear();
};

/**
 * The one place that chooses: a store with `queryAuditLog` (SQLite, memory) answers from its own
 * indexes and the read-model file keeps no copy of the log; any other (EventStoreDB) gets the
 * audit-log table, filled by the projection runner. Call before the runner starts.
 */
export const auditLogOf = (store: EventStore, readModels: ReadModelStore, logger: Logger): AuditLog => {
  const answeredByStore = store.queryAuditLog?.bind(store);
  if (answeredByStore) {
    dropLeftoverTable(readModels, logger);
    return { tables: [], query: answeredByStore };
  }
  rebuildWhenTableMissing(readModels, logger);
  return { tables: [auditLogTable], query: async (filter, page) => queryAuditLog(readModels.db, filter, page) };
};
