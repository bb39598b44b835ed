import { statSync } from 'node:fs';
import { Command } from 'commander';
import { describeVerification, verifyExportFile } from '../audit/exports/export-verification';
import { progressBar } from './progress';

/** `npm run verify -- FILE [--head HASH]`: checks an ndjson export offline; exit code 0 when it holds, 1 when not. */
const program = new Command()
  .name('verify')
  .description("Verify an ndjson export's hash chain offline, without the server")
  .argument('<file>', 'an ndjson export (npm run export -- --format ndjson)')
  .option('--head <hash>', 'the hash the last event must have (e.g. verifyIntegrity.headHash)');

const main = async () => {
  program.parse(process.argv);
  const [file] = program.args;
  const { head } = program.opts<{ head?: string }>();
  const bar = progressBar('verify', statSync(file).size, 'bytes');
  let read = 0;
  const result = await verifyExportFile(file, { head, onLine: (bytes) => bar.update((read += bytes)) });
  bar.stop();
  process.stdout.write(describeVerification(file, result));
  process.exitCode = result.ok ? 0 : 1;
};

main().catch((error) => {
  console.error(`verify: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
