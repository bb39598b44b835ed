import { statSync } from 'node:fs';
import { Command, Option } from 'commander';
import { describeVerification, verifyExportFile } from '../audit/exports/export-verification';
import type { ExportedStore } from '../audit/exports/event-export';
import { progressBar } from './progress';
import { runCommand } from './command-line';

/** `npm run verify -- FILE [--head HASH] [--store NAME]`: checks an ndjson export offline; exit code 0 when it holds, 1 when not. */
const program = new Command()
  .name('verify')
  .description("Verify an ndjson export's hash chain offline, without the server")
  .argument('<file>', 'an ndjson export (npm run export -- --format ndjson)')
  .option('--head <hash>', 'the hash the last event must have (e.g. verifyIntegrity.headHash)')
  .addOption(
    new Option('--store <name>', 'for an export whose lines do not name their store (written before they did): the store it came from, hence its hash rule')
      .choices(['sqlite', 'memory', 'esdb', 'postgres']),
  );

const main = async () => {
  program.parse(process.argv);
  const [file] = program.args;
  const { head, store } = program.opts<{ head?: string; store?: ExportedStore }>();
  const bar = progressBar('verify', statSync(file).size, 'bytes');
  let read = 0;
  const result = await verifyExportFile(file, { head, store, onLine: (bytes) => bar.update((read += bytes)) });
  bar.stop();
  process.stdout.write(describeVerification(file, result));
  process.exitCode = result.ok ? 0 : 1;
};

runCommand('verify', main);
