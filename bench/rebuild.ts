import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { openSqliteEventStore } from '../src/eventstore/sqlite';
import { silentLogger } from '../src/logger';
import { auditLogOf } from '../projections/audit-log/audit-log';
import { projections } from '../src/read-models';
import { ProjectionRunner } from '../projections/projection-runner';
import { ReadModelStore } from '../projections/read-model-store';
import { writeScaleLog } from './scale-log';
import { eventCountOf, removeDatabase } from './sqlite-files';

/**
 * A full rebuild of the read models from an empty file, as a cold start does it: every projection
 * and table through the real ProjectionRunner, up to the head of a scale log (bench/scale-log.ts,
 * seed 1), list indexes built in bulk at the end. Reports wall and CPU time (this process's user +
 * system) and events per CPU second, per round; the log is written once and reused from `--data-dir`.
 */
export interface RebuildBenchOptions {
  events?: number;
  rounds?: number;
  dataDir?: string;
}

const progress = (message: string): void => {
  process.stderr.write(`[bench rebuild] ${message}\n`);
};


const cpuNow = (): number => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
};

export const runRebuildBench = async (options: RebuildBenchOptions): Promise<object> => {
  const events = options.events ?? 50_000;
  const rounds = options.rounds ?? 1;
  const dir = options.dataDir ?? join('/tmp', `daftar-rebuild-${events}`);
  mkdirSync(dir, { recursive: true });
  const eventsFile = join(dir, 'events.sqlite');
  if (eventCountOf(eventsFile) < events) {
    removeDatabase(eventsFile);
    progress(`writing ${events} events to ${eventsFile}…`);
    const store = await openSqliteEventStore({ file: eventsFile, synchronous: 'NORMAL' });
    await writeScaleLog(store, { events, seed: 1 });
    await store.close();
  }
  const readModelsFile = join(dir, `read-models-${process.pid}.sqlite`);
  const results: { wallMs: number; cpuMs: number; indexCpuMs: number; eventsPerCpuSec: number }[] = [];
  let logEvents = 0;
  for (let round = 0; round < rounds; round++) {
    removeDatabase(readModelsFile);
    const store = await openSqliteEventStore({ file: eventsFile, synchronous: 'NORMAL' });
    const head = await store.head();
    if (!head) throw new Error('the log is empty');
    logEvents = Number(head.position);
    const readModels = new ReadModelStore(readModelsFile, projections);
    let indexCpuMs = 0;
    const build = readModels.buildListIndexes.bind(readModels);
    readModels.buildListIndexes = () => {
      const before = cpuNow();
      build();
      indexCpuMs += cpuNow() - before;
    };
    const wallStart = performance.now();
    const cpuStart = cpuNow();
    const runner = new ProjectionRunner(store, readModels, projections, silentLogger, auditLogOf(store, readModels, silentLogger).tables);
    runner.start(head.position);
    await runner.waitFor(head.position, 24 * 3_600_000);
    const cpuMs = cpuNow() - cpuStart;
    const wallMs = performance.now() - wallStart;
    await runner.stop();
    readModels.close();
    await store.close();
    removeDatabase(readModelsFile);
    const result = { wallMs: Math.round(wallMs), cpuMs: Math.round(cpuMs), indexCpuMs: Math.round(indexCpuMs), eventsPerCpuSec: Math.round((logEvents / cpuMs) * 1000) };
    progress(`round ${round + 1}: ${JSON.stringify(result)}`);
    results.push(result);
  }
  const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor((values.length - 1) / 2)];
  return {
    bench: 'rebuild',
    events: logEvents,
    rounds: results,
    medianCpuMs: median(results.map((r) => r.cpuMs)),
    medianEventsPerCpuSec: median(results.map((r) => r.eventsPerCpuSec)),
  };
};
