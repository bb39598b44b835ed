import { execFileSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A real file system of its own, small enough to fill: disk full as a server meets it. */
export interface SmallDisk {
  readonly dir: string;
  /** Writes a filler file until the file system refuses another byte. */
  fill(): void;
  /** Deletes the filler: the space is back. */
  free(): void;
  unmount(): void;
}

const mountTmpfs = (dir: string, sizeMb: number) =>
  execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${sizeMb}m,mode=0755`, 'tmpfs', dir], { stdio: 'pipe' });

/**
 * Whether this machine lets the tests mount a tmpfs (root, or a container allowed to): asked once,
 * with a throw-away mount. Where it does not, the tests that need it are skipped with the reason
 * printed, never passed silently.
 */
export const smallDisksUnavailable = ((): string | null => {
  const probe = mkdtempSync(join(tmpdir(), 'daftar-tmpfs-probe-'));
  try {
    mountTmpfs(probe, 1);
    execFileSync('umount', [probe], { stdio: 'pipe' });
    return null;
  } catch (error) {
    const reason = `cannot mount a tmpfs here (${(error as Error).message.split('\n')[0]}): the disk-full fault tests are skipped`;
    console.warn(reason);
    return reason;
  } finally {
    rmSync(probe, { recursive: true, force: true });
  }
})();

export const mountSmallDisk = (sizeMb: number): SmallDisk => {
  const dir = mkdtempSync(join(tmpdir(), 'daftar-small-disk-'));
  mountTmpfs(dir, sizeMb);
  const filler = join(dir, 'filler');
  return {
    dir,
    fill: () => {
      const fd = openSync(filler, 'a');
      try {
        for (const size of [1 << 20, 1 << 12, 1]) {
          const chunk = Buffer.alloc(size);
          for (;;) {
            try {
              writeSync(fd, chunk);
            } catch (error) {
              if ((error as NodeJS.ErrnoException).code === 'ENOSPC') break;
              throw error;
            }
          }
        }
      } finally {
        closeSync(fd);
      }
    },
    free: () => rmSync(filler, { force: true }),
    unmount: () => {
      execFileSync('umount', [dir], { stdio: 'pipe' });
      rmSync(dir, { recursive: true, force: true });
    },
  };
};
