import type { Database } from 'better-sqlite3';
import type { Logger } from 'pino';
import { EventStoreUnavailable } from '../errors';

/** Marks a file as Daftar's event log ('DFTR'), so that no other SQLite file is ever taken for one. */
export const DAFTAR_APPLICATION_ID = 0x44465452;

interface Migration {
  version: number;
  description: string;
  sql: string;
}

/**
 * Append-only: a schema change is a new entry, never an edit of a shipped one, because
 * `PRAGMA user_version` records how far each file has come.
 */
const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    description: 'events and idempotent appends',
    sql: `
      CREATE TABLE events (
        position       INTEGER PRIMARY KEY,
        event_id       TEXT    NOT NULL UNIQUE,
        stream_id      TEXT    NOT NULL,
        revision       INTEGER NOT NULL,
        type           TEXT    NOT NULL,
        schema_version INTEGER NOT NULL,
        data           TEXT    NOT NULL,
        metadata       TEXT    NOT NULL,
        recorded_at    TEXT    NOT NULL,
        actor_id       TEXT    NOT NULL,
        entity_type    TEXT    NOT NULL,
        entity_id      TEXT    NOT NULL,
        hash           TEXT    NOT NULL,
        previous_hash  TEXT    NOT NULL,
        UNIQUE (stream_id, revision)
      ) STRICT;
      CREATE INDEX events_by_recorded_at ON events (recorded_at);
      CREATE INDEX events_by_actor ON events (actor_id, position);
      CREATE INDEX events_by_entity ON events (entity_type, entity_id, position);
      CREATE INDEX events_by_type ON events (type, position);
      CREATE TABLE idempotent_appends (
        actor_id        TEXT    NOT NULL,
        idempotency_key TEXT    NOT NULL,
        stream_id       TEXT    NOT NULL,
        first_position  INTEGER NOT NULL,
        last_position   INTEGER NOT NULL,
        PRIMARY KEY (actor_id, idempotency_key)
      ) STRICT, WITHOUT ROWID;
    `,
  },
  {
    // The audit log is read from events (query-audit-log.ts), so an entity type's events must come
    // in position order; an entity's own are found through its streams' (stream_id, revision) index.
    // One index replaces another: an append writes no more than before.
    version: 2,
    description: 'events of an entity type in position order, for the audit log',
    sql: `
      DROP INDEX events_by_entity;
      CREATE INDEX events_by_entity_type ON events (entity_type, position);
    `,
  },
  {
    // Events are facts: no statement may change or remove one, whoever runs it (a bug, a script, a
    // hand on the sqlite3 shell). Dropping a trigger is still possible; the hash chain, verified
    // on a schedule, is what catches an edit then.
    version: 3,
    description: 'triggers refuse UPDATE and DELETE on events',
    sql: `
      CREATE TRIGGER events_are_never_updated BEFORE UPDATE ON events
      BEGIN SELECT RAISE(ABORT, 'events are never changed: the log is append-only'); END;
      CREATE TRIGGER events_are_never_deleted BEFORE DELETE ON events
      BEGIN SELECT RAISE(ABORT, 'events are never deleted: the log is append-only'); END;
    `,
  },
  {
    // Business time (when a thing happened, told by the clerk) lives in the metadata the hash
    // covers; an index on the expression finds it without a column to fill, so a file of an older
    // version gains it in place without one row changing (the triggers above forbid that anyway).
    version: 4,
    description: 'events by business time (metadata.occurredAt), for the audit log',
    sql: `
      CREATE INDEX events_by_occurred_at ON events (json_extract(metadata, '$.occurredAt'), position);
    `,
  },
];

export const LATEST_SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1].version;

/**
 * The schema version of a file that is ours (0 for a new, empty file); throws for anything else.
 * Runs on a read-only probe before the file is opened for writing, and again inside the migration
 * transaction, so a foreign file is refused before a single byte of it could change.
 */
export const schemaVersionOf = (db: Database, file: string): number => {
  const applicationId = db.pragma('application_id', { simple: true }) as number;
  const userVersion = db.pragma('user_version', { simple: true }) as number;
  if (applicationId === DAFTAR_APPLICATION_ID) {
    if (userVersion > LATEST_SCHEMA_VERSION)
      throw new EventStoreUnavailable(
        `${file} has event store schema version ${userVersion}, newer than this Daftar knows (${LATEST_SCHEMA_VERSION}): upgrade Daftar to open it`,
      );
    return userVersion;
  }
  if (applicationId !== 0)
    throw new EventStoreUnavailable(
      `${file} belongs to another application (SQLite application_id ${applicationId}): it is not a Daftar event store, and was left untouched`,
    );
  const objects = db.prepare(`SELECT count(*) FROM sqlite_schema WHERE name NOT LIKE 'sqlite_%'`).pluck().get() as number;
  if (objects > 0 || userVersion !== 0)
    throw new EventStoreUnavailable(
      `${file} is a SQLite database of another application (it has ${objects} tables or indexes and no Daftar application_id): it was left untouched`,
    );
  return 0;
};

/**
 * Brings a file of ours to the latest schema (or, for a test that needs a file as an older Daftar
 * left it, to `upTo`), one transaction for all steps.
 */
export const migrate = (db: Database, file: string, logger?: Logger, upTo = LATEST_SCHEMA_VERSION): void => {
  const apply = db.transaction(() => {
    const from = schemaVersionOf(db, file);
    const pending = MIGRATIONS.filter((migration) => migration.version > from && migration.version <= upTo);
    for (const migration of pending) {
      db.exec(migration.sql);
      db.exec(`PRAGMA user_version = ${migration.version}`);
    }
    if (from === 0) db.exec(`PRAGMA application_id = ${DAFTAR_APPLICATION_ID}`);
    return { from, pending };
  });
  const { from, pending } = apply.immediate();
  for (const migration of pending)
    logger?.info({ file, from, version: migration.version, migration: migration.description }, 'event store schema migrated');
};
