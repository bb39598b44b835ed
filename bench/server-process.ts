import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';

/**
 * The real server as a deployment runs it: the compiled `dist/src/main.js` in its own process,
 * so what a benchmark measures includes start-up, the production configuration and a separate heap.
 */
export const BENCH_JWT_SECRET = 'bench-secret-that-is-long-enough-for-hs256-0123456789';

/** The compiled bench lives in dist/bench: the server sits beside it in dist/src. */
export const DIST_DIR = resolve(__dirname, '..');
const MAIN = join(DIST_DIR, 'src', 'main.js');

export const freePort = (): Promise<number> =>
  new Promise((done, fail) => {
    const probe = createServer();
    probe.once('error', fail);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => done(port));
    });
  });

export interface Health {
  status: number;
  head: string | null;
  projected: string | null;
  /** Derived files whose pages the server is checking on threads of their own (a core each). */
  filesBeingChecked: string[];
}

export interface ChildServer {
  child: ChildProcess;
  pid: number;
  baseUrl: string;
  graphqlUrl: string;
  /** Milliseconds from spawn to the first 200 on /healthz. */
  msToFirstHealthy: number;
  stop(): Promise<void>;
}

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

export const health = async (baseUrl: string): Promise<Health | null> => {
  try {
    const response = await fetch(`${baseUrl}/healthz`);
    const body = (await response.json()) as { head?: string | null; projected?: string | null; filesBeingChecked?: string[] };
    return { status: response.status, head: body.head ?? null, projected: body.projected ?? null, filesBeingChecked: body.filesBeingChecked ?? [] };
  } catch {
    return null;
  }
};

/**
 * Waits until the server no longer checks its derived files' pages: those checks take a core each
 * for seconds per gigabyte after a start on existing files, and a CPU figure per request taken
 * meanwhile counts them (at a million events, 3.4 s beside 50 mutations).
 */
export const untilFilesChecked = async (baseUrl: string, timeoutMs = 600_000): Promise<void> => {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const now = await health(baseUrl);
    if (now && now.filesBeingChecked.length === 0) return;
    if (Date.now() > deadline) throw new Error(`the server at ${baseUrl} was still checking ${now?.filesBeingChecked.join(', ') ?? 'its files'} after ${timeoutMs} ms`);
    await sleep(250);
  }
};

/** Kernel's record of the process: VmHWM is its peak resident set since it started. */
export const peakRssBytes = (pid: number): number | null => {
  try {
    const match = /^VmHWM:\s+(\d+)\s+kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) * 1024 : null;
  } catch {
    return null;
  }
};

/** CPU time (user + system) the process has used so far, in ms: to tell when a server has settled. */
export const cpuMs = (pid: number): number | null => {
  try {
    // Fields after the command name, which is in parentheses and may contain spaces.
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]);
    return (ticks * 1000) / 100; // USER_HZ is 100 on Linux
  } catch {
    return null;
  }
};

export interface StartOptions {
  dataDir: string;
  label: string;
  timeoutMs?: number;
  /** How often /healthz is asked while waiting: it bounds the start-up figure's resolution. */
  pollMs?: number;
  env?: Record<string, string>;
  /** Another build's `dist/src/main.js` to run instead of this one's (`bench -- ab`). */
  mainScript?: string;
  /** Each /healthz answer while waiting for the first 200 (null: no answer yet), with the server's pid. */
  onHealth?: (answer: Health | null, pid: number) => void;
}

/** Spawns the server and resolves at its first healthy answer; its output goes to our stderr, labelled. */
export const startServerProcess = async (options: StartOptions): Promise<ChildServer> => {
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const started = performance.now();
  // e.g. BENCH_SERVER_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" to profile the server under load.
  const nodeArgs = (process.env.BENCH_SERVER_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const child = spawn(process.execPath, [...nodeArgs, options.mainScript ?? MAIN], {
    env: {
      PATH: process.env.PATH ?? '',
      NODE_ENV: 'production',
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: options.dataDir,
      SQLITE_SYNCHRONOUS: 'NORMAL',
      AUTH_JWT_SECRET: BENCH_JWT_SECRET,
      GRAPHQL_INTROSPECTION: 'true',
      LOG_LEVEL: 'warn',
      ...options.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const relay = (chunk: Buffer) => process.stderr.write(`[${options.label}] ${chunk.toString()}`);
  child.stdout!.on('data', relay);
  child.stderr!.on('data', relay);
  let exited: number | null = null;
  const exit = new Promise<void>((done) =>
    child.once('exit', (code, signal) => {
      exited = code ?? (signal ? 128 : 0);
      done();
    }),
  );

  const stop = async () => {
    if (exited !== null) return;
    child.kill('SIGTERM');
    const killer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    await exit;
    clearTimeout(killer);
  };

  const deadline = started + (options.timeoutMs ?? 120_000);
  for (;;) {
    if (exited !== null) throw new Error(`${options.label}: the server exited (${exited}) before it answered /healthz`);
    const answer = await health(baseUrl);
    options.onHealth?.(answer, child.pid!);
    if (answer?.status === 200) break;
    if (performance.now() > deadline) {
      await stop();
      throw new Error(`${options.label}: no 200 on /healthz within ${options.timeoutMs ?? 120_000} ms`);
    }
    await sleep(options.pollMs ?? 10);
  }
  return {
    child,
    pid: child.pid!,
    baseUrl,
    graphqlUrl: `${baseUrl}/graphql`,
    msToFirstHealthy: Math.round(performance.now() - started),
    stop,
  };
};
