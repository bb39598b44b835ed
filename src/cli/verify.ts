import { statSync } from 'node:fs';
import { Command, Option } from 'commander';
import type { ExportedStore } from '../audit/exports/event-export';

/** `daftar verify FILE [--head HASH] [--store NAME]`: checks an ndjson export offline; exit code 0 when it holds, 1 when not. */
export const verifyCommand = () =>
  new Command('verify')
    .description("Verify an ndjson export's hash chain offline, without the server (exit code 0 when it holds, 1 when not)")
    .argument('<file>', 'an ndjson export (daftar export --format ndjson)')
    .option('--head <hash>', 'the hash the last event must have (e.g. verifyIntegrity.headHash)')
    .addOption(
      new Option('--store <name>', 'for an export whose lines do not name their store (written before they did): the store it came from, hence its hash rule')
        .choices(['sqlite', 'memory', 'esdb', 'postgres']),
    )
    .action(async (file: string, options: { head?: string; store?: ExportedStore }) => {
      const { verifyExportFile } = await import('../audit/exports/export-verification');
      const { describeVerification } = await import('./verification-report');
      const { progressBar } = await import('./progress');
      const bar = progressBar('verify', statSync(file).size, 'bytes');
      let read = 0;
      const result = await verifyExportFile(file, { head: options.head, store: options.store, onLine: (bytes) => bar.update((read += bytes)) });
      bar.stop();
      process.stdout.write(describeVerification(file, result));
      process.exitCode = result.ok ? 0 : 1;
    });
