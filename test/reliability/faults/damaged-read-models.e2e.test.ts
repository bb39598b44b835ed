import { createHash } from 'node:crypto';
import { readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { startChildServer } from '../../support/child-server';
import { middleLeafPage, overwrite } from '../../support/damage';
import { envFor, eventually, freshDataDir, health, organizationNames } from './fault-kit';
import { givenStoppedFolder } from './stopped-folder';

jest.setTimeout(120_000);

/** 64 bytes that look random and are the same on every run. */
const SIXTY_FOUR_BYTES = createHash('sha512').update('daftar: damaged read models').digest();

describe('64 random bytes written over a page of read-models.sqlite', () => {
  it('is found at start: the file is moved aside and rebuilt from the log in the background, /healthz saying so, every write served as recorded', async () => {
    const dataDir = freshDataDir();
    const readModels = join(dataDir, 'read-models.sqlite');
    try {
      const names = await givenStoppedFolder(dataDir, 40);
      const { page, pageSize } = middleLeafPage(readModels, 'documents');
      overwrite(readModels, (page - 1) * pageSize, SIXTY_FOUR_BYTES);

      const server = await startChildServer(envFor(dataDir), 60_000, 'answering');
      try {
        const healed = await eventually(() => health(server.url), ({ status }) => status === 200);
        expect(healed.status).toBe(200);
        expect(healed.body.rebuiltAtStart).toEqual([
          expect.objectContaining({ file: readModels, reason: expect.stringMatching(/malformed|quick_check/), rebuilt: true }),
        ]);
        expect(readdirSync(dataDir)).toContain(healed.body.rebuiltAtStart[0].movedTo.split('/').pop());
        expect((await organizationNames(server.url)).sort()).toEqual([...names].sort());
      } finally {
        await server.kill('SIGTERM');
      }
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
