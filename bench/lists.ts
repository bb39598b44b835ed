import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { signToken } from '../src/auth/tokens';
import { openSqliteEventStore } from '../src/eventstore/sqlite';
import { SQLITE_EVENT_LOG_FILE } from '../src/eventstore/open-event-store';
import { writeMeetingsLog, type MeetingsLogSummary } from './meetings-log';
import { client, eventCountOf, measure, removeDatabase, settle, type Cost } from './growth';
import { BENCH_JWT_SECRET, peakRssBytes, startServerProcess } from './server-process';

/**
 * Issue 14's list target at its scale: a filtered, sorted page of 50 over 200,000 meetings (1M+
 * events), p50 ≤ 20 ms, the first request after a write included. The log (bench/meetings-log.ts)
 * is written once into `--data-dir` and reused; the real server folds it on its first start and
 * keeps its read models there. Then, one client one request at a time: a page of 50 meetings in
 * the default order (scheduled start) with exact `totalCount` under each filter the API offers,
 * pages deep in the list by keyset `after`, and the first list after a mutation (`consistentWith`
 * its position). Latency median and 95th percentile, and the server's CPU per request from /proc.
 */
/** What `--only` may name: the filters measured after a write and repeated, and the deep keyset pages. */
export const LIST_OPERATIONS = [
  'none',
  'statusClosed',
  'statusInSession',
  'regionalGroup',
  'fromTo',
  'text',
  'textRare',
  'statusGroupFromTo',
  'statusText',
  'afterDeepNone',
  'afterDeepClosed',
] as const;

export interface ListsBenchOptions {
  meetings?: number;
  samples?: number;
  dataDir?: string;
  /** Only these operations (filter names, or afterDeepNone, afterDeepClosed): a profile of one. */
  only?: string[];
}

const progress = (message: string): void => {
  process.stderr.write(`[bench lists] ${message}\n`);
};

const NODE = 'id version title status scheduledStart outcomeCounts { kind count }';
const LIST = `query ($filter: MeetingFilter, $after: String, $first: Int, $consistentWith: String) {
  meetings(first: $first, after: $after, filter: $filter, consistentWith: $consistentWith) {
    totalCount pageInfo { hasNextPage endCursor } edges { node { ${NODE} } } } }`;
const RECORD_OUTCOME = `mutation ($input: RecordOutcomeInput!) { recordOutcome(input: $input) { position meeting { id version status } } }`;

const SUMMARY_FILE = 'meetings-log.json';

const ensureLog = async (dir: string, meetings: number): Promise<MeetingsLogSummary> => {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, SQLITE_EVENT_LOG_FILE);
  const summaryFile = join(dir, SUMMARY_FILE);
  if (existsSync(summaryFile)) {
    const summary = JSON.parse(readFileSync(summaryFile, 'utf8')) as MeetingsLogSummary;
    if (summary.meetings === meetings && eventCountOf(file) >= summary.events) {
      progress(`reusing the log of ${summary.meetings} meetings (${summary.events} events) in ${dir}`);
      return summary;
    }
  }
  for (const name of [SQLITE_EVENT_LOG_FILE, 'read-models.sqlite', 'snapshots.sqlite']) removeDatabase(join(dir, name));
  progress(`writing ${meetings} meetings to ${dir}…`);
  const started = performance.now();
  const store = await openSqliteEventStore({ file, synchronous: 'NORMAL' });
  let summary: MeetingsLogSummary;
  try {
    let reported = 0;
    summary = await writeMeetingsLog(store, {
      meetings,
      onProgress: (written) => {
        if (written - reported >= 100_000) progress(`  ${(reported = written)} events`);
      },
    });
  } finally {
    await store.close();
  }
  writeFileSync(summaryFile, JSON.stringify(summary));
  progress(`wrote ${summary.events} events in ${Math.round((performance.now() - started) / 1000)} s`);
  return summary;
};

export const runListsBench = async (options: ListsBenchOptions = {}) => {
  const meetings = options.meetings ?? 200_000;
  const samples = options.samples ?? 100;
  const dir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'daftar-bench-lists-'));
  try {
    const log = await ensureLog(dir, meetings);
    const started = performance.now();
    const server = await startServerProcess({ dataDir: dir, label: 'server lists', timeoutMs: 7_200_000, pollMs: 500 });
    const msToFirstHealthy = server.msToFirstHealthy;
    await settle(server);
    const startMs = Math.round(performance.now() - started);
    progress(`serving after ${msToFirstHealthy} ms, settled after ${startMs} ms`);
    try {
      const token = await signToken({ sub: 'bench-clerk', name: 'دبیر آزمایشی', roles: ['CLERK', 'AUDITOR'], expiresIn: '4h' }, BENCH_JWT_SECRET);
      const gql = client(server, token);
      const page = (filter: object | undefined, extra: object = {}) => gql(LIST, { first: 50, filter, ...extra });
      const group = log.regionalGroupIds[3];
      const filters: Record<string, object | undefined> = {
        none: undefined,
        statusClosed: { status: 'CLOSED' },
        statusInSession: { status: 'IN_SESSION' },
        regionalGroup: { regionalGroupId: group },
        fromTo: { from: '2020-01-01T00:00:00.000Z', to: '2020-12-31T23:59:59.999Z' },
        text: { text: 'گردشگری' },
        textRare: { text: 'شماره 123456' },
        statusGroupFromTo: { status: 'CLOSED', regionalGroupId: group, from: '2020-01-01T00:00:00.000Z', to: '2022-12-31T23:59:59.999Z' },
        statusText: { status: 'CLOSED', text: 'ترانزیت' },
      };
      // The first request after a write: a mutation (an outcome recorded on a meeting in session),
      // then the page read consistent with its position. Every write empties the store's answer
      // cache, so each such read computes its page and count afresh.
      const inSession = ((await page({ status: 'IN_SESSION' })).data.meetings.edges as { node: { id: string } }[]).map((edge) => edge.node.id);
      let position = '';
      const write = async (index: number) => {
        position = (await gql(RECORD_OUTCOME, { input: { meetingId: inSession[(index + inSession.length) % inSession.length], kind: 'DEMAND', text: `خواسته آزمایشی ${index} درباره گمرک` } })).data
          .recordOutcome.position as string;
      };
      const totalCounts: Record<string, number> = {};
      const firstRequestMs: Record<string, number> = {};
      const operations: Record<string, Cost & { totalCount?: number; depth?: number }> = {};
      const wanted = (name: string) => !options.only || options.only.includes(name);
      for (const [name, filter] of Object.entries(filters)) {
        if (!wanted(name)) continue;
        // The first request of each filter in this server's life: what a text asked for the first time costs.
        const firstStarted = performance.now();
        totalCounts[name] = (await page(filter)).data.meetings.totalCount as number;
        firstRequestMs[name] = Math.round((performance.now() - firstStarted) * 100) / 100;
        progress(`${name}: totalCount ${totalCounts[name]}, first request ${firstRequestMs[name]} ms, measuring`);
        operations[`${name}AfterWrite`] = { ...(await measure(server.pid, samples, () => page(filter, { consistentWith: position }), write)), totalCount: totalCounts[name] };
        progress(`${name}AfterWrite: ${JSON.stringify(operations[`${name}AfterWrite`])}`);
        // The same page asked again with no write between: the answer cache's figure.
        operations[`${name}Repeated`] = { ...(await measure(server.pid, samples, () => page(filter))), totalCount: totalCounts[name] };
        progress(`${name}Repeated: ${JSON.stringify(operations[`${name}Repeated`])}`);
      }

      // Keyset paging: walk to a depth by pages of 500, then measure pages of 50 onward from there.
      const deepPages = async (name: string, filter: object | undefined, depth: number) => {
        if (!wanted(name)) return;
        let after: string | undefined;
        for (let skipped = 0; skipped < depth; skipped += 500) after = (await gql(LIST, { first: 500, after, filter })).data.meetings.pageInfo.endCursor as string;
        const cursors: (string | undefined)[] = [after];
        const cost = await measure(server.pid, samples, async (index) => {
          const answer = await gql(LIST, { first: 50, after: cursors[Math.max(0, index)], filter });
          if (index >= 0) cursors[index + 1] = answer.data.meetings.pageInfo.endCursor as string;
          return answer;
        });
        operations[name] = { ...cost, depth };
        progress(`${name}: ${JSON.stringify(operations[name])}`);
      };
      await deepPages('afterDeepNone', undefined, 100_000);
      await deepPages('afterDeepClosed', { status: 'CLOSED' }, 100_000);

      return {
        bench: 'lists',
        samples,
        log: { meetings: log.meetings, events: eventCountOf(join(dir, SQLITE_EVENT_LOG_FILE)), statuses: log.statuses, eventTypes: log.eventTypes },
        msToFirstHealthy,
        startMs,
        operations,
        firstRequestMs,
        peakRssMiB: Math.round((peakRssBytes(server.pid) ?? 0) / 1024 ** 2),
        loadAverage: readFileSync('/proc/loadavg', 'utf8').trim(),
      };
    } finally {
      await server.stop();
    }
  } finally {
    if (!options.dataDir) rmSync(dir, { recursive: true, force: true });
  }
};
