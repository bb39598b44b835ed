import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { envFor, refusedStart, STACK_LINE } from './fault-kit';
import { expectServedAgain, givenStoppedFolder, mountTmpfs } from './stopped-folder';

jest.setTimeout(120_000);

describe('a data folder on a read-only file system', () => {
  it('refuses to start with exit 78 naming the read-only file system, and serves everything once writable again', async () => {
    const mount = mountTmpfs(64 * 1024);
    if (typeof mount === 'string') return console.warn(`skipped: ${mount}`);
    try {
      const dataDir = join(mount.dir, 'data');
      mkdirSync(dataDir);
      const names = await givenStoppedFolder(dataDir);
      mount.remountReadOnly();
      const start = await refusedStart(envFor(dataDir));
      expect(start.code).toBe(78);
      expect(start.output).toContain(`the data directory ${dataDir} cannot be used: it is on a read-only file system (EROFS)`);
      expect(start.output).not.toMatch(STACK_LINE);
      execFileSync('mount', ['-o', 'remount,rw', mount.dir], { stdio: 'pipe' });
      await expectServedAgain(dataDir, names);
    } finally {
      mount.unmount();
    }
  });
});
