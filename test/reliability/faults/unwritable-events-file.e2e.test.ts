import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { envFor, freshDataDir, makeImmutable, makeMutable, refusedStart, STACK_LINE } from './fault-kit';
import { expectServedAgain, givenStoppedFolder, sqliteCompanions } from './stopped-folder';

jest.setTimeout(120_000);

describe('an events file the server may not write to (read-only, immutable)', () => {
  it('refuses to start with exit 78 naming the file and "not permitted", leaves no -wal/-shm, and serves everything once writable', async () => {
    const dataDir = freshDataDir();
    const events = join(dataDir, 'events.sqlite');
    try {
      const names = await givenStoppedFolder(dataDir);
      const cannot = makeImmutable(events);
      if (cannot) return console.warn(`skipped: ${cannot}`);
      const start = await refusedStart(envFor(dataDir));
      expect(start.code).toBe(78);
      expect(start.output).toContain(`the event log ${events} cannot be used: writing to it is not permitted (EPERM`);
      expect(start.output).not.toMatch(STACK_LINE);
      expect(sqliteCompanions(dataDir)).toEqual([]);
      makeMutable(events);
      await expectServedAgain(dataDir, names);
    } finally {
      makeMutable(events);
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
