#!/usr/bin/env node
import { Command } from 'commander';
import { serveCommand } from './serve';
import { tokenCommand } from './token';
import { demoCommand } from './demo';
import { exportCommand } from './export';
import { verifyCommand } from './verify';
import { replayCommand } from './replay';
import { exitCodeOf } from './command-line';

/**
 * `daftar <command>`: the package's one command line. Each command loads what it needs only when
 * it runs (a `verify` never loads the GraphQL server), so the help and light commands start fast.
 */
const program = new Command('daftar')
  .description('Daftar (دفتر): the event-sourced ledger of regional meetings, resolutions and delegations')
  .addCommand(serveCommand())
  .addCommand(tokenCommand())
  .addCommand(demoCommand())
  .addCommand(exportCommand())
  .addCommand(verifyCommand())
  .addCommand(replayCommand());

let running = 'daftar';
program.hook('preAction', (_program, command) => {
  running = `daftar ${command.name()}`;
});

program.parseAsync(process.argv).catch(async (error: unknown) => {
  console.error(`${running}: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(await exitCodeOf(error));
});
