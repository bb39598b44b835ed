import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { envFor, refusedStart, STACK_LINE } from './fault-kit';
import { expectServedAgain, givenStoppedFolder, mountTmpfs } from './stopped-folder';

jest.setTimeout(120_000);

describe('a data folder on a full disk', () => {
  it('refuses to start with exit 78 saying the disk is full, and serves everything once there is room', async () => {
    const mount = mountTmpfs(16 * 1024);
    if (typeof mount === 'string') return console.warn(`skipped: ${mount}`);
    try {
      const dataDir = join(mount.dir, 'data');
      mkdirSync(dataDir);
      const names = await givenStoppedFolder(dataDir);
      const filler = join(mount.dir, 'filler');
      try {
        execFileSync('dd', ['if=/dev/zero', `of=${filler}`, 'bs=64k'], { stdio: 'pipe' });
      } catch {
        // dd stops at "No space left on device": the disk is full, as wanted
      }
      const start = await refusedStart(envFor(dataDir));
      expect(start.code).toBe(78);
      expect(start.output).toMatch(new RegExp(`the data directory ${dataDir} cannot be used: the disk is full \\(\\d+ bytes free`));
      expect(start.output).not.toMatch(STACK_LINE);
      rmSync(filler);
      await expectServedAgain(dataDir, names);
    } finally {
      mount.unmount();
    }
  });
});
