import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { envFor, freshDataDir, makeImmutable, makeMutable, refusedStart, STACK_LINE } from './fault-kit';
import { expectServedAgain, givenStoppedFolder, sqliteCompanions } from './stopped-folder';

jest.setTimeout(120_000);

describe('a read-model file the server may not write to', () => {
  it('refuses to start with exit 78 naming the read-model file, leaves no -wal/-shm, and serves everything once writable', async () => {
    const dataDir = freshDataDir();
    const readModels = join(dataDir, 'read-models.sqlite');
    try {
      const names = await givenStoppedFolder(dataDir);
      const cannot = makeImmutable(readModels);
      if (cannot) return console.warn(`skipped: ${cannot}`);
      const start = await refusedStart(envFor(dataDir));
      expect(start.code).toBe(78);
      expect(start.output).toContain(`the read-model file ${readModels} cannot be used: writing to it is not permitted (EPERM`);
      expect(start.output).not.toMatch(STACK_LINE);
      expect(sqliteCompanions(dataDir)).toEqual([]);
      makeMutable(readModels);
      await expectServedAgain(dataDir, names);
    } finally {
      makeMutable(readModels);
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
