import { execFileSync } from 'node:child_process';
import { readdirSync, rmSync } from 'node:fs';
import { startChildServer } from '../../support/child-server';
import { envFor, freshDataDir, organizationNames, registerOrganizations } from './fault-kit';


/** What the faults of a data folder share: a folder a server wrote to and left, and the server that must serve it again. */

/** A data folder a server wrote `count` organizations to and was stopped cleanly: their names. */
export const givenStoppedFolder = async (dataDir: string, count = 3): Promise<string[]> => {
  const server = await startChildServer(envFor(dataDir));
  const names = await registerOrganizations(server.url, 'پیش از خرابی', count);
  expect(names).toHaveLength(count);
  expect(await server.kill('SIGTERM')).toBe(0);
  return names;
};

export const sqliteCompanions = (dataDir: string) => readdirSync(dataDir).filter((name) => /-(wal|shm|journal)$/.test(name));

/** After the fault is mended, a server starts on the folder and serves every acknowledged write. */
export const expectServedAgain = async (dataDir: string, names: string[]) => {
  const server = await startChildServer(envFor(dataDir));
  try {
    expect((await organizationNames(server.url)).sort()).toEqual([...names].sort());
  } finally {
    await server.kill('SIGTERM');
  }
};

/**
 * A small file system of our own, for the faults only a mount can make (read-only, full). Null with
 * the reason when mounting is not allowed here.
 */
export const mountTmpfs = (sizeKiB: number): { dir: string; remountReadOnly(): void; unmount(): void } | string => {
  const dir = freshDataDir();
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${sizeKiB}k`, 'tmpfs', dir], { stdio: 'pipe' });
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    return `cannot mount a tmpfs here (${String((error as { stderr?: Buffer }).stderr ?? error).trim()})`;
  }
  return {
    dir,
    remountReadOnly: () => execFileSync('mount', ['-o', 'remount,ro', dir], { stdio: 'pipe' }),
    unmount: () => {
      execFileSync('umount', [dir], { stdio: 'pipe' });
      rmSync(dir, { recursive: true, force: true });
    },
  };
};

