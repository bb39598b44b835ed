import { runCrashCycles } from './crash-cycles';

// `npm run test:crash` sets CRASH_CYCLES for the long run; `npm test` runs a short one.
const cycles = Number(process.env.CRASH_CYCLES ?? 3);

describe('a server killed with SIGKILL mid-write', () => {
  it(`loses no acknowledged mutation and duplicates none over ${cycles} crash cycles`, async () => {
    const report = await runCrashCycles({ cycles, clients: 4, log: process.env.CRASH_CYCLES ? console.log : undefined });
    if (process.env.CRASH_CYCLES) console.log(JSON.stringify({ crash: report }));
    expect(report.acknowledged).toBeGreaterThan(0);
    expect(report).toMatchObject({ lost: 0, duplicates: 0, revisionGaps: 0, chainOk: true, readModelsEqualRebuild: true });
  }, 60_000 + cycles * 40_000);
});
