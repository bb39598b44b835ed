import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { signToken } from '../src/auth/tokens';
import { OUTCOME_KINDS, PARTICIPANT_ROLES } from '../src/meetings/meeting';
import type { BareApolloConfig } from './bare-apollo';
import type { LoadResult, LoadSpec } from './load';
import { BENCH_JWT_SECRET, cpuMs, DIST_DIR, freePort, startServerProcess, type ChildServer } from './server-process';
import { startPostgresBench, type PostgresBench } from './store-postgres';

/**
 * The GraphQL API under load against the stack's limit. The real server (compiled, production
 * configuration, SQLite with synchronous NORMAL) is seeded through its own mutations, then it and
 * a bare Apollo Server answering the same operations from memory are loaded in turn by autocannon
 * from a separate process, alternating which goes first each round so machine noise spreads evenly.
 */
export interface ApiBenchOptions {
  rounds?: number;
  duration?: number;
  connections?: number;
  warmup?: number;
  meetings?: number;
  outcomes?: number;
  participants?: number;
  organizations?: number;
  /** A subset of the scenarios, e.g. to profile one. */
  only?: Scenario[];
  /**
   * Where the server keeps its events: SQLite in its DATA_DIR (default), or an embedded PostgreSQL
   * started by the bench on this machine (synchronous_commit off, as SQLite's synchronous NORMAL).
   */
  store?: 'sqlite' | 'postgres';
  /**
   * With PostgreSQL: also the two read scenarios against two nodes of the one store (a second server
   * with its own DATA_DIR), each loaded with half the connections at once, against the first node
   * alone with all of them.
   */
  twoNodes?: boolean;
}

type Settings = Required<Omit<ApiBenchOptions, 'only' | 'store' | 'twoNodes'>>;


/** Ours over the yardstick: for queries the bare Apollo server; for the mutation its durable floor (the bare constant is reported too). */
const TARGETS = { mutation: 0.5, entityQuery: 0.8, listQuery: 0.6 } as const;
export type Scenario = keyof typeof TARGETS;
/** Mutations last: they grow the meetings the queries read. */
export const SCENARIOS: Scenario[] = ['entityQuery', 'listQuery', 'mutation'];

const progress = (message: string): void => {
  process.stderr.write(`[bench api] ${message}\n`);
};

const ENTITY_QUERY = `query Meeting($id: ID!) {
  meeting(id: $id) {
    id version title location status scheduledStart chair
    participants { id organizationId role personName title organization { id name kind } }
    outcomes(first: 20) { totalCount pageInfo { hasNextPage endCursor } edges { cursor node { id kind text status recordedAt } } }
  }
}`;

const LIST_QUERY = `query InSession {
  meetings(first: 50, filter: { status: IN_SESSION }) {
    totalCount pageInfo { hasNextPage endCursor }
    edges { cursor node { id version title location status scheduledStart participants { id organizationId role } outcomeCounts { kind count } } }
  }
}`;

export const RECORD_OUTCOME = `mutation RecordOutcome($input: RecordOutcomeInput!) {
  recordOutcome(input: $input) {
    position
    meeting { id version status outcomeCounts { kind count } }
    events { eventId type revision position recordedAt }
  }
}`;

export const OUTCOME_TEXTS = [
  'رفع موانع گمرکی در مرز بازرگان برای صادرات محصولات کشاورزی استان و تسریع در ترخیص کالا',
  'ایجاد دفتر نمایندگی اتاق بازرگانی در کشور همسایه برای پیگیری قراردادهای همکاری اقتصادی',
  'برگزاری نمایشگاه مشترک صنایع دستی و معرفی ظرفیت‌های گردشگری استان به هیئت‌های خارجی',
  'تأمین اعتبار لازم برای تکمیل پایانه مرزی و راه‌اندازی خط ریلی حمل بار تا پایان سال',
];

interface GraphQLAnswer<Data> {
  data?: Data;
  errors?: { message: string; extensions?: { code?: string } }[];
}

/** One GraphQL request as a client sends it; an answer with errors, or without data, throws. */
export const graphql = async <Data>(url: string, token: string, query: string, variables: object = {}): Promise<Data> => {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
  });
  const answer = (await response.json()) as GraphQLAnswer<Data>;
  if (answer.errors?.length || !answer.data)
    throw new Error(`GraphQL ${response.status}: ${JSON.stringify(answer.errors ?? answer).slice(0, 500)}`);
  return answer.data;
};

/** Runs `work` over `items` with at most `limit` in flight. */
const eachLimited = async <T>(items: T[], limit: number, work: (item: T, index: number) => Promise<void>) => {
  let next = 0;
  const lanes = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const index = next++;
      await work(items[index], index);
    }
  });
  await Promise.all(lanes);
};

interface Seeded {
  organizationIds: string[];
  meetingIds: string[];
  events: number;
}

const seed = async (url: string, token: string, options: Settings): Promise<Seeded> => {
  const organizationIds: string[] = [];
  for (let index = 0; index < options.organizations; index++) {
    const data = await graphql<{ registerOrganization: { organization: { id: string } } }>(
      url,
      token,
      `mutation Register($input: RegisterOrganizationInput!) { registerOrganization(input: $input) { organization { id } } }`,
      {
        input:
          index % 2 === 0
            ? { kind: 'PROVINCE', name: `استانداری شماره ${index + 1}`, nameEn: `Province ${index + 1}`, country: 'IR' }
            : { kind: 'FOREIGN_MISSION', name: `سفارت شماره ${index + 1}`, nameEn: `Embassy ${index + 1}`, country: 'TR' },
      },
    );
    organizationIds.push(data.registerOrganization.organization.id);
  }
  const meetingIds: string[] = new Array(options.meetings);
  let events = organizationIds.length;
  let done = 0;
  await eachLimited(Array.from({ length: options.meetings }, (_, index) => index), 4, async (index) => {
    const run = <Data>(query: string, input: object) => graphql<Data>(url, token, query, { input });
    const scheduled = await run<{ scheduleMeeting: { meeting: { id: string } } }>(
      `mutation S($input: ScheduleMeetingInput!) { scheduleMeeting(input: $input) { meeting { id } } }`,
      {
        title: `نشست کارگروه منطقه‌ای شماره ${index + 1} درباره همکاری‌های مرزی`,
        location: 'تبریز، سالن جلسات استانداری',
        scheduledStart: new Date(Date.UTC(2025, 0, 1 + index, 8)).toISOString(),
        scheduledEnd: new Date(Date.UTC(2025, 0, 1 + index, 12)).toISOString(),
        chair: 'استاندار آذربایجان شرقی',
        hostOrganizationId: organizationIds[index % organizationIds.length],
      },
    );
    const meetingId = scheduled.scheduleMeeting.meeting.id;
    meetingIds[index] = meetingId;
    for (let p = 0; p < options.participants; p++)
      await run(`mutation P($input: AddParticipantInput!) { addParticipant(input: $input) { position } }`, {
        meetingId,
        organizationId: organizationIds[(index + p) % organizationIds.length],
        role: PARTICIPANT_ROLES[p % PARTICIPANT_ROLES.length],
        personName: `نماینده ${p + 1}`,
        title: 'معاون هماهنگی امور اقتصادی',
      });
    await run(`mutation O($input: OpenMeetingInput!) { openMeeting(input: $input) { position } }`, { meetingId });
    for (let o = 0; o < options.outcomes; o++)
      await run(`mutation R($input: RecordOutcomeInput!) { recordOutcome(input: $input) { position } }`, {
        meetingId,
        kind: OUTCOME_KINDS[o % OUTCOME_KINDS.length],
        text: `${OUTCOME_TEXTS[o % OUTCOME_TEXTS.length]} (بند ${o + 1})`,
      });
    events += 2 + options.participants + options.outcomes;
    if (++done % 20 === 0) progress(`seeded ${done}/${options.meetings} meetings`);
  });
  return { organizationIds, meetingIds, events };
};

const body = (query: string, variables: object = {}): string => JSON.stringify({ query, variables });

const recordOutcomeInput = (meetingId: string, variant: number) => ({
  meetingId,
  kind: OUTCOME_KINDS[variant % OUTCOME_KINDS.length],
  text: `${OUTCOME_TEXTS[variant % OUTCOME_TEXTS.length]} (بار ${variant + 1})`,
});

/** The request bodies of each scenario: one per meeting (three per meeting for the mutation). */
const bodiesOf = (meetingIds: string[]): Record<Scenario, string[]> => ({
  entityQuery: meetingIds.map((id) => body(ENTITY_QUERY, { id })),
  listQuery: [body(LIST_QUERY)],
  mutation: meetingIds.flatMap((id) => [0, 1, 2].map((variant) => body(RECORD_OUTCOME, { input: recordOutcomeInput(id, variant) }))),
});

/** What the bare server answers: the real server's own answers, captured once after seeding. */
const captureAnswers = async (url: string, token: string, meetingIds: string[], schemaFile: string, port: number): Promise<BareApolloConfig> => {
  const meetings: Record<string, unknown> = {};
  for (const id of meetingIds) meetings[id] = (await graphql<{ meeting: unknown }>(url, token, ENTITY_QUERY, { id })).meeting;
  const meetingList = (await graphql<{ meetings: unknown }>(url, token, LIST_QUERY)).meetings;
  const sample = await graphql<{ recordOutcome: unknown }>(url, token, RECORD_OUTCOME, { input: recordOutcomeInput(meetingIds[0], 0) });
  return { schemaFile, port, meetings, meetingList, recordOutcome: { [meetingIds[0]]: sample.recordOutcome } };
};

const runNode = (script: string, input: string, label: string, untilFirstLine = false) =>
  new Promise<{ line: string; child: ReturnType<typeof spawn> }>((done, fail) => {
    const child = spawn(process.execPath, [join(DIST_DIR, 'bench', script)], {
      env: { ...process.env, NODE_ENV: 'production' },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let out = '';
    let settled = false;
    child.stderr!.on('data', (chunk: Buffer) => process.stderr.write(`[${label}] ${chunk.toString()}`));
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const newline = out.indexOf('\n');
      if (untilFirstLine && newline >= 0 && !settled) {
        settled = true;
        done({ line: out.slice(0, newline), child });
      }
    });
    child.once('exit', (code) => {
      if (settled) return;
      settled = true;
      if (code === 0 && out.trim()) done({ line: out.trim().split('\n').pop()!, child });
      else fail(new Error(`${script} exited with ${code}`));
    });
    child.stdin!.end(input);
  });

const startBare = async (config: BareApolloConfig, label = 'bare'): Promise<{ url: string; pid: number; stop(): Promise<void> }> => {
  const { line, child } = await runNode('bare-apollo.js', JSON.stringify(config), label, true);
  const { url } = JSON.parse(line) as { url: string };
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  return {
    url,
    pid: child.pid!,
    stop: async () => {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      await exited;
    },
  };
};

/** A load run, with the CPU time the server spent on it (steadier than throughput on a shared machine). */
interface Run extends LoadResult {
  serverCpuMs: number;
}

const load = async (spec: LoadSpec, label: string, serverPid: number): Promise<Run> => {
  const cpuBefore = cpuMs(serverPid) ?? 0;
  const result = JSON.parse((await runNode('load.js', JSON.stringify(spec), label)).line) as LoadResult;
  return { ...result, serverCpuMs: (cpuMs(serverPid) ?? 0) - cpuBefore };
};

interface Figures {
  requestsPerSec: number;
  p50Ms: number;
  p99Ms: number;
  /** The server process's CPU time per answered request. */
  serverCpuUsPerRequest: number;
}

const round2 = (value: number): number => Math.round(value * 100) / 100;

/** Requests over the whole measured time; latency percentiles as the mean of the rounds' own. */
const combine = (runs: Run[]): Figures => ({
  requestsPerSec: Math.round(runs.reduce((sum, run) => sum + run.requests, 0) / runs.reduce((sum, run) => sum + run.durationSec, 0)),
  p50Ms: round2(runs.reduce((sum, run) => sum + run.latencyP50Ms, 0) / runs.length),
  p99Ms: round2(runs.reduce((sum, run) => sum + run.latencyP99Ms, 0) / runs.length),
  serverCpuUsPerRequest: Math.round(
    (runs.reduce((sum, run) => sum + run.serverCpuMs, 0) * 1000) / runs.reduce((sum, run) => sum + run.requests, 0),
  ),
});

/** ours / bare; null where bare measured 0 (autocannon's latencies are whole milliseconds). */
const ratioOf = (ours: number, bare: number): number | null => (bare > 0 ? round2(ours / bare) : null);

const failuresOf = (runs: LoadResult[]) => ({
  non2xx: runs.reduce((sum, run) => sum + run.non2xx, 0),
  errors: runs.reduce((sum, run) => sum + run.errors, 0),
  timeouts: runs.reduce((sum, run) => sum + run.timeouts, 0),
  graphqlErrors: runs.reduce((sum, run) => sum + run.graphqlErrors, 0),
});

export const runApiBench = async (options: ApiBenchOptions = {}) => {
  const scenarioList = SCENARIOS.filter((scenario) => !options.only || options.only.includes(scenario));
  const store = options.twoNodes ? 'postgres' : (options.store ?? 'sqlite');
  const settings: Settings = {
    rounds: options.rounds ?? 2,
    duration: options.duration ?? 10,
    connections: options.connections ?? 10,
    warmup: options.warmup ?? 3,
    meetings: options.meetings ?? 100,
    outcomes: options.outcomes ?? 20,
    participants: options.participants ?? 6,
    organizations: options.organizations ?? 12,
  };
  const dataDir = mkdtempSync(join(tmpdir(), 'daftar-bench-api-'));
  const secondDataDir = mkdtempSync(join(tmpdir(), 'daftar-bench-api-second-'));
  let ours: ChildServer | undefined;
  let second: ChildServer | undefined;
  let bare: { url: string; pid: number; stop(): Promise<void> } | undefined;
  let floor: { url: string; pid: number; stop(): Promise<void> } | undefined;
  let postgres: PostgresBench | undefined;
  try {
    const env: Record<string, string> = {};
    if (store === 'postgres') {
      postgres = await startPostgresBench('NORMAL');
      env.EVENTSTORE_CONNECTION_STRING = await postgres.newSchema();
      progress(`embedded PostgreSQL up on port ${postgres.server.port} (synchronous_commit ${postgres.synchronousCommit})`);
    }
    ours = await startServerProcess({ dataDir, label: 'server', env });
    progress(`server up in ${ours.msToFirstHealthy} ms (pid ${ours.pid}); seeding…`);
    const token = await signToken({ sub: 'bench-clerk', name: 'دبیر آزمایشی', roles: ['CLERK'], expiresIn: '2h' }, BENCH_JWT_SECRET);
    const seedStarted = performance.now();
    const seeded = await seed(ours.graphqlUrl, token, settings);
    progress(`seeded ${seeded.events} events in ${Math.round(performance.now() - seedStarted)} ms`);

    const schemaFile = join(DIST_DIR, '..', 'schema', 'schema.graphql');
    const canned = await captureAnswers(ours.graphqlUrl, token, seeded.meetingIds, schemaFile, await freePort());
    bare = await startBare(canned);
    progress(`bare Apollo up at ${bare.url}`);
    floor = await startBare({ ...canned, port: await freePort(), floor: { file: join(dataDir, 'floor.sqlite'), synchronous: 'NORMAL' } }, 'floor');
    progress(`bare Apollo with a durable mutation up at ${floor.url}`);

    const bodies = bodiesOf(seeded.meetingIds);
    const headers = { authorization: `Bearer ${token}` };
    const targets = { ours: ours.graphqlUrl, bare: bare.url, floor: floor.url };
    const pids = { ours: ours.pid, bare: bare.pid, floor: floor.pid };
    const runs: Record<Scenario, { ours: Run[]; bare: Run[]; floor: Run[] }> = {
      entityQuery: { ours: [], bare: [], floor: [] },
      listQuery: { ours: [], bare: [], floor: [] },
      mutation: { ours: [], bare: [], floor: [] },
    };

    for (const scenario of scenarioList) {
      const spec = (url: string, durationSec: number): LoadSpec => ({
        url,
        connections: settings.connections,
        durationSec,
        headers,
        bodies: bodies[scenario],
      });
      // The durable floor is a yardstick of the mutation only.
      const contenders = scenario === 'mutation' ? (['ours', 'bare', 'floor'] as const) : (['ours', 'bare'] as const);
      if (settings.warmup > 0) for (const who of contenders) await load(spec(targets[who], settings.warmup), `load ${who}`, pids[who]);
      for (let round = 1; round <= settings.rounds; round++) {
        const order = round % 2 === 1 ? contenders : [...contenders].reverse();
        for (const who of order) {
          const result = await load(spec(targets[who], settings.duration), `load ${who}`, pids[who]);
          runs[scenario][who].push(result);
          progress(
            `${scenario} round ${round}/${settings.rounds} ${who.padEnd(5)} ${result.requestsPerSec} req/s, p50 ${result.latencyP50Ms} ms, p99 ${result.latencyP99Ms} ms, server CPU ${Math.round((result.serverCpuMs * 1000) / result.requests)} µs/request` +
              (result.non2xx || result.errors || result.graphqlErrors
                ? ` (non2xx ${result.non2xx}, errors ${result.errors}, graphqlErrors ${result.graphqlErrors}: ${result.firstGraphqlError ?? ''})`
                : ''),
          );
        }
      }
    }

    let twoNodesForReads: Record<string, TwoNodesFigures> | undefined;
    if (options.twoNodes) {
      second = await startServerProcess({ dataDir: secondDataDir, label: 'second', env });
      progress(`second node up in ${second.msToFirstHealthy} ms (pid ${second.pid}), its read models folded from the shared log`);
      twoNodesForReads = {};
      for (const scenario of (['entityQuery', 'listQuery'] as const).filter((name) => scenarioList.includes(name)))
        twoNodesForReads[scenario] = await measureTwoNodes(ours, second, bodies[scenario], headers, settings, scenario);
    }

    const scenarios = Object.fromEntries(
      scenarioList.map((scenario) => {
        const o = combine(runs[scenario].ours);
        const ratiosAgainst = (yardstick: Figures) => ({
          requestsPerSec: round2(o.requestsPerSec / yardstick.requestsPerSec),
          p50: ratioOf(o.p50Ms, yardstick.p50Ms),
          p99: ratioOf(o.p99Ms, yardstick.p99Ms),
          serverCpuPerRequest: ratioOf(o.serverCpuUsPerRequest, yardstick.serverCpuUsPerRequest),
        });
        const b = combine(runs[scenario].bare);
        const f = runs[scenario].floor.length ? combine(runs[scenario].floor) : null;
        const ratios = ratiosAgainst(b);
        const ratio = f ? ratiosAgainst(f).requestsPerSec : ratios.requestsPerSec;
        return [
          scenario,
          {
            ours: o,
            bare: b,
            ratios,
            ...(f && { floor: f, ratiosToFloor: ratiosAgainst(f) }),
            target: TARGETS[scenario],
            targetAgainst: f ? 'floor' : 'bare',
            met: ratio >= TARGETS[scenario],
            failures: { ours: failuresOf(runs[scenario].ours), bare: failuresOf(runs[scenario].bare), ...(f && { floor: failuresOf(runs[scenario].floor) }) },
          },
        ];
      }),
    );
    return {
      bench: 'api',
      store,
      synchronous: store === 'postgres' ? 'synchronous_commit off' : 'NORMAL',
      connections: settings.connections,
      durationSec: settings.duration,
      rounds: settings.rounds,
      seed: {
        organizations: settings.organizations,
        meetings: settings.meetings,
        participantsPerMeeting: settings.participants,
        outcomesPerMeeting: settings.outcomes,
        events: seeded.events,
      },
      scenarios,
      targets: TARGETS,
      ...(twoNodesForReads && { twoNodesForReads }),
    };
  } finally {
    await floor?.stop();
    await bare?.stop();
    await second?.stop();
    await ours?.stop();
    await postgres?.stop();
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(secondDataDir, { recursive: true, force: true });
  }
};

interface TwoNodesFigures {
  oneNode: { requestsPerSec: number; serverCpuUsPerRequest: number };
  twoNodes: { requestsPerSec: number; serverCpuUsPerRequest: number };
  /** Two nodes' requests per second over one node's, measured in alternation. */
  ratio: number;
}

/**
 * The same reads against one node with every connection, then against two nodes of the one store
 * with half the connections each (two load generators at once), alternating which goes first each
 * round. Reads touch only a node's own read models, so the second node adds a server process and
 * nothing shared; what it can add is bounded by the cores the servers, the load generators and
 * PostgreSQL share.
 */
const measureTwoNodes = async (
  first: ChildServer,
  second: ChildServer,
  bodies: string[],
  headers: Record<string, string>,
  settings: Settings,
  scenario: Scenario,
): Promise<TwoNodesFigures> => {
  const half = Math.max(1, Math.floor(settings.connections / 2));
  const spec = (url: string, connections: number, durationSec: number): LoadSpec => ({ url, connections, durationSec, headers, bodies });
  const alone = async (durationSec: number) => [await load(spec(first.graphqlUrl, settings.connections, durationSec), 'load one node', first.pid)];
  const both = (durationSec: number) =>
    Promise.all([
      load(spec(first.graphqlUrl, half, durationSec), 'load node 1 of 2', first.pid),
      load(spec(second.graphqlUrl, settings.connections - half, durationSec), 'load node 2 of 2', second.pid),
    ]);
  if (settings.warmup > 0) {
    await alone(settings.warmup);
    await both(settings.warmup);
  }
  const runs = { one: [] as Run[][], two: [] as Run[][] };
  for (let round = 1; round <= settings.rounds; round++) {
    const order = round % 2 === 1 ? (['one', 'two'] as const) : (['two', 'one'] as const);
    for (const who of order) {
      const result = who === 'one' ? await alone(settings.duration) : await both(settings.duration);
      runs[who].push(result);
      const requests = result.reduce((sum, run) => sum + run.requests, 0);
      progress(`${scenario} two-nodes round ${round}/${settings.rounds} ${who} node(s): ${Math.round(requests / settings.duration)} req/s`);
    }
  }
  const figures = (rounds: Run[][]) => {
    const requests = rounds.flat().reduce((sum, run) => sum + run.requests, 0);
    // The nodes ran side by side: the measured time is each round's, not the sum of the generators'.
    const seconds = rounds.reduce((sum, round) => sum + Math.max(...round.map((run) => run.durationSec)), 0);
    const cpuMs = rounds.flat().reduce((sum, run) => sum + run.serverCpuMs, 0);
    return { requestsPerSec: Math.round(requests / seconds), serverCpuUsPerRequest: Math.round((cpuMs * 1000) / requests) };
  };
  const oneNode = figures(runs.one);
  const twoNodes = figures(runs.two);
  return { oneNode, twoNodes, ratio: round2(twoNodes.requestsPerSec / oneNode.requestsPerSec) };
};
