import { createWriteStream } from 'node:fs';
import { finished } from 'node:stream/promises';
import { Command, InvalidArgumentError, Option } from 'commander';
import { loadConfig } from '../config';
import { silentLogger } from '../logger';
import { openEventStore } from '../eventstore/open-event-store';
import { parsePosition } from '../eventstore/position';
import { EXPORT_FORMATS, exportEvents, type ExportFormat } from '../audit/exports/event-export';
import { parseInstant, progressBar } from './progress';

const instant = (value: string) => {
  try {
    return parseInstant(value);
  } catch (error) {
    throw new InvalidArgumentError((error as Error).message);
  }
};

/** `npm run export -- --format ndjson|csv [--from DATE] [--to DATE] [--entity ID] [--out FILE]` */
const program = new Command()
  .name('export')
  .description('Export the event log with its hashes (ndjson keeps each envelope exactly as stored, for `verify`)')
  .addOption(new Option('--format <format>', 'ndjson or csv').choices([...EXPORT_FORMATS]).default('ndjson'))
  .option('--from <date>', 'only events recorded at or after this time', instant)
  .option('--to <date>', 'only events recorded at or before this time', instant)
  .option('--entity <id>', "only this entity's events (its id or stream id)")
  .option('--out <file>', 'write here instead of stdout');

const main = async () => {
  const options = program.parse(process.argv).opts<{ format: ExportFormat; from?: Date; to?: Date; entity?: string; out?: string }>();
  const config = loadConfig();
  const store = await openEventStore({
    dataDir: config.DATA_DIR,
    sqliteSynchronous: config.SQLITE_SYNCHRONOUS,
    eventStoreConnectionString: config.EVENTSTORE_CONNECTION_STRING,
    logger: silentLogger,
  });
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
          ? `verify with: npm run verify -- ${where === 'stdout' ? 'FILE' : where} --head ${summary.lastHash}\n`
          : ''),
    );
  } finally {
    await store.close();
  }
};

main().catch((error) => {
  console.error(`export: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
