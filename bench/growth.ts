import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import Database from 'better-sqlite3';
import { newId } from '../src/core/ids';
import { streamIdOf } from '../src/core/streams';
import { signToken } from '../src/auth/tokens';
import { openSqliteEventStore } from '../src/eventstore/sqlite';
import { SQLITE_EVENT_LOG_FILE } from '../src/eventstore/open-event-store';
import { currentSchemaVersion } from '../src/eventstore/upcasters';
import type { EventStore, NewEvent } from '../src/eventstore/event-store';
import { MEETING_CATEGORY, type MeetingEvent } from '../src/meetings/meeting';
import { RESOLUTION_CATEGORY, type ResolutionEvent } from '../src/resolutions/resolution';
import { writeScaleLog } from './scale-log';
import { seededRandom } from './synthetic-log';
import { BENCH_JWT_SECRET, cpuMs, peakRssBytes, startServerProcess, untilFilesChecked, type ChildServer } from './server-process';
import { plotGrowth } from './growth-plot';

/**
 * What one request costs as the record grows, asked by one client one request at a time, as a new
 * user would: the same operations on logs of 10,000, 100,000 and 1,000,000 events (the scale log:
 * meetings, outcomes, resolutions), and on aggregates of 10, 1,000 and 10,000 items (a meeting's
 * outcomes, a meeting's participants, a resolution's progress reports) appended to the 100,000
 * log. The real server, compiled, in its own process, production configuration. Latency is the
 * median of the samples; the server's CPU time per request is read from /proc, which moves much
 * less than latency with the neighbours on a shared machine.
 */
export interface GrowthBenchOptions {
  sizes?: number[];
  children?: number[];
  samples?: number;
  /** Rounds the samples are split into, every size asked in turn in each (see sideBySide). */
  rounds?: number;
  /** Keep the logs here and reuse them on the next run (the million takes minutes to write). */
  dataDir?: string;
  /** Where the SVG plot goes. */
  plot?: string;
}

const progress = (message: string): void => {
  process.stderr.write(`[bench growth] ${message}\n`);
};

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));
const round2 = (value: number): number => Math.round(value * 100) / 100;
const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length ? round2(sorted[Math.floor((sorted.length - 1) / 2)]) : NaN;
};

const percentile = (values: number[], fraction: number): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length ? round2(sorted[Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1)]) : NaN;
};

const ACTOR = { id: 'bench-clerk', name: 'دبیر آزمایشی', role: 'CLERK' as const };

/** The item `index` places round a list (the warm-up request comes as index -1). */
const nth = <T>(items: readonly T[], index: number): T => items[((index % items.length) + items.length) % items.length];

export const eventCountOf = (file: string): number => {
  if (!existsSync(file)) return 0;
  const db = new Database(file, { readonly: true });
  try {
    return db.prepare('SELECT count(*) FROM events').pluck().get() as number;
  } finally {
    db.close();
  }
};

export const removeDatabase = (file: string) => {
  for (const suffix of ['', '-wal', '-shm']) rmSync(file + suffix, { force: true });
};

/** The scale log of `events` events in `dir`, written once and reused. */
const ensureLog = async (dir: string, events: number): Promise<void> => {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, SQLITE_EVENT_LOG_FILE);
  if (eventCountOf(file) >= events) return progress(`reusing the log of ${events} events in ${dir}`);
  for (const name of [SQLITE_EVENT_LOG_FILE, 'read-models.sqlite', 'snapshots.sqlite']) removeDatabase(join(dir, name));
  progress(`writing ${events} events to ${dir}…`);
  const started = performance.now();
  const store = await openSqliteEventStore({ file, synchronous: 'NORMAL' });
  try {
    await writeScaleLog(store, { events, seed: 11, onProgress: (written) => written % 100_000 < 2_000 && progress(`  ${written} events`) });
  } finally {
    await store.close();
  }
  progress(`wrote ${events} events in ${Math.round((performance.now() - started) / 1000)} s`);
};

/** The aggregates of experiment B: per child count, a meeting with that many outcomes, one with that many participants, a resolution with that many reports. */
interface HotAggregates {
  outcomes: Record<number, string>;
  participants: Record<number, string>;
  progress: Record<number, string>;
}

const appendInChunks = async (store: EventStore, streamId: string, events: (MeetingEvent | ResolutionEvent)[]) => {
  for (let start = 0; start < events.length; start += 200) {
    const chunk: NewEvent[] = events.slice(start, start + 200).map((event) => ({
      type: event.type,
      data: event.data,
      schemaVersion: currentSchemaVersion(event.type),
      metadata: { occurredAt: '2025-01-01T00:00:00.000Z', actor: ACTOR },
    }));
    await store.appendToStream(streamId, chunk);
  }
};

const writeHotAggregates = async (dir: string, children: number[], organizationId: string): Promise<HotAggregates> => {
  const store = await openSqliteEventStore({ file: join(dir, SQLITE_EVENT_LOG_FILE), synchronous: 'NORMAL' });
  const hot: HotAggregates = { outcomes: {}, participants: {}, progress: {} };
  const at = '2025-01-01T00:00:00.000Z';
  try {
    for (const count of children) {
      for (const list of ['outcomes', 'participants'] as const) {
        const meetingId = newId();
        const events: MeetingEvent[] = [
          { type: 'MeetingScheduled', data: { meetingId, title: `نشست بزرگ ${list} ${count}`, location: 'تبریز', scheduledStart: '2025-02-01T08:00:00.000Z' } },
          { type: 'MeetingOpened', data: { meetingId, openedAt: at } },
        ];
        for (let index = 0; index < count; index++)
          events.push(
            list === 'outcomes'
              ? { type: 'OutcomeRecorded', data: { meetingId, outcomeId: newId(), kind: 'DEMAND', text: `خواسته شماره ${index + 1} درباره تجارت مرزی`, recordedAt: at } }
              : { type: 'ParticipantAdded', data: { meetingId, participantId: newId(), organizationId, role: 'OBSERVER', personName: `ناظر شماره ${index + 1}`, addedAt: at } },
          );
        await appendInChunks(store, streamIdOf(MEETING_CATEGORY, meetingId), events);
        hot[list][count] = meetingId;
      }
      const resolutionId = newId();
      const events: ResolutionEvent[] = [
        { type: 'ResolutionProposed', data: { resolutionId, title: `مصوبه بزرگ ${count}`, text: 'متن مصوبه', proposedAt: at } },
        { type: 'ResolutionAdopted', data: { resolutionId, adoptedAt: at } },
      ];
      for (let index = 0; index < count; index++)
        events.push({ type: 'ResolutionProgressRecorded', data: { resolutionId, note: `گزارش پیشرفت شماره ${index + 1}`, reportedAt: at } });
      await appendInChunks(store, streamIdOf(RESOLUTION_CATEGORY, resolutionId), events);
      hot.progress[count] = resolutionId;
    }
  } finally {
    await store.close();
  }
  return hot;
};

interface GraphQLAnswer {
  data?: any;
  errors?: { message: string }[];
}

export const client = (server: ChildServer, token: string) => async (query: string, variables: object = {}): Promise<{ ms: number; data: any }> => {
  const started = performance.now();
  const response = await fetch(server.graphqlUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
  });
  const answer = (await response.json()) as GraphQLAnswer;
  const ms = performance.now() - started;
  if (answer.errors?.length || !answer.data) throw new Error(`GraphQL ${response.status}: ${JSON.stringify(answer.errors ?? answer).slice(0, 400)}`);
  return { ms, data: answer.data };
};

/**
 * Until the server stops using CPU (the snapshot builder folds the log after the read models do),
 * its start's checks of its derived files' pages included: `/healthz` names them while they run,
 * and two quiet half-seconds alone did not always wait them out.
 */
export const settle = async (server: ChildServer) => {
  await untilFilesChecked(server.baseUrl);
  const { pid } = server;
  let quiet = 0;
  let last = cpuMs(pid) ?? 0;
  while (quiet < 2) {
    await sleep(500);
    const now = cpuMs(pid) ?? last;
    quiet = now - last < 25 ? quiet + 1 : 0;
    last = now;
  }
};

export interface Cost {
  /** Median latency of one request, ms. */
  p50Ms: number;
  /** 95th percentile latency, ms. */
  p95Ms: number;
  /** The server's CPU time per request, µs. */
  cpuUs: number;
  samples: number;
}

/** Where the indexes of `prepare` run alone start (see sample): past any run's. */
const PREPARED_ALONE = 1_000_000;

/** What a run of requests gave: each one's latency (ms), and the server's CPU time over them (ms). */
interface Sampled {
  latencies: number[];
  cpuMs: number;
}

/**
 * Runs `samples` requests one after another (indexes `from` onward) and takes `request`'s
 * latencies and the server's CPU time over the whole run (the kernel counts it in 10 ms ticks,
 * too coarse for one request). With `prepare` (say, a write before each read), the same run is
 * made with `prepare` alone and its CPU time taken off.
 */
const sample = async (
  pid: number,
  samples: number,
  request: (index: number) => Promise<{ ms: number }>,
  prepare?: (index: number) => Promise<unknown>,
  from = 0,
): Promise<Sampled> => {
  const latencies: number[] = [];
  // The first request warms what a request warms (a stream folded, statements prepared): not
  // counted. Its index, and those of `prepare` run alone, are apart from every run's (a
  // participant's name is made of it, and a meeting takes each person once).
  await prepare?.(-1 - from);
  await request(-1 - from);
  let prepareCpu = 0;
  if (prepare) {
    const before = cpuMs(pid) ?? 0;
    for (let index = from; index < from + samples; index++) await prepare(PREPARED_ALONE + index);
    prepareCpu = (cpuMs(pid) ?? 0) - before;
  }
  const before = cpuMs(pid) ?? 0;
  for (let index = from; index < from + samples; index++) {
    if (prepare) await prepare(index);
    latencies.push((await request(index)).ms);
  }
  return { latencies, cpuMs: (cpuMs(pid) ?? 0) - before - prepareCpu };
};

/** The cost of the runs together: latency percentiles over all their requests, CPU time over all of them. */
const costOf = (runs: Sampled[]): Cost => {
  const latencies = runs.flatMap((run) => run.latencies);
  const cpu = runs.reduce((sum, run) => sum + run.cpuMs, 0);
  return { p50Ms: median(latencies), p95Ms: percentile(latencies, 0.95), cpuUs: Math.max(0, Math.round((cpu * 1000) / latencies.length)), samples: latencies.length };
};

/** Measures `samples` requests one after another (see sample). */
export const measure = async (pid: number, samples: number, request: (index: number) => Promise<{ ms: number }>, prepare?: (index: number) => Promise<unknown>): Promise<Cost> =>
  costOf([await sample(pid, samples, request, prepare)]);

/** One operation as a size's server answers it: its requests, and what runs before each (if anything). */
interface Operation {
  request: (index: number) => Promise<{ ms: number }>;
  prepare?: (index: number) => Promise<unknown>;
  /** Of the samples asked for, the share this one takes (the list as of a past point: a tenth). */
  share?: number;
}

/**
 * Measures every operation on every subject (a log size, an aggregate size) side by side: in
 * `rounds` rounds, each operation is asked of each subject in turn, the order of the subjects
 * turned round every round, so what the neighbours on a shared machine do falls on every size
 * alike and their ratios hold where one run's latencies move by a third.
 */
const sideBySide = async <Name extends string>(
  subjects: { key: string; pid: number; operations: Record<Name, Operation> }[],
  samples: number,
  rounds: number,
): Promise<Record<string, Record<Name, Cost>>> => {
  const names = Object.keys(subjects[0].operations) as Name[];
  const runs = new Map(subjects.map((subject) => [subject.key, new Map(names.map((name) => [name, [] as Sampled[]]))]));
  for (let round = 0; round < rounds; round++) {
    progress(`round ${round + 1} of ${rounds}`);
    for (const name of names)
      for (let turn = 0; turn < subjects.length; turn++) {
        const subject = subjects[(turn + round) % subjects.length];
        const operation = subject.operations[name];
        const total = Math.max(rounds, Math.ceil(samples * (operation.share ?? 1)));
        const count = Math.floor(total / rounds) + (round < total % rounds ? 1 : 0);
        const from = round * Math.ceil(total / rounds);
        runs.get(subject.key)!.get(name)!.push(await sample(subject.pid, count, operation.request, operation.prepare, from));
      }
  }
  return Object.fromEntries(
    subjects.map((subject) => [subject.key, Object.fromEntries(names.map((name) => [name, costOf(runs.get(subject.key)!.get(name)!)])) as Record<Name, Cost>]),
  );
};

const MEETING_QUERY = `query ($id: ID!) { meeting(id: $id) {
  id version title location status scheduledStart participants { id organizationId role personName }
  outcomeCounts { kind count } outcomes(first: 20) { totalCount pageInfo { hasNextPage endCursor } edges { node { id kind text status } } } } }`;
const MEETING_AS_OF = `query ($id: ID!, $asOf: DateTime) { meeting(id: $id, asOf: $asOf) { id version title status scheduledStart } }`;
const LIST_QUERY = `query { meetings(first: 50, filter: { status: CLOSED }) {
  totalCount pageInfo { hasNextPage endCursor } edges { node { id version title status scheduledStart outcomeCounts { kind count } } } } }`;
// At a position, not a time: the log is written in a few minutes, and the runs' own appends come
// hours later, so random times mostly fell between the two, named one point and read its cached store.
const LIST_AS_OF = `query ($atPosition: String) { meetings(atPosition: $atPosition, first: 50, filter: { status: CLOSED }) {
  totalCount pageInfo { hasNextPage endCursor } edges { node { id version title status scheduledStart } } } }`;
const AUDIT_PAGE = `query ($filter: AuditLogFilter) { auditLog(filter: $filter, first: 50) { pageInfo { hasNextPage endCursor } edges { node { position type streamId recordedAt hash } } } }`;
const HISTORY = `query ($id: ID!) { history(entityId: $id, first: 50) { totalCount pageInfo { hasNextPage endCursor } edges { node { type revision recordedAt } } } }`;
const RECORD_OUTCOME = `mutation ($input: RecordOutcomeInput!) { recordOutcome(input: $input) {
  position meeting { id version status outcomeCounts { kind count } } events { eventId type revision position recordedAt } } }`;
const ADD_PARTICIPANT = `mutation ($input: AddParticipantInput!) { addParticipant(input: $input) { position meeting { id version status } events { eventId type revision } } }`;
const RECORD_PROGRESS = `mutation ($input: RecordResolutionProgressInput!) { recordResolutionProgress(input: $input) {
  position resolution { id version status percentComplete } events { eventId type revision } } }`;

interface Started {
  server: ChildServer;
  gql: ReturnType<typeof client>;
  startMs: number;
}

const startOn = async (dir: string, label: string): Promise<Started> => {
  const started = performance.now();
  const server = await startServerProcess({ dataDir: dir, label, timeoutMs: 3_600_000, pollMs: 200 });
  await settle(server);
  const token = await signToken({ sub: 'bench-clerk', name: 'دبیر آزمایشی', roles: ['CLERK', 'AUDITOR'], expiresIn: '4h' }, BENCH_JWT_SECRET);
  return { server, gql: client(server, token), startMs: Math.round(performance.now() - started) };
};

const fileSizes = (dir: string) =>
  Object.fromEntries(
    ['events', 'read-models', 'snapshots'].map((name) => {
      const file = join(dir, `${name}.sqlite`);
      const bytes = ['', '-wal'].reduce((sum, suffix) => sum + (existsSync(file + suffix) ? statSync(file + suffix).size : 0), 0);
      return [name, bytes];
    }),
  );

/** Experiment A: a log of `events` events, its server started and its operations ready to be asked. */
const openLog = async (dir: string, events: number, samples: number) => {
  const { server, gql, startMs } = await startOn(dir, `server ${events}`);
  try {
    const random = seededRandom(events);
    const inSession = (await gql(`query { meetings(first: 5, filter: { status: IN_SESSION }) { edges { node { id } } } }`)).data.meetings.edges.map(
      (edge: { node: { id: string } }) => edge.node.id,
    ) as string[];
    const closedMeetings = (await gql(`query { meetings(first: ${samples}, filter: { status: CLOSED }) { edges { node { id createdAt } } } }`)).data.meetings.edges.map(
      (edge: { node: { id: string; createdAt: string } }) => edge.node,
    ) as { id: string; createdAt: string }[];
    const closed = closedMeetings.map((meeting) => meeting.id);
    const first = (await gql(`query { auditLog(first: 1) { edges { node { recordedAt } } } }`)).data.auditLog.edges[0].node.recordedAt as string;
    const last = (await gql(`query { auditLog(last: 1) { edges { node { recordedAt position } } } }`)).data.auditLog.edges[0].node as { recordedAt: string; position: string };
    const pastTime = (since = first) => new Date(Date.parse(since) + random() * (Date.parse(last.recordedAt) - Date.parse(since))).toISOString();
    const recordOutcome = (index: number) =>
      gql(RECORD_OUTCOME, { input: { meetingId: nth(inSession, index), kind: 'DEMAND', text: `خواسته آزمایشی ${index} درباره گمرک` } });
    const operations: Record<LogOperation, Operation> = {
      mutation: { request: recordOutcome },
      entityQuery: { request: (index) => gql(MEETING_QUERY, { id: nth(closed, index) }) },
      listPageAfterWrite: { request: () => gql(LIST_QUERY), prepare: recordOutcome },
      entityAsOf: {
        request: (index) => {
          const meeting = nth(closedMeetings, index);
          return gql(MEETING_AS_OF, { id: meeting.id, asOf: pastTime(meeting.createdAt) });
        },
      },
      listAsOf: { request: () => gql(LIST_AS_OF, { atPosition: String(1 + Math.floor(random() * Number(last.position))) }), share: 0.1 },
      auditPage: {
        request: () => gql(AUDIT_PAGE, { filter: { types: ['OutcomeRecorded'], fromPosition: String(Math.floor(random() * Number(last.position) * 0.9)) } }),
      },
      history: { request: (index) => gql(HISTORY, { id: nth(closed, index) }) },
    };
    return { server, startMs, operations, events: eventCountOf(join(dir, SQLITE_EVENT_LOG_FILE)) };
  } catch (error) {
    await server.stop();
    throw error;
  }
};

type LogOperation = 'mutation' | 'entityQuery' | 'listPageAfterWrite' | 'entityAsOf' | 'listAsOf' | 'auditPage' | 'history';

/** Experiment A: the operations on every log, their servers up side by side. */
const measureLogs = async (base: string, sizes: number[], samples: number, rounds: number) => {
  const opened: { size: number; dir: string; log: Awaited<ReturnType<typeof openLog>> }[] = [];
  try {
    for (const size of sizes) {
      const dir = join(base, `log-${size}`);
      await ensureLog(dir, size);
      opened.push({ size, dir, log: await openLog(dir, size, samples) });
    }
    progress(`${sizes.join(', ')} events: measuring side by side`);
    const costs = await sideBySide(
      opened.map(({ size, log }) => ({ key: String(size), pid: log.server.pid, operations: log.operations })),
      samples,
      rounds,
    );
    return Object.fromEntries(
      opened.map(({ size, dir, log }) => [
        size,
        {
          events: log.events,
          startMs: log.startMs,
          operations: costs[size],
          peakRssMiB: Math.round((peakRssBytes(log.server.pid) ?? 0) / 1024 ** 2),
          files: fileSizes(dir),
        },
      ]),
    );
  } finally {
    for (const { log } of opened) await log.server.stop();
  }
};

/** Experiment B: the same kinds of request on aggregates of each size, appended to a copy of a log. */
const measureAggregates = async (dir: string, baseLog: string, children: number[], samples: number, rounds: number) => {
  mkdirSync(dir, { recursive: true });
  for (const name of [SQLITE_EVENT_LOG_FILE, 'read-models.sqlite', 'snapshots.sqlite']) removeDatabase(join(dir, name));
  copyFileSync(baseLog, join(dir, SQLITE_EVENT_LOG_FILE));
  const organizationId = (() => {
    const db = new Database(join(dir, SQLITE_EVENT_LOG_FILE), { readonly: true });
    try {
      return JSON.parse(db.prepare(`SELECT data FROM events WHERE type = 'OrganizationRegistered' LIMIT 1`).pluck().get() as string).organizationId as string;
    } finally {
      db.close();
    }
  })();
  progress(`appending aggregates of ${children.join(', ')} items…`);
  const hot = await writeHotAggregates(dir, children, organizationId);
  const { server, gql } = await startOn(dir, 'server aggregates');
  try {
    const random = seededRandom(3);
    // After every hot aggregate was written: each was whole by then.
    const written = (await gql(`query { auditLog(last: 1) { edges { node { recordedAt } } } }`)).data.auditLog.edges[0].node.recordedAt as string;
    const pastTime = () => new Date(Date.parse(written) + random() * (Date.now() - Date.parse(written))).toISOString();
    const operationsOf = (count: number): Record<string, Operation> => ({
      recordOutcome: { request: (index) => gql(RECORD_OUTCOME, { input: { meetingId: hot.outcomes[count], kind: 'DEMAND', text: `خواسته افزوده ${index}` } }) },
      addParticipant: {
        request: (index) =>
          gql(ADD_PARTICIPANT, { input: { meetingId: hot.participants[count], organizationId, role: 'OBSERVER', personName: `ناظر افزوده ${index}` } }),
      },
      recordResolutionProgress: { request: (index) => gql(RECORD_PROGRESS, { input: { resolutionId: hot.progress[count], note: `گزارش افزوده ${index}` } }) },
      // Each read after a write to the same meeting: its cached view is gone, as it would be in use.
      entityQuery: {
        request: () => gql(MEETING_QUERY, { id: hot.outcomes[count] }),
        prepare: (index) => gql(RECORD_OUTCOME, { input: { meetingId: hot.outcomes[count], kind: 'SOLUTION', text: `راهکار ${index}` } }),
      },
      entityAsOf: { request: () => gql(MEETING_AS_OF, { id: hot.outcomes[count], asOf: pastTime() }) },
      history: { request: () => gql(HISTORY, { id: hot.outcomes[count] }) },
    });
    progress(`aggregates of ${children.join(', ')}: measuring side by side`);
    const bySize = await sideBySide(
      children.map((count) => ({ key: String(count), pid: server.pid, operations: operationsOf(count) })),
      samples,
      rounds,
    );
    return { children: bySize, peakRssMiB: Math.round((peakRssBytes(server.pid) ?? 0) / 1024 ** 2) };
  } finally {
    await server.stop();
  }
};

/** Each operation's largest cost over its smallest, by latency and by CPU: flat is 1. */
const ratiosOf = (series: Record<string, Cost>[]): Record<string, { p50: number; cpu: number }> =>
  Object.fromEntries(
    Object.keys(series[0]).map((operation) => {
      const first = series[0][operation];
      const last = series[series.length - 1][operation];
      return [operation, { p50: round2(last.p50Ms / first.p50Ms), cpu: round2(last.cpuUs / Math.max(1, first.cpuUs)) }];
    }),
  );

export const runGrowthBench = async (options: GrowthBenchOptions = {}) => {
  const sizes = options.sizes ?? [10_000, 100_000, 1_000_000];
  const children = options.children ?? [10, 1_000, 10_000];
  const samples = options.samples ?? 100;
  const rounds = options.rounds ?? 5;
  const base = options.dataDir ?? mkdtempSync(join(tmpdir(), 'daftar-bench-growth-'));
  const plot = options.plot ?? join(__dirname, '..', '..', 'docs', 'growth.svg');
  try {
    const logs = await measureLogs(base, sizes, samples, rounds);
    for (const size of sizes) progress(`${size}: ${JSON.stringify(logs[size].operations)}`);
    const aggregateBase = sizes.find((size) => size >= 100_000) ?? sizes[sizes.length - 1];
    const aggregates = await measureAggregates(join(base, 'aggregates'), join(base, `log-${aggregateBase}`, SQLITE_EVENT_LOG_FILE), children, samples, rounds);
    const largest = logs[sizes[sizes.length - 1]];
    const perMillion = (bytes: number) => Math.round((bytes * 1_000_000) / largest.events / 1024 ** 2);
    const result = {
      bench: 'growth',
      samples,
      rounds,
      logs,
      logRatios: ratiosOf(sizes.map((size) => logs[size].operations)),
      aggregates: { onLogOf: aggregateBase, ...aggregates },
      aggregateRatios: ratiosOf(children.map((count) => aggregates.children[count])),
      filesMiBPerMillionEvents: Object.fromEntries(Object.entries(largest.files).map(([name, bytes]) => [name, perMillion(bytes)])),
      peakRssMiB: Math.max(...Object.values(logs).map((log) => log.peakRssMiB), aggregates.peakRssMiB),
      plot,
    };
    mkdirSync(dirname(plot), { recursive: true });
    writeFileSync(plot, plotGrowth(result));
    progress(`plot written to ${plot}`);
    return result;
  } finally {
    if (!options.dataDir) rmSync(base, { recursive: true, force: true });
  }
};
