import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import type { NewEvent } from '../src/eventstore/event-store';
import { openSqliteEventStore, type SqliteSynchronous } from '../src/eventstore/sqlite';

/**
 * Our SQLite event store against two yardsticks on the same rows and the same durability:
 * - plain: better-sqlite3 inserting the very rows our store wrote, into the same table (its DDL is
 *   copied from our file), one autocommit transaction per row through one prepared statement —
 *   what SQLite itself allows, with no envelope, no checks and no hash chain;
 * - emmett: Emmett's SQLite event store (bench/peers), same events, same synchronous setting.
 * Each round runs ours, plain, emmett in turn on fresh files, and the medians are reported, so a
 * burst of machine noise lands on one sample rather than on one contender.
 */
export interface StoreBenchOptions {
  events?: number;
  streams?: number;
  rounds?: number;
  synchronous?: SqliteSynchronous;
}

export interface Throughput {
  appendPerSec: number;
  readPerSec: number;
}

/** One round of one contender: the throughput, and the CPU microseconds each append cost. */
interface Sample extends Throughput {
  appendCpuUs: number;
}

export interface StoreBenchResult {
  bench: 'store';
  events: number;
  streams: number;
  synchronous: SqliteSynchronous;
  ours: Throughput;
  plain: Throughput;
  emmett: Throughput;
  ratios: { appendVsPlain: number; readVsPlain: number; appendVsEmmett: number; readVsEmmett: number };
  targets: { appendVsPlain: number; readVsPlain: number };
}

const TARGETS = { appendVsPlain: 0.7, readVsPlain: 0.6 };

const progress = (message: string): void => {
  process.stderr.write(`[bench store] ${message}\n`);
};

const REPO_ROOT = resolve(__dirname, '..', '..');
const PEERS_DIR = join(REPO_ROOT, 'bench', 'peers');

/** A command as the API would record it: one event, a realistic Persian payload, the actor and business time. */
const commandEvent = (index: number, streamIndex: number): NewEvent => ({
  type: 'OutcomeRecorded',
  data: {
    meetingId: `meeting-${streamIndex}`,
    outcomeId: `outcome-${index}`,
    kind: index % 2 === 0 ? 'DEMAND' : 'PROPOSED_RESOLUTION',
    text: `بند ${index}: رفع مقررات مزاحم در مسیر توسعهٔ صادرات غیرنفتی استان‌های شمال‌غرب`,
    workingGroupId: `wg-${index % 3}`,
  },
  metadata: {
    occurredAt: new Date(Date.UTC(2024, 4, 1, 8, 0, 0) + index * 1000).toISOString(),
    actor: { id: `clerk-${index % 7}`, name: 'دبیر نشست', role: 'CLERK' },
    reason: 'ثبت بند صورت‌جلسه',
  },
});

const streamIdOf = (streamIndex: number): string => `meeting-${String(streamIndex).padStart(4, '0')}`;

/** Round-robin over the streams: event i goes to stream i mod streams, as revision floor(i / streams). */
const workload = (events: number, streams: number) =>
  Array.from({ length: events }, (_, index) => ({
    streamId: streamIdOf(index % streams),
    revision: Math.floor(index / streams),
    event: commandEvent(index, index % streams),
  }));

type Workload = ReturnType<typeof workload>;

const perSecond = (count: number, ms: number): number => Math.round((count / ms) * 1000);

/**
 * Wall time decides the result; the process's CPU time per append is logged beside it because on
 * a shared machine it moves far less with the neighbours' load, which helps to read a noisy round.
 */
const timed = async (work: () => Promise<void> | void): Promise<{ ms: number; cpuUs: number }> => {
  const cpuBefore = process.cpuUsage();
  const start = performance.now();
  await work();
  const ms = performance.now() - start;
  const cpu = process.cpuUsage(cpuBefore);
  return { ms, cpuUs: cpu.user + cpu.system };
};

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : Math.round((sorted[middle - 1] + sorted[middle]) / 2);
};

const freshDir = (): string => mkdtempSync(join(tmpdir(), 'daftar-bench-store-'));

interface OursRun extends Sample {
  /** The table and rows as our store wrote them: the plain loop inserts exactly these. */
  ddl: string[];
  rows: Record<string, unknown>[];
}

const runOurs = async (work: Workload, streams: number, synchronous: SqliteSynchronous): Promise<OursRun> => {
  const dir = freshDir();
  const file = join(dir, 'events.sqlite');
  try {
    const store = await openSqliteEventStore({ file, synchronous });
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
    if (read !== work.length * 2) throw new Error(`ours read ${read} events, expected ${work.length * 2}`);

    const db = new Database(file, { readonly: true });
    const ddl = db
      .prepare<[], string>(`SELECT sql FROM sqlite_schema WHERE tbl_name = 'events' AND sql IS NOT NULL ORDER BY type DESC`)
      .pluck()
      .all();
    const rows = db.prepare<[], Record<string, unknown>>('SELECT * FROM events ORDER BY position').all();
    db.close();
    return { ...sampleOf(work.length, appends, read, reads), ddl, rows };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
};

const ENVELOPE_COLUMNS =
  'position, event_id, stream_id, revision, type, schema_version, data, metadata, recorded_at, hash, previous_hash';

const runPlain = async (
  ddl: string[],
  rows: Record<string, unknown>[],
  streams: number,
  synchronous: SqliteSynchronous,
): Promise<Sample> => {
  const dir = freshDir();
  try {
    const db = new Database(join(dir, 'plain.sqlite'));
    db.pragma('journal_mode = WAL');
    db.pragma(`synchronous = ${synchronous}`);
    for (const statement of ddl) db.exec(statement);
    const columns = Object.keys(rows[0]);
    const insert = db.prepare(
      `INSERT INTO events (${columns.join(', ')}) VALUES (${columns.map((column) => `@${column}`).join(', ')})`,
    );
    const appends = await timed(() => {
      for (const row of rows) insert.run(row);
    });

    // The least a store must do to hand an event back: fetch the envelope's columns (the ones our
    // store reads) and parse the two JSON ones in place.
    const byStream = db.prepare<[string], Record<string, unknown>>(
      `SELECT ${ENVELOPE_COLUMNS} FROM events WHERE stream_id = ? ORDER BY revision`,
    );
    const all = db.prepare<[], Record<string, unknown>>(`SELECT ${ENVELOPE_COLUMNS} FROM events ORDER BY position`);
    const parse = (row: Record<string, unknown>) => {
      row.data = JSON.parse(row.data as string);
      row.metadata = JSON.parse(row.metadata as string);
      return row;
    };
    let read = 0;
    const reads = await timed(() => {
      for (let s = 0; s < streams; s++) read += byStream.all(streamIdOf(s)).map(parse).length;
      read += all.all().map(parse).length;
    });
    db.close();
    if (read !== rows.length * 2) throw new Error(`plain read ${read} rows, expected ${rows.length * 2}`);
    return sampleOf(rows.length, appends, read, reads);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
};

/** The parts of @event-driven-io/emmett-sqlite 0.38.5 the bench uses. */
interface EmmettSqlite {
  sqliteConnection(options: { fileName: string }): EmmettConnection;
  createEventStoreSchema(connection: EmmettConnection): Promise<void>;
  appendToStream(
    connection: EmmettConnection,
    streamName: string,
    streamType: string,
    events: { type: string; data: unknown; metadata?: unknown }[],
    options?: { expectedStreamVersion?: bigint },
  ): Promise<{ success: boolean }>;
  readStream(connection: EmmettConnection, streamName: string): Promise<{ events: unknown[] }>;
  readMessagesBatch(connection: EmmettConnection, options: { after: bigint; batchSize: number }): Promise<{ messages: unknown[] }>;
}

interface EmmettConnection {
  command(sql: string): Promise<unknown>;
  close(): void;
}

/**
 * Installs bench/peers on first use. Without network access to GitHub, sqlite3 compiles from source
 * and node-gyp needs Node's headers: the running Node's own are used when it ships them.
 */
const installPeers = (): void => {
  progress('installing Emmett into bench/peers (first run only)…');
  const nodeDir = resolve(dirname(process.execPath), '..');
  const env = { ...process.env };
  if (!env.npm_config_nodedir && existsSync(join(nodeDir, 'include', 'node', 'node.h'))) env.npm_config_nodedir = nodeDir;
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  // npm's own output goes to stderr too: stdout carries the one JSON line and nothing else.
  const installed = spawnSync(npm, ['install', '--prefix', PEERS_DIR, '--no-audit', '--no-fund'], {
    env,
    stdio: ['ignore', process.stderr.fd, process.stderr.fd],
  });
  if (installed.status !== 0) throw new Error(`npm install --prefix ${PEERS_DIR} failed (exit ${installed.status})`);
};

/**
 * emmett-sqlite ships CommonJS beside its ESM build (`exports.require`), so it is required from
 * bench/peers' own node_modules; nothing of it enters Daftar's dependencies.
 */
const loadEmmett = (): EmmettSqlite => {
  const peersRequire = createRequire(join(PEERS_DIR, 'package.json'));
  try {
    peersRequire.resolve('@event-driven-io/emmett-sqlite');
  } catch {
    installPeers();
  }
  return peersRequire('@event-driven-io/emmett-sqlite') as EmmettSqlite;
};

/**
 * Emmett through the functions its event store is made of, on one connection. Its
 * `getSQLiteEventStore` opens a new connection for every call and leaves `synchronous` at SQLite's
 * default (FULL), which cannot be set from outside: that would measure connection churn and a
 * stricter durability, not the store. The appends run exactly as its store runs them (one
 * BEGIN IMMEDIATE transaction each, same SQL, same schema).
 */
const runEmmett = async (
  emmett: EmmettSqlite,
  work: Workload,
  streams: number,
  synchronous: SqliteSynchronous,
): Promise<Sample> => {
  const dir = freshDir();
  try {
    const connection = emmett.sqliteConnection({ fileName: join(dir, 'emmett.sqlite') });
    await connection.command(`PRAGMA synchronous = ${synchronous}`);
    await emmett.createEventStoreSchema(connection);
    const appends = await timed(async () => {
      for (const { streamId, revision, event } of work) {
        const appended = await emmett.appendToStream(
          connection,
          streamId,
          'meeting',
          [{ type: event.type, data: event.data, metadata: event.metadata }],
          { expectedStreamVersion: BigInt(revision) },
        );
        if (!appended.success) throw new Error(`emmett refused the append to ${streamId}@${revision}`);
      }
    });
    let read = 0;
    const reads = await timed(async () => {
      for (let s = 0; s < streams; s++) read += (await emmett.readStream(connection, streamIdOf(s))).events.length;
      read += (await emmett.readMessagesBatch(connection, { after: 0n, batchSize: work.length })).messages.length;
    });
    connection.close();
    if (read !== work.length * 2) throw new Error(`emmett read ${read} events, expected ${work.length * 2}`);
    return sampleOf(work.length, appends, read, reads);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
};

const sampleOf = (
  appended: number,
  appends: { ms: number; cpuUs: number },
  read: number,
  reads: { ms: number; cpuUs: number },
): Sample => ({
  appendPerSec: perSecond(appended, appends.ms),
  readPerSec: perSecond(read, reads.ms),
  appendCpuUs: Math.round((appends.cpuUs / appended) * 10) / 10,
});

const medianOf = (samples: Sample[]): Throughput => ({
  appendPerSec: median(samples.map((sample) => sample.appendPerSec)),
  readPerSec: median(samples.map((sample) => sample.readPerSec)),
});

const ratio = (a: number, b: number): number => Math.round((a / b) * 100) / 100;

export const runStoreBench = async (options: StoreBenchOptions = {}): Promise<StoreBenchResult> => {
  const { events = 20_000, streams = 300, rounds = 3, synchronous = 'NORMAL' } = options;
  if (!Number.isInteger(events) || events < streams) throw new RangeError(`events must be an integer ≥ streams (${streams})`);
  if (!Number.isInteger(rounds) || rounds < 1) throw new RangeError('rounds must be a positive integer');
  const emmett = loadEmmett();
  const work = workload(events, streams);
  const samples = { ours: [] as Sample[], plain: [] as Sample[], emmett: [] as Sample[] };
  const report = (round: number, name: string, { appendPerSec, readPerSec, appendCpuUs }: Sample) =>
    progress(`round ${round}/${rounds} ${name.padEnd(6)} ${JSON.stringify({ appendPerSec, readPerSec, appendCpuUs })}`);

  // One unmeasured pass of each on a small workload, so no contender pays for JIT warm-up in round 1.
  const warmUp = work.slice(0, Math.min(work.length, streams * 3));
  progress(`warming up on ${warmUp.length} events…`);
  const warm = await runOurs(warmUp, streams, synchronous);
  await runPlain(warm.ddl, warm.rows, streams, synchronous);
  await runEmmett(emmett, warmUp, streams, synchronous);

  for (let round = 1; round <= rounds; round++) {
    const ours = await runOurs(work, streams, synchronous);
    samples.ours.push(ours);
    report(round, 'ours', ours);
    const plain = await runPlain(ours.ddl, ours.rows, streams, synchronous);
    samples.plain.push(plain);
    report(round, 'plain', plain);
    const peer = await runEmmett(emmett, work, streams, synchronous);
    samples.emmett.push(peer);
    report(round, 'emmett', peer);
  }

  const ours = medianOf(samples.ours);
  const plain = medianOf(samples.plain);
  const emmettMedian = medianOf(samples.emmett);
  return {
    bench: 'store',
    events,
    streams,
    synchronous,
    ours,
    plain,
    emmett: emmettMedian,
    ratios: {
      appendVsPlain: ratio(ours.appendPerSec, plain.appendPerSec),
      readVsPlain: ratio(ours.readPerSec, plain.readPerSec),
      appendVsEmmett: ratio(ours.appendPerSec, emmettMedian.appendPerSec),
      readVsEmmett: ratio(ours.readPerSec, emmettMedian.readPerSec),
    },
    targets: TARGETS,
  };
};
