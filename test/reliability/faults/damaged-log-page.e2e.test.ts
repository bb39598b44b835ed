import { createHash } from 'node:crypto';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { middleLeafPage, zeroPage } from '../../support/damage';
import { envFor, freshDataDir, refusedStart, STACK_LINE } from './fault-kit';
import { givenStoppedFolder, sqliteCompanions } from './stopped-folder';

jest.setTimeout(120_000);

const digest = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

describe('a damaged page in the middle of events.sqlite', () => {
  it('is found at start: exit 78, the damage named, nothing appended to it, the file left as it was for a restore', async () => {
    const dataDir = freshDataDir();
    const events = join(dataDir, 'events.sqlite');
    try {
      await givenStoppedFolder(dataDir, 40);
      const { page, pageSize } = middleLeafPage(events, 'events');
      zeroPage(events, page, pageSize);
      for (const companion of sqliteCompanions(dataDir)) rmSync(join(dataDir, companion));
      const before = digest(events);

      const start = await refusedStart(envFor(dataDir));
      expect(start.code).toBe(78);
      expect(start.output).toContain(`the event log ${events} is damaged (SQLite's quick_check: *** in database main *** Tree `);
      expect(start.output).toContain(`page ${page}`);
      expect(start.output).toContain('it is not served, and was left untouched; restore it from a backup');
      expect(start.output).not.toMatch(STACK_LINE);
      expect(digest(events)).toBe(before);
      expect(sqliteCompanions(dataDir)).toEqual([]);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
