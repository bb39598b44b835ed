import { Client } from 'pg';
import type { SqliteSynchronous } from '../src/eventstore/sqlite';
import { openPostgresEventStore } from '../src/eventstore/postgres';
import { startEmbeddedPostgres, type EmbeddedPostgres } from '../test/support/embedded-postgres';
import { sampleOf, streamIdOf, timed, type Sample, type Workload } from './store-measure';

/**
 * Our PostgreSQL event store against a plain node-postgres loop on the same server (embedded, on this
 * machine), the same table and the same rows: one INSERT per event, each its own transaction, through
 * one prepared statement on one connection — what PostgreSQL itself allows from Node, with no
 * envelope, no lock, no checks and no hash chain. Each contender writes into a fresh schema.
 *
 * The durability follows --synchronous as for SQLite: NORMAL is synchronous_commit=off (a crash of
 * the machine may lose the last commits, never consistency), FULL is on (every commit flushed).
 */
export interface PostgresBench {
  server: EmbeddedPostgres;
  synchronousCommit: 'on' | 'off';
  /** A connection string whose search_path is a new, empty schema. */
  newSchema(): Promise<string>;
  stop(): Promise<void>;
}

export const startPostgresBench = async (synchronous: SqliteSynchronous): Promise<PostgresBench> => {
  const synchronousCommit = synchronous === 'FULL' ? 'on' : 'off';
  const server = await startEmbeddedPostgres({ durable: true, settings: { synchronous_commit: synchronousCommit } });
  const database = await server.createDatabase('bench');
  const admin = new Client({ connectionString: database });
  await admin.connect();
  let schemas = 0;
  return {
    server,
    synchronousCommit,
    newSchema: async () => {
      const schema = `run_${++schemas}`;
      await admin.query(`CREATE SCHEMA ${schema}`);
      return `${database}?options=${encodeURIComponent(`-c search_path=${schema}`)}`;
    },
    stop: async () => {
      await admin.end();
      await server.stop();
    },
  };
};

const ENVELOPE_COLUMNS =
  'position, event_id, stream_id, revision, type, schema_version, data, metadata, recorded_at, hash, previous_hash';

export interface PostgresOursRun extends Sample {
  /** The rows our store wrote, for the plain loop to insert again. */
  rows: Record<string, unknown>[];
}

export const runOursOnPostgres = async (bench: PostgresBench, work: Workload, streams: number): Promise<PostgresOursRun> => {
  const connectionString = await bench.newSchema();
  const store = await openPostgresEventStore({ connectionString });
  const appends = await timed(async () => {
    for (const { streamId, revision, event } of work)
      await store.appendToStream(streamId, [event], { expectedRevision: revision === 0 ? 'NO_STREAM' : revision - 1 });
  });
  let read = 0;
  const reads = await timed(async () => {
    for (let s = 0; s < streams; s++) read += (await store.readStream(streamIdOf(s))).length;
    read += (await store.readAll()).length;
  });
  await store.close();
  if (read !== work.length * 2) throw new Error(`ours on PostgreSQL read ${read} events, expected ${work.length * 2}`);
  const client = new Client({ connectionString });
  await client.connect();
  const { rows } = await client.query<Record<string, unknown>>('SELECT * FROM events ORDER BY position');
  await client.end();
  return { ...sampleOf(work.length, appends, read, reads), rows };
};

export const runPlainOnPostgres = async (bench: PostgresBench, rows: Record<string, unknown>[], streams: number): Promise<Sample> => {
  const connectionString = await bench.newSchema();
  // The very table our store uses, made by our store, then written to by the plain loop alone.
  await (await openPostgresEventStore({ connectionString })).close();
  const client = new Client({ connectionString });
  await client.connect();
  try {
    const columns = Object.keys(rows[0]);
    const insert = {
      name: 'plain-insert',
      text: `INSERT INTO events (${columns.join(', ')}) VALUES (${columns.map((_, n) => `$${n + 1}`).join(', ')})`,
    };
    const appends = await timed(async () => {
      for (const row of rows) await client.query({ ...insert, values: columns.map((column) => row[column]) });
    });

    // The least a store must do to hand an event back: fetch the envelope's columns and parse the JSON ones.
    const byStream = { name: 'plain-by-stream', text: `SELECT ${ENVELOPE_COLUMNS} FROM events WHERE stream_id = $1 ORDER BY revision` };
    const all = { name: 'plain-all', text: `SELECT ${ENVELOPE_COLUMNS} FROM events ORDER BY position` };
    const parse = (row: Record<string, unknown>) => {
      row.data = JSON.parse(row.data as string);
      row.metadata = JSON.parse(row.metadata as string);
      return row;
    };
    let read = 0;
    const reads = await timed(async () => {
      for (let s = 0; s < streams; s++) read += (await client.query({ ...byStream, values: [streamIdOf(s)] })).rows.map(parse).length;
      read += (await client.query(all)).rows.map(parse).length;
    });
    if (read !== rows.length * 2) throw new Error(`plain PostgreSQL read ${read} rows, expected ${rows.length * 2}`);
    return sampleOf(rows.length, appends, read, reads);
  } finally {
    await client.end();
  }
};
