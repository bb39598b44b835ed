import { createWriteStream, existsSync } from 'node:fs';
import { join } from 'node:path';
import { finished } from 'node:stream/promises';
import { Command } from 'commander';
import { parsePosition } from '../eventstore/position';
import { replayReadModels } from '../audit/exports/read-model-replay';
import { projections } from '../read-models';
import { SNAPSHOTS_FILE, SnapshotStore } from '../../projections/snapshots/snapshot-store';
import { progressBar, type Progress } from './progress';
import { parseInstant, runCommand } from './command-line';
import { openConfiguredStore } from './configured-store';

/** `npm run replay -- --as-of DATE --out FILE`: every read model as the records stood then, as JSON. */
const program = new Command()
  .name('replay')
  .description('Write every read model as the records stood at a recorded time (oversight replay)')
  .requiredOption('--as-of <date>', 'the recorded time to replay to', parseInstant)
  .option('--at-position <position>', 'stop at this global position instead (or as well: the earlier wins)')
  .requiredOption('--out <file>', 'the JSON file to write');

/** The server's snapshots, read beside it and never written: when they cannot be read, the replay folds from the start. */
const readOnlySnapshots = (file: string): SnapshotStore | undefined => {
  try {
    return new SnapshotStore(file, { readOnly: true });
  } catch (error) {
    process.stderr.write(`replay: the snapshots are not used (${error instanceof Error ? error.message : String(error)}): folding from the first event\n`);
    return undefined;
  }
};

const main = async () => {
  const options = program.parse(process.argv).opts<{ asOf: Date; atPosition?: string; out: string }>();
  const { config, store } = await openConfiguredStore();
  // Snapshots the server took let the replay start near the point; without them it folds from the start.
  const snapshotsFile = join(config.DATA_DIR, SNAPSHOTS_FILE);
  const snapshots = existsSync(snapshotsFile) ? readOnlySnapshots(snapshotsFile) : undefined;
  const out = createWriteStream(options.out);
  let bar: Progress | null = null;
  try {
    const summary = await replayReadModels(
      {
        store,
        projections,
        snapshots,
        point: { untilRecordedAt: options.asOf.toISOString(), untilPosition: options.atPosition },
        onResolved: (position) => (bar = progressBar('replay', position ? Number(parsePosition(position)[0]) : 0, 'position')),
        onFold: ({ position }) => bar?.update(Number(parsePosition(position)[0])),
      },
      out,
    );
    (bar as Progress | null)?.stop();
    out.end();
    await finished(out);
    process.stderr.write(
      `replayed to position ${summary.position ?? '(before the first event)'} as of ${summary.asOf}: ` +
        `${Object.entries(summary.documents).map(([collection, count]) => `${collection} ${count}`).join(', ')}\nwritten to ${options.out}\n`,
    );
  } finally {
    snapshots?.close();
    await store.close();
  }
};

runCommand('replay', main);
