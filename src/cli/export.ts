import { createWriteStream } from 'node:fs';
import { finished } from 'node:stream/promises';
import { Command, Option } from 'commander';
import { parsePosition } from '../eventstore/position';
import { EXPORT_FORMATS, exportEvents, type ExportFormat } from '../audit/exports/event-export';
import { parseInstant } from './command-line';

/** `daftar export --format ndjson|csv [--from DATE] [--to DATE] [--occurred-from DATE] [--occurred-to DATE] [--entity ID] [--out FILE]` */
export const exportCommand = () =>
  new Command('export')
    .description('Export the event log with its hashes (ndjson keeps each envelope exactly as stored, for `verify`)')
    .addOption(new Option('--format <format>', 'ndjson or csv').choices([...EXPORT_FORMATS]).default('ndjson'))
    .option('--from <date>', 'only events recorded at or after this time', parseInstant)
    .option('--to <date>', 'only events recorded at or before this time', parseInstant)
    .option('--occurred-from <date>', 'only events that happened (business time) at or after this time', parseInstant)
    .option('--occurred-to <date>', 'only events that happened (business time) at or before this time', parseInstant)
    .option('--entity <id>', "only this entity's events (its id or stream id)")
    .option('--out <file>', 'write here instead of stdout')
    .action(async (options: { format: ExportFormat; from?: Date; to?: Date; occurredFrom?: Date; occurredTo?: Date; entity?: string; out?: string }) => {
      const { progressBar } = await import('./progress');
      const { openConfiguredStore } = await import('./configured-store');
      const { store } = await openConfiguredStore();
      const out = options.out ? createWriteStream(options.out) : process.stdout;
      try {
        const head = await store.head();
        const bar = progressBar('export', head ? Number(parsePosition(head.position)[0]) : 0, 'position');
        const summary = await exportEvents(store, options.format, options, out, ({ position }) =>
          bar.update(Number(parsePosition(position)[0])),
        );
        bar.stop();
        if (out !== process.stdout) {
          out.end();
          await finished(out);
        }
        const where = options.out ?? 'stdout';
        process.stderr.write(
          `exported ${summary.events} events to ${where}` +
            (summary.firstPosition ? ` (positions ${summary.firstPosition} to ${summary.lastPosition})` : '') +
            `\nstore: ${summary.store} (named on every line: verify checks the hashes by its rule)` +
            `\nlast hash: ${summary.lastHash ?? '-'}\nlog head at export: ${summary.logHead?.hash ?? '-'}\n` +
            (summary.filtered ? 'filtered export: verify checks each event, and links only where the range is contiguous\n' : '') +
            (options.format === 'ndjson' && summary.lastHash
              ? `verify with: npx daftar verify ${where === 'stdout' ? 'FILE' : where} --head ${summary.lastHash}\n`
              : ''),
        );
      } finally {
        await store.close();
      }
    });
