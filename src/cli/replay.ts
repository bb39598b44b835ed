import { createWriteStream, existsSync } from 'node:fs';
import { join } from 'node:path';
import { finished } from 'node:stream/promises';
import { Command } from 'commander';
import { parsePosition } from '../eventstore/position';
import type { Progress } from './progress';
import { parseInstant, parsePositionOption } from './command-line';

interface ReplayOptions {
  asOf?: Date;
  atPosition?: string;
  occurredUntil?: Date;
  out: string;
}

/**
 * `daftar replay [--as-of DATE] [--at-position P] [--occurred-until DATE] --out FILE`: every read model as
 * the records stood then (recorded time, position), or as the events that had happened by a business
 * time describe it (as recorded now, or at the recorded point given with it), as JSON.
 */
export const replayCommand = () =>
  new Command('replay')
    .description('Write every read model as the records stood at a recorded time or a position of the log (oversight replay)')
    .option('--as-of <date>', 'the recorded time to replay to', parseInstant)
    .option('--at-position <position>', 'the global position to replay to (with --as-of as well: the earlier point wins)', parsePositionOption)
    .option('--occurred-until <date>', 'only the events that had happened (business time) by then, as recorded now (or at --as-of / --at-position)', parseInstant)
    .requiredOption('--out <file>', 'the JSON file to write')
    .action(async (options: ReplayOptions, command: Command) => {
      if (!options.asOf && !options.atPosition && !options.occurredUntil)
        command.error('error: give --as-of <date>, --at-position <position>, --occurred-until <date>, or several of them');
      const { replayReadModels } = await import('../audit/exports/read-model-replay');
      const { projections } = await import('../read-models');
      const { SNAPSHOTS_FILE, SnapshotStore } = await import('../../projections/snapshots/snapshot-store');
      const { progressBar } = await import('./progress');
      const { openConfiguredStore } = await import('./configured-store');
      const { config, store } = await openConfiguredStore();
      // Snapshots the server took let the replay start near the point; without them it folds from the start.
      const snapshotsFile = join(config.DATA_DIR, SNAPSHOTS_FILE);
      // The server's snapshots, read beside it and never written: when they cannot be read, the replay folds from the start.
      let snapshots: InstanceType<typeof SnapshotStore> | undefined;
      try {
        snapshots = existsSync(snapshotsFile) ? new SnapshotStore(snapshotsFile, { readOnly: true }) : undefined;
      } catch (error) {
        process.stderr.write(`replay: the snapshots are not used (${error instanceof Error ? error.message : String(error)}): folding from the first event\n`);
      }
      const out = createWriteStream(options.out);
      let bar: Progress | null = null;
      try {
        const summary = await replayReadModels(
          {
            store,
            projections,
            snapshots,
            point: { untilRecordedAt: options.asOf?.toISOString(), untilPosition: options.atPosition },
            occurredUntil: options.occurredUntil?.toISOString(),
            onResolved: (position) => (bar = progressBar('replay', position ? Number(parsePosition(position)[0]) : 0, 'position')),
            onFold: ({ position }) => bar?.update(Number(parsePosition(position)[0])),
          },
          out,
        );
        (bar as Progress | null)?.stop();
        out.end();
        await finished(out);
        const asked =
          [
            options.asOf && `as of ${summary.asOf}`,
            options.atPosition && `at position ${options.atPosition}`,
            summary.occurredUntil && `what had happened by ${summary.occurredUntil}`,
          ]
            .filter(Boolean)
            .join(', ') || 'the head';
        process.stderr.write(
          `replayed to position ${summary.position ?? '(before the first event)'} (${asked}): ` +
            `${Object.entries(summary.documents).map(([collection, count]) => `${collection} ${count}`).join(', ')}\nwritten to ${options.out}\n`,
        );
      } finally {
        snapshots?.close();
        await store.close();
      }
    });
