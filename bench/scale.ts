import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { openSqliteEventStore } from '../src/eventstore/sqlite';
import { SQLITE_EVENT_LOG_FILE } from '../src/eventstore/open-event-store';
import { silentLogger } from '../src/logger';
import { auditLogOf } from '../projections/audit-log/audit-log';
import { projections } from '../src/read-models';
import { ProjectionRunner } from '../projections/projection-runner';
import { ReadModelStore } from '../projections/read-model-store';
import { writeScaleLog, type ScaleLogSummary } from './scale-log';
import { cpuMs, health, peakRssBytes, startServerProcess } from './server-process';
import { eventCountOf, removeDatabase } from './sqlite-files';

/**
 * Daftar at a million events: (a) a full rebuild of every read model through the real projection
 * runner into a fresh read-model file, against (b) the least any rebuild must do, a plain
 * better-sqlite3 loop reading the same rows and parsing their JSON; (c) how long the real server
 * takes from process start to its first 200 on /healthz with its read models checkpointed, and from
 * an empty read-model file (where it must rebuild); (d) the server's peak resident memory in both.
 */
export interface ScaleBenchOptions {
  events?: number;
  /** Keep the generated log here and reuse it on the next run (it is rebuilt when smaller than asked). */
  dataDir?: string;
  rounds?: number;
}

const TARGETS = { rebuildVsPlain: 0.6, warmStartMs: 5_000, peakRssBytes: 1.5 * 1024 ** 3 };

const progress = (message: string): void => {
  process.stderr.write(`[bench scale] ${message}\n`);
};

const loadAverage = (): string => readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));
const perSecond = (count: number, ms: number): number => Math.round((count / ms) * 1000);
const mib = (bytes: number | null): number | null => (bytes === null ? null : Math.round(bytes / 1024 ** 2));


const ensureLog = async (file: string, events: number): Promise<{ events: number; buildMs: number | null; summary: ScaleLogSummary | null }> => {
  const existing = eventCountOf(file);
  if (existing >= events) {
    progress(`reusing ${file} (${existing} events)`);
    return { events: existing, buildMs: null, summary: null };
  }
  removeDatabase(file);
  progress(`writing ${events} events to ${file}…`);
  const store = await openSqliteEventStore({ file, synchronous: 'NORMAL' });
  const started = performance.now();
  let lastReport = started;
  const summary = await writeScaleLog(store, {
    events,
    onProgress: (written) => {
      if (performance.now() - lastReport < 5_000) return;
      lastReport = performance.now();
      progress(`  ${written} events (${perSecond(written, lastReport - started)}/s)`);
    },
  });
  const buildMs = performance.now() - started;
  await store.close();
  progress(`wrote ${summary.events} events in ${summary.appends} appends in ${Math.round(buildMs)} ms`);
  return { events: summary.events, buildMs, summary };
};

/** (a) Every projection and table projection the server keeps, through the runner that serves them live. */
const rebuildOurs = async (eventsFile: string, readModelsFile: string, expected: number) => {
  removeDatabase(readModelsFile);
  const store = await openSqliteEventStore({ file: eventsFile, synchronous: 'NORMAL' });
  const head = await store.head();
  if (!head) throw new Error('the log is empty');
  const readModels = new ReadModelStore(readModelsFile, projections);
  const started = performance.now();
  // As the server does: SQLite answers the audit log itself, so the runner keeps no audit-log table.
  const runner = new ProjectionRunner(store, readModels, projections, silentLogger, auditLogOf(store, readModels, silentLogger).tables);
  // As a cold start does: the head as its target, so the list indexes are built in bulk once it is folded, not kept row by row by their triggers.
  runner.start(head.position);
  await runner.waitFor(head.position, 24 * 3_600_000);
  const ms = performance.now() - started;
  await runner.stop();
  readModels.close();
  await store.close();
  if (Number(head.position) !== expected) throw new Error(`the log's head is ${head.position}, expected ${expected}`);
  return { ms: Math.round(ms), eventsPerSec: perSecond(expected, ms) };
};

/** (b) The floor: the same rows read in order and their JSON parsed, nothing kept, nothing written. */
const readPlain = (eventsFile: string, expected: number) => {
  const db = new Database(eventsFile, { readonly: true });
  const started = performance.now();
  let rows = 0;
  let checksum = 0;
  const all = db.prepare<[], { data: string; metadata: string; revision: number }>(
    'SELECT position, event_id, stream_id, revision, type, schema_version, data, metadata, recorded_at, hash, previous_hash FROM events ORDER BY position',
  );
  for (const row of all.iterate()) {
    const data = JSON.parse(row.data) as object;
    const metadata = JSON.parse(row.metadata) as object;
    // Used, so the parse cannot be optimised away.
    if (data && metadata) checksum += row.revision;
    rows++;
  }
  const ms = performance.now() - started;
  db.close();
  if (rows !== expected) throw new Error(`plain read ${rows} rows, expected ${expected} (checksum ${checksum})`);
  return { ms: Math.round(ms), eventsPerSec: perSecond(rows, ms) };
};

interface StartFigures {
  msToFirstHealthy: number;
  /** Until /healthz says the read models have processed the log's head. */
  msToCaughtUp: number;
  /** Until the process stops using CPU (the snapshot builder also folds the log after a cold start). */
  msToSettled: number;
  peakRssMiB: number | null;
}

/** (c) and (d): the compiled server on this data directory, from spawn to serving and to settled. */
const startAndWatch = async (dataDir: string, label: string): Promise<StartFigures> => {
  const started = performance.now();
  // Wall and CPU time per 100,000 events folded, on stderr: a fold that grows faster than the log shows here.
  let mark = { events: 0, at: started, cpu: 0 };
  let wasCatchingUp = false;
  const server = await startServerProcess({
    dataDir,
    label,
    timeoutMs: 3_600_000,
    onHealth: (answer, pid) => {
      if (!answer) return;
      const events = Number(answer.projected ?? 0);
      // Catching up (503): every 100,000 events; then the last stretch, with the list indexes built at its end.
      if (answer.status !== 200) wasCatchingUp = true;
      const due = answer.status === 200 ? wasCatchingUp && events > mark.events : events >= mark.events + 100_000;
      if (!due) return;
      const now = { events, at: performance.now(), cpu: cpuMs(pid) ?? mark.cpu };
      progress(`  ${label}: ${events} events folded, the last ${events - mark.events} in ${Math.round(now.at - mark.at)} ms, ${Math.round(now.cpu - mark.cpu)} ms CPU (load ${loadAverage()})`);
      mark = now;
    },
  });
  try {
    let caughtUpAt: number | null = null;
    while (caughtUpAt === null) {
      const answer = await health(server.baseUrl);
      if (answer && answer.head !== null && answer.head === answer.projected) caughtUpAt = performance.now();
      else await sleep(25);
    }
    // Settled: under 5% of one core over two consecutive half-seconds.
    let quietWindows = 0;
    let lastCpu = cpuMs(server.pid) ?? 0;
    let lastAt = performance.now();
    let settledAt = lastAt;
    while (quietWindows < 2) {
      await sleep(500);
      const cpu = cpuMs(server.pid) ?? lastCpu;
      const now = performance.now();
      if ((cpu - lastCpu) / (now - lastAt) < 0.05) {
        if (quietWindows === 0) settledAt = lastAt;
        quietWindows++;
      } else quietWindows = 0;
      lastCpu = cpu;
      lastAt = now;
    }
    return {
      msToFirstHealthy: server.msToFirstHealthy,
      msToCaughtUp: Math.round(caughtUpAt - started),
      msToSettled: Math.round(settledAt - started),
      peakRssMiB: mib(peakRssBytes(server.pid)),
    };
  } finally {
    await server.stop();
  }
};

export const runScaleBench = async (options: ScaleBenchOptions = {}) => {
  const events = options.events ?? 1_000_000;
  const rounds = options.rounds ?? 1;
  const dir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'daftar-bench-scale-'));
  mkdirSync(dir, { recursive: true });
  const eventsFile = join(dir, SQLITE_EVENT_LOG_FILE);
  const rebuildFile = join(dir, 'rebuild', 'read-models.sqlite');
  mkdirSync(join(dir, 'rebuild'), { recursive: true });
  try {
    const log = await ensureLog(eventsFile, events);

    const ours: { ms: number; eventsPerSec: number }[] = [];
    const plain: { ms: number; eventsPerSec: number }[] = [];
    for (let round = 1; round <= rounds; round++) {
      const order = round % 2 === 1 ? (['plain', 'ours'] as const) : (['ours', 'plain'] as const);
      for (const who of order) {
        const result = who === 'ours' ? await rebuildOurs(eventsFile, rebuildFile, log.events) : readPlain(eventsFile, log.events);
        (who === 'ours' ? ours : plain).push(result);
        progress(`round ${round}/${rounds} ${who.padEnd(5)} ${result.eventsPerSec} events/s (${result.ms} ms)`);
      }
    }
    removeDatabase(rebuildFile);
    const mean = (samples: { ms: number }[]) => samples.reduce((sum, sample) => sum + sample.ms, 0) / samples.length;
    const oursPerSec = perSecond(log.events, mean(ours));
    const plainPerSec = perSecond(log.events, mean(plain));

    for (const file of ['read-models.sqlite', 'snapshots.sqlite']) removeDatabase(join(dir, file));
    progress('server from an empty read-model file…');
    const cold = await startAndWatch(dir, 'server cold');
    progress(`cold: ${JSON.stringify(cold)}`);
    progress('server with its read models checkpointed…');
    const warm = await startAndWatch(dir, 'server warm');
    progress(`warm: ${JSON.stringify(warm)}`);

    const peak = Math.max(cold.peakRssMiB ?? 0, warm.peakRssMiB ?? 0);
    const ratio = Math.round((oursPerSec / plainPerSec) * 100) / 100;
    return {
      bench: 'scale',
      events: log.events,
      log: log.summary && {
        writeMs: Math.round(log.buildMs!),
        appends: log.summary.appends,
        streams: log.summary.streams,
        eventTypes: log.summary.eventTypes,
      },
      rebuild: {
        ours: { eventsPerSec: oursPerSec, ms: Math.round(mean(ours)) },
        plain: { eventsPerSec: plainPerSec, ms: Math.round(mean(plain)) },
        ratio,
        met: ratio >= TARGETS.rebuildVsPlain,
      },
      startup: { warm, cold, met: warm.msToFirstHealthy <= TARGETS.warmStartMs },
      peakRss: { maxMiB: peak, met: peak * 1024 ** 2 <= TARGETS.peakRssBytes },
      targets: { rebuildVsPlain: TARGETS.rebuildVsPlain, warmStartMs: TARGETS.warmStartMs, peakRssMiB: TARGETS.peakRssBytes / 1024 ** 2 },
    };
  } finally {
    if (!options.dataDir) rmSync(dir, { recursive: true, force: true });
  }
};
