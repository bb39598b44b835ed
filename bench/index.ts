import { Command, InvalidArgumentError } from 'commander';
import { runStoreBench } from './store';
import { runAsOfBench } from './asof';
import { runApiBench, SCENARIOS, type Scenario } from './api';
import { runScaleBench } from './scale';
import { runGrowthBench } from './growth';
import { LIST_OPERATIONS, runListsBench } from './lists';
import { runRebuildBench } from './rebuild';
import { runConsoleBench } from './console';
import { runAbBench } from './ab';

/**
 * `npm run bench -- <name> [options]`: one benchmark per run, printing exactly one JSON line on
 * stdout (progress goes to stderr), so results can be piped and compared.
 */
interface Bench {
  description: string;
  options?: (command: Command) => Command;
  run(options: Record<string, unknown>): Promise<object>;
}

const positiveInteger = (value: string): number => {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 1) throw new InvalidArgumentError('a positive integer is required');
  return parsed;
};

const synchronousMode = (value: string): 'NORMAL' | 'FULL' => {
  const mode = value.toUpperCase();
  if (mode !== 'NORMAL' && mode !== 'FULL') throw new InvalidArgumentError('NORMAL or FULL');
  return mode;
};

const integerList = (value: string): number[] => value.split(',').map((item) => positiveInteger(item.trim()));

const storeKind = (value: string): 'sqlite' | 'postgres' => {
  if (value !== 'sqlite' && value !== 'postgres') throw new InvalidArgumentError('sqlite or postgres');
  return value;
};

/** A comma-separated `--only`, each name one of `known` (`what` names them in the refusal). */
const namesOf =
  <Name extends string>(known: readonly Name[], what: string) =>
  (value: string): Name[] => {
    const names = value.split(',').map((name) => name.trim());
    const unknown = names.filter((name) => !(known as readonly string[]).includes(name));
    if (unknown.length) throw new InvalidArgumentError(`unknown ${what} ${unknown.join(', ')}: use ${known.join(', ')}`);
    return names as Name[];
  };

const benches: Record<string, Bench> = {
  ab: {
    description: "One change against the build before it: this build's server and another checkout's side by side, the same recordOutcome load in alternating phases",
    options: (command) =>
      command
        .requiredOption('--against <dir>', 'the other checkout (its dist/ built with npx tsc -b tsconfig.json)')
        .option('--rounds <n>', 'phases per server, the order turning every round', positiveInteger, 8)
        .option('--phase-size <n>', 'mutations per phase', positiveInteger, 1_500)
        .option('--in-flight <n>', 'requests in flight', positiveInteger, 10)
        .option('--meetings <n>', 'open meetings the mutations go to in turn', positiveInteger, 20),
    run: ({ against, ...rest }) => runAbBench({ ...rest, against: String(against) }),
  },
  store: {
    description: 'Event stores: SQLite against plain better-sqlite3 and Emmett, PostgreSQL (embedded) against a plain node-postgres loop',
    options: (command) =>
      command
        .option('--events <n>', 'single-event appends in all', positiveInteger, 20_000)
        .option('--streams <n>', 'streams the appends go round', positiveInteger, 300)
        .option('--rounds <n>', 'rounds of ours, plain, emmett; medians are reported', positiveInteger, 3)
        .option('--synchronous <mode>', 'SQLite synchronous for every contender (PostgreSQL: FULL is synchronous_commit on)', synchronousMode, 'NORMAL')
        .option('--no-postgres', 'leave out the PostgreSQL store and its plain node-postgres loop')
        .option('--no-emmett', "leave out Emmett's SQLite store (whose first run installs it with npm)"),
    run: (options) => runStoreBench(options),
  },
  api: {
    description: 'GraphQL API under autocannon: the real server against a bare Apollo Server, alternating',
    options: (command) =>
      command
        .option('--rounds <n>', 'rounds per scenario, ours and bare alternating', positiveInteger, 2)
        .option('--duration <s>', 'seconds per measured run', positiveInteger, 10)
        .option('--connections <n>', 'concurrent connections', positiveInteger, 10)
        .option('--warmup <s>', 'unmeasured seconds per server and scenario', positiveInteger, 3)
        .option('--meetings <n>', 'meetings seeded', positiveInteger, 100)
        .option('--only <scenarios>', `comma-separated subset of ${SCENARIOS.join(', ')}`, namesOf<Scenario>(SCENARIOS, 'scenario'))
        .option('--store <kind>', 'sqlite, or postgres (an embedded PostgreSQL started by the bench)', storeKind, 'sqlite')
        .option('--two-nodes', 'with PostgreSQL: the read scenarios on two nodes of one store against one node'),
    run: (options) => runApiBench(options),
  },
  asof: {
    description: 'As-of reads over GraphQL on a large store: entity and list as-of, audit-log pages',
    options: (command) =>
      command
        .option('--events <n>', 'events in the store', positiveInteger, 1_000_000)
        .option('--hot <n>', 'events of the one long stream', positiveInteger, 10_000)
        .option('--samples <n>', 'measured requests per kind', positiveInteger, 40)
        .option('--snapshot-every <n>', 'SNAPSHOT_EVERY', positiveInteger, 10_000)
        .option('--data-dir <dir>', 'reuse or keep the store here (building 1M events takes minutes)'),
    run: (options) => runAsOfBench(options),
  },
  scale: {
    description: 'A million events: projection rebuild against a plain read-and-parse, server start-up and peak memory',
    options: (command) =>
      command
        .option('--events <n>', 'events in the log', positiveInteger, 1_000_000)
        .option('--rounds <n>', 'rebuild rounds, ours and plain alternating', positiveInteger, 1)
        .option('--data-dir <dir>', 'keep the log here and reuse it on the next run'),
    run: (options) => runScaleBench(options),
  },
  rebuild: {
    description: 'A full rebuild of every read model from an empty file through the ProjectionRunner, as a cold start does: CPU ms and events per CPU second',
    options: (command) =>
      command
        .option('--events <n>', 'events in the scale log (seed 1)', positiveInteger, 50_000)
        .option('--rounds <n>', 'rebuilds, one after another', positiveInteger, 1)
        .option('--data-dir <dir>', 'where the log is kept and reused (default /tmp/daftar-rebuild-<events>)'),
    run: (options) => runRebuildBench(options),
  },
  console: {
    description: "The audit console's first load in Chromium (fresh context, to the first search result) against GraphiQL's, alternating, and its bundle's size",
    options: (command) => command.option('--loads <n>', 'measured loads of each page', positiveInteger, 10),
    run: (options) => runConsoleBench(options),
  },
  growth: {
    description: 'The same operations on logs of 10k, 100k and 1M events and on aggregates of 10, 1k and 10k items: cost against size, with an SVG plot',
    options: (command) =>
      command
        .option('--sizes <list>', 'log sizes, comma-separated', integerList, [10_000, 100_000, 1_000_000])
        .option('--children <list>', 'aggregate sizes, comma-separated', integerList, [10, 1_000, 10_000])
        .option('--samples <n>', 'requests measured per operation and size', positiveInteger, 100)
        .option('--rounds <n>', 'rounds the samples are split into, the sizes asked side by side in each', positiveInteger, 5)
        .option('--data-dir <dir>', 'keep the logs here and reuse them next time (the million takes minutes)')
        .option('--plot <file>', 'where the SVG goes (default docs/growth.svg)'),
    run: (options) => runGrowthBench(options),
  },
  lists: {
    description: "Issue 14's list target at its scale: pages of 50 over 200,000 meetings (1M+ events) under each filter, deep keyset pages, and the first list after a write",
    options: (command) =>
      command
        .option('--meetings <n>', 'meetings in the log (about 5.7 events each)', positiveInteger, 200_000)
        .option('--samples <n>', 'requests measured per operation', positiveInteger, 100)
        .option('--data-dir <dir>', 'keep the log and its read models here and reuse them (the first fold takes many minutes)')
        .option('--only <names>', `comma-separated operations: ${LIST_OPERATIONS.join(', ')}`, namesOf(LIST_OPERATIONS, 'operation')),
    run: (options) => runListsBench(options),
  },
};

const program = new Command().name('bench').description("Daftar's benchmarks").showHelpAfterError();

for (const [name, bench] of Object.entries(benches)) {
  const command = program.command(name).description(bench.description);
  bench.options?.(command);
  command.action(async (options: Record<string, unknown>) => {
    const result = await bench.run(options);
    process.stdout.write(`${JSON.stringify(result)}\n`);
  });
}

program.parseAsync(process.argv).catch((error: unknown) => {
  console.error('bench failed:', error);
  process.exit(1);
});
