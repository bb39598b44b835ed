import type { Database, Statement } from 'better-sqlite3';
import { parsePosition } from '../../src/eventstore/position';
import { categoryOf, entityIdOf } from '../../src/core/streams';
import type { TableProjection } from '../table-projection';

export const AUDIT_LOG_TABLE = 'audit_log';

/**
 * Every event once, with the columns auditors filter on. Positions are kept as two integers,
 * (commit, prepare), because EventStoreDB's are pairs and may exceed 2^53; SQLite's and memory's
 * plain sequence numbers are stored as (n, n), which orders them the same way `comparePositions` does.
 */
const SCHEMA = `
  CREATE TABLE IF NOT EXISTS ${AUDIT_LOG_TABLE} (
    commit_position  INTEGER NOT NULL,
    prepare_position INTEGER NOT NULL,
    position         TEXT    NOT NULL,
    event_id         TEXT    NOT NULL,
    stream_id        TEXT    NOT NULL,
    entity_type      TEXT    NOT NULL,
    entity_id        TEXT    NOT NULL,
    type             TEXT    NOT NULL,
    actor_id         TEXT    NOT NULL,
    recorded_at      TEXT    NOT NULL,
    occurred_at      TEXT    NOT NULL,
    event            TEXT    NOT NULL,
    UNIQUE (commit_position, prepare_position)
  ) STRICT;
  CREATE INDEX IF NOT EXISTS audit_log_by_actor ON ${AUDIT_LOG_TABLE} (actor_id, commit_position, prepare_position);
  CREATE INDEX IF NOT EXISTS audit_log_by_entity_type ON ${AUDIT_LOG_TABLE} (entity_type, commit_position, prepare_position);
  CREATE INDEX IF NOT EXISTS audit_log_by_entity ON ${AUDIT_LOG_TABLE} (entity_id, commit_position, prepare_position);
  CREATE INDEX IF NOT EXISTS audit_log_by_type ON ${AUDIT_LOG_TABLE} (type, commit_position, prepare_position);
  CREATE INDEX IF NOT EXISTS audit_log_by_recorded_at ON ${AUDIT_LOG_TABLE} (recorded_at, commit_position, prepare_position);
  CREATE INDEX IF NOT EXISTS audit_log_by_occurred_at ON ${AUDIT_LOG_TABLE} (occurred_at, commit_position, prepare_position);
`;

/** (commit, prepare) as SQLite binds them: BigInt keeps positions beyond 2^53 exact. */
export const positionKey = (position: string): { commit: bigint; prepare: bigint } => {
  const [commit, prepare] = parsePosition(position);
  return { commit, prepare };
};

const statementsByDb = new WeakMap<Database, { insert: Statement; discardAfter: Statement; discardAll: Statement }>();

const statementsOf = (db: Database) => {
  let statements = statementsByDb.get(db);
  if (!statements) {
    statements = {
      insert: db.prepare(`
        INSERT OR IGNORE INTO ${AUDIT_LOG_TABLE}
          (commit_position, prepare_position, position, event_id, stream_id, entity_type, entity_id, type, actor_id, recorded_at, occurred_at, event)
        VALUES (@commit, @prepare, @position, @eventId, @streamId, @entityType, @entityId, @type, @actorId, @recordedAt, @occurredAt, @event)`),
      discardAfter: db.prepare(
        `DELETE FROM ${AUDIT_LOG_TABLE} WHERE (commit_position, prepare_position) > (@commit, @prepare)`,
      ),
      discardAll: db.prepare(`DELETE FROM ${AUDIT_LOG_TABLE}`),
    };
    statementsByDb.set(db, statements);
  }
  return statements;
};

export const auditLogTable: TableProjection = {
  name: AUDIT_LOG_TABLE,
  setUp: (db) => {
    db.exec(SCHEMA);
  },
  discardAfter: (db, position) => {
    const { discardAfter, discardAll } = statementsOf(db);
    if (position === null) discardAll.run();
    else discardAfter.run(positionKey(position));
  },
  apply: (db, events) => {
    const { insert } = statementsOf(db);
    for (const event of events)
      insert.run({
        ...positionKey(event.position),
        position: event.position,
        eventId: event.eventId,
        streamId: event.streamId,
        entityType: categoryOf(event.streamId),
        entityId: entityIdOf(event.streamId),
        type: event.type,
        actorId: event.metadata.actor.id,
        recordedAt: event.recordedAt,
        occurredAt: event.metadata.occurredAt,
        event: JSON.stringify(event),
      });
  },
};
