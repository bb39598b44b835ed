import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export const ROOT = join(__dirname, '..', '..');
const ENTRY = join(ROOT, 'src/cli/daftar.ts');
const REGISTER_TS = join(ROOT, 'test/support/register-ts.js');
const RECORD_LOADED_MODULES = join(__dirname, 'record-loaded-modules.ts');

const nodeArguments = (args: string[]) => ['-r', REGISTER_TS, '-r', RECORD_LOADED_MODULES, ENTRY, ...args];
const environment = (env: Record<string, string>) => ({ ...process.env, LOG_LEVEL: 'silent', ...env });

/**
 * `daftar <args>` run as a user runs it: the package's bin entry point in its own process (its
 * TypeScript source through the require hook, as the other child-process tests run the server).
 */
export const runDaftar = (args: string[], env: Record<string, string>, timeout = 120_000) =>
  spawnSync(process.execPath, nodeArguments(args), { cwd: ROOT, env: environment(env), encoding: 'utf8', timeout });

/** `daftar <args>` left running (for `serve`). */
export const spawnDaftar = (args: string[], env: Record<string, string>): ChildProcess =>
  spawn(process.execPath, nodeArguments(args), { cwd: ROOT, env: environment(env), stdio: ['ignore', 'pipe', 'pipe'] });

/** Runs `daftar <args>` and also answers which modules it loaded (paths relative to the project). */
export const runDaftarRecordingModules = (args: string[], env: Record<string, string>, modulesFile: string) => {
  const result = runDaftar(args, { ...env, LOADED_MODULES_FILE: modulesFile });
  const modules = readFileSync(modulesFile, 'utf8')
    .split('\n')
    .map((path) => path.slice(ROOT.length + 1));
  return { ...result, modules };
};

/** The packages a light command must not load: the GraphQL server, the schema classes, the native store. */
export const HEAVY_PACKAGES = ['node_modules/@apollo/server/', 'node_modules/type-graphql/', 'node_modules/graphql/', 'node_modules/better-sqlite3/'];

export const heavyPackagesIn = (modules: string[]) => HEAVY_PACKAGES.filter((heavy) => modules.some((module) => module.startsWith(heavy)));
