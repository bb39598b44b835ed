import type { ClientBase } from 'pg';
import type { Logger } from 'pino';
import { EventStoreUnavailable } from '../errors';
import { GENESIS_HASH } from '../hash-chain';
import { APPEND_LOCK, APPENDED_CHANNEL, MIGRATION_LOCK } from './advisory-locks';

/** Its presence marks a database (a schema of it, through search_path) as holding a Daftar event store. */
export const MIGRATIONS_TABLE = 'daftar_schema_migrations';

interface Migration {
  version: number;
  description: string;
  sql: string;
}

/**
 * The append, in the database: one round trip takes the lock, checks, inserts and announces. The
 * events come as one JSON array (one parameter: a dozen array parameters cost the server more to
 * take in than the insert itself).
 *
 * The client numbers, times and hashes the events against the head and stream revision it believes
 * in (hashing happens in Node, where the canonical JSON is); the function takes the append lock,
 * then reads the real ones, and inserts only when they are what the client assumed. Otherwise it
 * inserts nothing and returns them ('moved'), and the client seals again and retries.
 *
 * Why the lock comes first, in a statement of its own: under READ COMMITTED every statement reads
 * the snapshot taken when it starts. A statement that took the lock and read the head at once
 * would read the snapshot taken before it waited for the lock, so it could miss the append that
 * held the lock and committed meanwhile, and chain to a stale head. A VOLATILE function takes a
 * new snapshot for each statement in it, so the reads after PERFORM pg_advisory_xact_lock see every
 * append committed before the lock was granted. The lock is released only after the commit is
 * visible, so appends commit one at a time, in position order: a reader that has seen position n
 * has seen every position before it, and can never skip an event committed late.
 */
const appendFunction = `
  CREATE FUNCTION daftar_append(
    p_stream_id text, p_first_revision integer, p_after_position bigint, p_previous_hash text,
    p_recorded_at text, p_entity_type text, p_entity_id text, p_events json,
    p_idempotency_actor text, p_idempotency_key text)
  RETURNS TABLE (outcome text, head_position bigint, head_hash text, head_recorded_at text,
                 stream_revision integer, replay_first bigint, replay_last bigint)
  LANGUAGE plpgsql VOLATILE AS $append$
  DECLARE
    v_revision integer;
    v_position bigint;
    v_hash text;
    v_recorded_at text;
    v_first bigint;
    v_last bigint;
  BEGIN
    PERFORM pg_advisory_xact_lock(${APPEND_LOCK});
    IF p_idempotency_key IS NOT NULL THEN
      SELECT a.first_position, a.last_position INTO v_first, v_last FROM idempotent_appends a
       WHERE a.actor_id = p_idempotency_actor AND a.idempotency_key = p_idempotency_key;
      IF FOUND THEN
        RETURN QUERY SELECT 'replay'::text, NULL::bigint, NULL::text, NULL::text, NULL::integer, v_first, v_last;
        RETURN;
      END IF;
    END IF;
    SELECT e.revision INTO v_revision FROM events e WHERE e.stream_id = p_stream_id ORDER BY e.revision DESC LIMIT 1;
    SELECT e.position, e.hash, e.recorded_at INTO v_position, v_hash, v_recorded_at FROM events e ORDER BY e.position DESC LIMIT 1;
    IF coalesce(v_revision, -1) + 1 <> p_first_revision
       OR coalesce(v_position, 0) <> p_after_position
       OR coalesce(v_hash, '${GENESIS_HASH}') <> p_previous_hash THEN
      RETURN QUERY SELECT 'moved'::text, v_position, v_hash, v_recorded_at, v_revision, NULL::bigint, NULL::bigint;
      RETURN;
    END IF;
    -- data and metadata arrive as JSON strings holding the JSON text, which a text column takes as it is.
    INSERT INTO events (position, event_id, stream_id, revision, type, schema_version, data, metadata,
                        recorded_at, actor_id, entity_type, entity_id, hash, previous_hash)
    SELECT p_after_position + e.n, e.event_id, p_stream_id, p_first_revision + e.n::integer - 1, e.type,
           e.schema_version, e.data, e.metadata, p_recorded_at, e.actor_id, p_entity_type, p_entity_id,
           e.hash, e.previous_hash
      FROM ROWS FROM (json_to_recordset(p_events) AS (event_id text, type text, schema_version integer, data text,
                                                      metadata text, actor_id text, hash text, previous_hash text))
           WITH ORDINALITY AS e(event_id, type, schema_version, data, metadata, actor_id, hash, previous_hash, n);
    v_last := p_after_position + json_array_length(p_events);
    IF p_idempotency_key IS NOT NULL THEN
      INSERT INTO idempotent_appends (actor_id, idempotency_key, stream_id, first_position, last_position)
      VALUES (p_idempotency_actor, p_idempotency_key, p_stream_id, p_after_position + 1, v_last);
    END IF;
    -- Delivered to listeners when (and only if) this transaction commits.
    PERFORM pg_notify('${APPENDED_CHANNEL}', v_last::text);
    RETURN QUERY SELECT 'appended'::text, v_last, NULL::text, p_recorded_at, NULL::integer, NULL::bigint, NULL::bigint;
  END
  $append$`;

/**
 * The append of one event, which is nearly every append: the same lock, checks, insert and
 * notification as `daftar_append`, with the event as plain parameters and one text as the answer.
 * Measured against `daftar_append` on the same rows, it costs the server and the client less per
 * call: no JSON array taken apart (`json_to_recordset`), no result set materialised
 * (`RETURN QUERY` fills a tuplestore), one column for the driver to describe instead of seven.
 *
 * The answer is 'appended', or a JSON object for the rare others: `{"outcome":"replay","first",
 * "last"}` when the idempotency key names an earlier append, `{"outcome":"moved","position","hash",
 * "recorded_at","revision"}` when the log is not as the client assumed (then nothing was written).
 * Why the lock is taken first, apart from the statements that read: see `daftar_append` above.
 */
const appendOneFunction = `
  CREATE FUNCTION daftar_append_one(
    p_stream_id text, p_revision integer, p_after_position bigint, p_previous_hash text,
    p_recorded_at text, p_entity_type text, p_entity_id text, p_event_id text, p_type text,
    p_schema_version integer, p_data text, p_metadata text, p_actor_id text, p_hash text,
    p_idempotency_actor text, p_idempotency_key text)
  RETURNS text
  LANGUAGE plpgsql VOLATILE AS $append$
  DECLARE
    v_revision integer;
    v_position bigint;
    v_hash text;
    v_recorded_at text;
    v_first bigint;
    v_last bigint;
    v_void text;
  BEGIN
    -- An assignment rather than PERFORM: a plain expression is evaluated without starting an
    -- executor (PERFORM runs a SELECT). The next statement still takes its snapshot after the lock.
    v_void := pg_advisory_xact_lock(${APPEND_LOCK})::text;
    IF p_idempotency_key IS NOT NULL THEN
      SELECT a.first_position, a.last_position INTO v_first, v_last FROM idempotent_appends a
       WHERE a.actor_id = p_idempotency_actor AND a.idempotency_key = p_idempotency_key;
      IF FOUND THEN
        RETURN json_build_object('outcome', 'replay', 'first', v_first::text, 'last', v_last::text)::text;
      END IF;
    END IF;
    SELECT e.revision INTO v_revision FROM events e WHERE e.stream_id = p_stream_id ORDER BY e.revision DESC LIMIT 1;
    SELECT e.position, e.hash, e.recorded_at INTO v_position, v_hash, v_recorded_at FROM events e ORDER BY e.position DESC LIMIT 1;
    IF coalesce(v_revision, -1) + 1 <> p_revision
       OR coalesce(v_position, 0) <> p_after_position
       OR coalesce(v_hash, '${GENESIS_HASH}') <> p_previous_hash THEN
      RETURN json_build_object('outcome', 'moved', 'position', v_position::text, 'hash', v_hash,
                               'recorded_at', v_recorded_at, 'revision', v_revision)::text;
    END IF;
    INSERT INTO events (position, event_id, stream_id, revision, type, schema_version, data, metadata,
                        recorded_at, actor_id, entity_type, entity_id, hash, previous_hash)
    VALUES (p_after_position + 1, p_event_id, p_stream_id, p_revision, p_type, p_schema_version, p_data,
            p_metadata, p_recorded_at, p_actor_id, p_entity_type, p_entity_id, p_hash, p_previous_hash);
    IF p_idempotency_key IS NOT NULL THEN
      INSERT INTO idempotent_appends (actor_id, idempotency_key, stream_id, first_position, last_position)
      VALUES (p_idempotency_actor, p_idempotency_key, p_stream_id, p_after_position + 1, p_after_position + 1);
    END IF;
    -- Delivered to listeners when (and only if) this transaction commits.
    v_void := pg_notify('${APPENDED_CHANNEL}', (p_after_position + 1)::text)::text;
    RETURN 'appended';
  END
  $append$`;

/**
 * Append-only: a schema change is a new entry, never an edit of a shipped one, because the
 * migrations table records how far each database has come.
 *
 * Text columns that are compared or sorted use the "C" collation: byte order, whatever the
 * database's locale, so that ISO times sort as times and ids compare as in the other stores.
 * Data and metadata are kept as JSON text, not jsonb: jsonb refuses \u0000 and lone surrogates,
 * which JSON.stringify writes and the other stores keep.
 */
const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    description: 'events, idempotent appends and the append function',
    sql: `
      CREATE TABLE events (
        position       bigint  PRIMARY KEY,
        event_id       text    NOT NULL CONSTRAINT events_event_id_unique UNIQUE,
        stream_id      text    COLLATE "C" NOT NULL,
        revision       integer NOT NULL,
        type           text    COLLATE "C" NOT NULL,
        schema_version integer NOT NULL,
        data           text    NOT NULL,
        metadata       text    NOT NULL,
        recorded_at    text    COLLATE "C" NOT NULL,
        actor_id       text    COLLATE "C" NOT NULL,
        entity_type    text    COLLATE "C" NOT NULL,
        entity_id      text    COLLATE "C" NOT NULL,
        hash           text    NOT NULL,
        previous_hash  text    NOT NULL,
        CONSTRAINT events_stream_revision_unique UNIQUE (stream_id, revision)
      );
      CREATE INDEX events_by_recorded_at ON events (recorded_at, position);
      CREATE INDEX events_by_actor ON events (actor_id, position);
      CREATE INDEX events_by_entity_type ON events (entity_type, position);
      CREATE INDEX events_by_type ON events (type, position);
      CREATE TABLE idempotent_appends (
        actor_id        text   NOT NULL,
        idempotency_key text   NOT NULL,
        stream_id       text   NOT NULL,
        first_position  bigint NOT NULL,
        last_position   bigint NOT NULL,
        PRIMARY KEY (actor_id, idempotency_key)
      );
      ${appendFunction};
    `,
  },
  {
    // Business time lives in the metadata (text, as stored and hashed); an index on the expression
    // finds it without a column to fill, so an older database gains it in place, no row rewritten.
    // "C" as everywhere: ISO times sort as times in byte order.
    version: 2,
    description: 'events by business time (metadata occurredAt), for the audit log',
    sql: `CREATE INDEX events_by_occurred_at ON events (((metadata::json ->> 'occurredAt') COLLATE "C"), position)`,
  },
  {
    // A function beside daftar_append, which stays for appends of several events (and for a node
    // of the previous version still running during an upgrade until it stops: it refuses to open
    // this schema version, but one already open keeps appending through daftar_append).
    version: 3,
    description: 'daftar_append_one: the append of a single event, as plain parameters',
    sql: appendOneFunction,
  },
];

export const LATEST_SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1].version;

/** The tables of ours found in the schema the connection creates in (the first of its search_path). */
const TABLES_PRESENT = `
  SELECT to_regclass(format('%I.%I', current_schema(), '${MIGRATIONS_TABLE}')) IS NOT NULL AS migrations,
         to_regclass(format('%I.%I', current_schema(), 'events')) IS NOT NULL AS events,
         to_regclass(format('%I.%I', current_schema(), 'idempotent_appends')) IS NOT NULL AS idempotent_appends,
         current_schema() AS schema`;

/**
 * The schema version of a database of ours (0 when it holds none of our tables); throws for a
 * newer one, and for a database whose tables of these names belong to something else.
 */
const schemaVersionOf = async (client: ClientBase, description: string): Promise<number> => {
  const {
    rows: [present],
  } = await client.query<{ migrations: boolean; events: boolean; idempotent_appends: boolean; schema: string | null }>(TABLES_PRESENT);
  if (present.schema === null)
    throw new EventStoreUnavailable(`PostgreSQL at ${description} has no schema to create the event store in: its search_path names none that exists`);
  if (!present.migrations) {
    if (present.events || present.idempotent_appends)
      throw new EventStoreUnavailable(
        `PostgreSQL at ${description} already has an events or idempotent_appends table in schema ${present.schema} without ${MIGRATIONS_TABLE}: it is not a Daftar event store, and was left untouched`,
      );
    return 0;
  }
  const {
    rows: [{ version }],
  } = await client.query<{ version: number }>(`SELECT coalesce(max(version), 0) AS version FROM ${MIGRATIONS_TABLE}`);
  if (version > LATEST_SCHEMA_VERSION)
    throw new EventStoreUnavailable(
      `PostgreSQL at ${description} has event store schema version ${version}, newer than this Daftar knows (${LATEST_SCHEMA_VERSION}): upgrade Daftar to open it`,
    );
  return version;
};

/**
 * Brings the database to the latest schema (or, for a test that needs one as an older Daftar left
 * it, to `upTo`), in one transaction, under the migration lock: a second node starting at the same
 * time waits, then finds the work done. DDL is transactional in PostgreSQL, so a failed step leaves
 * the database as it was.
 */
export const migrate = async (client: ClientBase, description: string, logger?: Logger, upTo = LATEST_SCHEMA_VERSION): Promise<void> => {
  await client.query('BEGIN');
  let applied: Migration[] = [];
  let from = 0;
  try {
    await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK.toString()]);
    from = await schemaVersionOf(client, description);
    applied = MIGRATIONS.filter((migration) => migration.version > from && migration.version <= upTo);
    if (applied.length > 0 && from === 0)
      await client.query(`
        CREATE TABLE ${MIGRATIONS_TABLE} (
          version     integer     PRIMARY KEY,
          description text        NOT NULL,
          applied_at  timestamptz NOT NULL DEFAULT now()
        )`);
    for (const migration of applied) {
      await client.query(migration.sql);
      await client.query(`INSERT INTO ${MIGRATIONS_TABLE} (version, description) VALUES ($1, $2)`, [migration.version, migration.description]);
    }
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
  for (const migration of applied)
    logger?.info({ database: description, from, version: migration.version, migration: migration.description }, 'event store schema migrated');
};
