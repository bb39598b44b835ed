import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');

export const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });

export interface ChildServer {
  url: string;
  process: ChildProcess;
  output: () => string;
  kill(signal?: NodeJS.Signals): Promise<number | null>;
}

/** A TypeScript entry point of ours (the server, a command) as its own process, through the require hook. */
export const spawnEntryPoint = (entry: string, env: Record<string, string>, args: string[] = []) =>
  spawn(process.execPath, ['-r', join(ROOT, 'test/support/register-ts.js'), join(ROOT, entry), ...args], {
    cwd: ROOT,
    env: { ...process.env, NODE_ENV: 'test', LOG_LEVEL: 'warn', HOST: '127.0.0.1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });

/** Runs an entry point to its end: its exit code and everything it printed. */
export const runToExit = (entry: string, env: Record<string, string>, args: string[] = [], timeoutMs = 60_000): Promise<{ code: number | null; output: string }> =>
  new Promise((resolve, reject) => {
    const child = spawnEntryPoint(entry, env, args);
    let output = '';
    child.stdout?.on('data', (chunk) => (output += chunk));
    child.stderr?.on('data', (chunk) => (output += chunk));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${entry} did not exit within ${timeoutMs} ms: ${output}`));
    }, timeoutMs);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });

/**
 * The real server as its own process (src/main.ts through the TypeScript require hook), so a test
 * can SIGKILL it mid-write the way a crash would. Ready once /healthz answers 200, or (`answering`)
 * once it answers at all: a server that found damage answers 503 and stays up to say so.
 */
export const startChildServer = async (env: Record<string, string>, timeoutMs = 60_000, ready: 'healthy' | 'answering' = 'healthy'): Promise<ChildServer> => {
  const port = await freePort();
  const child = spawnEntryPoint('src/main.ts', { PORT: String(port), ...env });
  let output = '';
  child.stdout?.on('data', (chunk) => (output += chunk));
  child.stderr?.on('data', (chunk) => (output += chunk));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}: ${output}`);
    try {
      const response = await fetch(`${url}/healthz`);
      if (response.status === 200 || ready === 'answering') break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`server did not become healthy in ${timeoutMs} ms: ${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    url: `${url}/graphql`,
    process: child,
    output: () => output,
    kill: async (signal = 'SIGKILL') => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
};
