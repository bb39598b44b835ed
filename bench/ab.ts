import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { signToken } from '../src/auth/tokens';
import { OUTCOME_KINDS } from '../src/meetings/meeting';
import { graphql, OUTCOME_TEXTS, RECORD_OUTCOME } from './api';
import { BENCH_JWT_SECRET, cpuMs, DIST_DIR, startServerProcess, type ChildServer } from './server-process';

/**
 * One change's cost, measured against the build before it: this build's server and another
 * checkout's (`--against`, its `dist/` built with `npx tsc -b`) run side by side on fresh data
 * folders, and the same `recordOutcome` load is sent to each in turn, in phases whose order turns
 * every round. On a shared machine two runs of one build an hour apart differ more than most
 * changes do; phases a few seconds apart share the neighbours' load, so their ratio is what
 * tells a change from the noise.
 */
export interface AbBenchOptions {
  /** The other checkout's root: the folder holding its `dist/`. */
  against: string;
  rounds?: number;
  /** Mutations per phase. */
  phaseSize?: number;
  inFlight?: number;
  meetings?: number;
}

const progress = (message: string): void => {
  process.stderr.write(`[bench ab] ${message}\n`);
};

interface Side {
  name: 'base' | 'this';
  server: ChildServer;
  meetingIds: string[];
  cpuUsPerRequest: number[];
  requestsPerSec: number[];
  sent: number;
}

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[sorted.length >> 1];
};

const round3 = (value: number): number => Math.round(value * 1000) / 1000;

export const runAbBench = async (options: AbBenchOptions) => {
  const rounds = options.rounds ?? 8;
  const phaseSize = options.phaseSize ?? 1_500;
  const inFlight = options.inFlight ?? 10;
  const meetings = options.meetings ?? 20;
  const baseMain = join(resolve(options.against), 'dist', 'src', 'main.js');
  if (!existsSync(baseMain)) throw new Error(`${baseMain} does not exist: build the other checkout first (npx tsc -b tsconfig.json there)`);

  const token = await signToken({ sub: 'bench-clerk', name: 'دبیر آزمایشی', roles: ['CLERK'], expiresIn: '2h' }, BENCH_JWT_SECRET);
  const dataDirs: string[] = [];
  const sides: Side[] = [];
  try {
    for (const [name, mainScript] of [
      ['base', baseMain],
      ['this', join(DIST_DIR, 'src', 'main.js')],
    ] as const) {
      const dataDir = mkdtempSync(join(tmpdir(), `daftar-bench-ab-${name}-`));
      dataDirs.push(dataDir);
      const server = await startServerProcess({ dataDir, label: name, mainScript });
      sides.push({ name, server, meetingIds: await seed(server.graphqlUrl, token, meetings), cpuUsPerRequest: [], requestsPerSec: [], sent: 0 });
      progress(`${name}: ${mainScript} up (pid ${server.pid}), ${meetings} meetings open`);
    }

    const phase = async (side: Side) => {
      const cpuBefore = cpuMs(side.server.pid) ?? 0;
      const started = performance.now();
      let next = 0;
      await Promise.all(
        Array.from({ length: inFlight }, async () => {
          while (next < phaseSize) {
            next++;
            const variant = side.sent++;
            await graphql(side.server.graphqlUrl, token, RECORD_OUTCOME, {
              input: {
                meetingId: side.meetingIds[variant % side.meetingIds.length],
                kind: OUTCOME_KINDS[variant % OUTCOME_KINDS.length],
                text: `${OUTCOME_TEXTS[variant % OUTCOME_TEXTS.length]} (بار ${variant + 1})`,
              },
            });
          }
        }),
      );
      return { cpuUsPerRequest: (((cpuMs(side.server.pid) ?? 0) - cpuBefore) * 1000) / phaseSize, requestsPerSec: (phaseSize * 1000) / (performance.now() - started) };
    };

    for (const side of sides) await phase(side);
    for (let round = 1; round <= rounds; round++)
      for (const side of round % 2 === 1 ? sides : [...sides].reverse()) {
        const measured = await phase(side);
        side.cpuUsPerRequest.push(measured.cpuUsPerRequest);
        side.requestsPerSec.push(measured.requestsPerSec);
        progress(`round ${round}/${rounds} ${side.name}: ${Math.round(measured.cpuUsPerRequest)} µs CPU per request, ${Math.round(measured.requestsPerSec)} req/s`);
      }

    const [base, ours] = sides;
    const figures = (side: Side) => ({
      cpuUsPerRequestMedian: Math.round(median(side.cpuUsPerRequest)),
      requestsPerSecMedian: Math.round(median(side.requestsPerSec)),
      cpuUsPerRequest: side.cpuUsPerRequest.map(Math.round),
    });
    return {
      bench: 'ab',
      against: resolve(options.against),
      rounds,
      phaseSize,
      inFlight,
      meetings,
      base: figures(base),
      this: figures(ours),
      /** This build's CPU per request over the base's: of the medians, and the median of the rounds' own ratios. */
      cpuRatio: {
        ofMedians: round3(median(ours.cpuUsPerRequest) / median(base.cpuUsPerRequest)),
        pairedMedian: round3(median(ours.cpuUsPerRequest.map((cpu, index) => cpu / base.cpuUsPerRequest[index]))),
      },
      requestsPerSecRatio: round3(median(ours.requestsPerSec) / median(base.requestsPerSec)),
    };
  } finally {
    for (const side of sides) await side.server.stop();
    for (const dir of dataDirs) rmSync(dir, { recursive: true, force: true });
  }
};

/** One organization and `count` meetings, opened: what `recordOutcome` needs. */
const seed = async (url: string, token: string, count: number): Promise<string[]> => {
  const registered = await graphql<{ registerOrganization: { organization: { id: string } } }>(url, token, `mutation ($input: RegisterOrganizationInput!) { registerOrganization(input: $input) { organization { id } } }`, {
    input: { kind: 'PROVINCE', name: 'استانداری آذربایجان شرقی', nameEn: 'East Azerbaijan', country: 'IR' },
  });
  const hostOrganizationId = registered.registerOrganization.organization.id;
  const meetingIds: string[] = [];
  for (let index = 0; index < count; index++) {
    const scheduled = await graphql<{ scheduleMeeting: { meeting: { id: string } } }>(url, token, `mutation ($input: ScheduleMeetingInput!) { scheduleMeeting(input: $input) { meeting { id } } }`, {
      input: {
        title: `نشست کارگروه شماره ${index + 1}`,
        location: 'تبریز',
        scheduledStart: new Date(Date.UTC(2025, 0, 1 + index, 8)).toISOString(),
        scheduledEnd: new Date(Date.UTC(2025, 0, 1 + index, 12)).toISOString(),
        chair: 'استاندار',
        hostOrganizationId,
      },
    });
    const meetingId = scheduled.scheduleMeeting.meeting.id;
    await graphql(url, token, `mutation ($input: OpenMeetingInput!) { openMeeting(input: $input) { position } }`, { input: { meetingId } });
    meetingIds.push(meetingId);
  }
  return meetingIds;
};
