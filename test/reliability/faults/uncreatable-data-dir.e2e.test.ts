import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { envFor, freshDataDir, makeImmutable, makeMutable, refusedStart, STACK_LINE } from './fault-kit';

jest.setTimeout(120_000);

describe('a DATA_DIR that does not exist and cannot be created', () => {
  it('refuses to start with exit 78 saying so, and creates nothing', async () => {
    const parent = freshDataDir();
    const dataDir = join(parent, 'data');
    try {
      const cannot = makeImmutable(parent);
      if (cannot) return console.warn(`skipped: ${cannot}`);
      const start = await refusedStart(envFor(dataDir));
      expect(start.code).toBe(78);
      expect(start.output).toContain(`the data directory ${dataDir} does not exist and cannot be created: writing to it is not permitted (EPERM`);
      expect(start.output).not.toMatch(STACK_LINE);
      expect(existsSync(dataDir)).toBe(false);
    } finally {
      makeMutable(parent);
      rmSync(parent, { recursive: true, force: true });
    }
  });
});
