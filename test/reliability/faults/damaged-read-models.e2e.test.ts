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
  it('is found once the server is up (quick_check on a thread of its own, not holding up the start): the file is moved aside and rebuilt from the log, /healthz saying so, every write served as recorded', async () => {
    const dataDir = freshDataDir();
    const readModels = join(dataDir, 'read-models.sqlite');
    try {
      const names = await givenStoppedFolder(dataDir, 40);
      const { page, pageSize } = middleLeafPage(readModels, 'documents');
      overwrite(readModels, (page - 1) * pageSize, SIXTY_FOUR_BYTES);

      const server = await startChildServer(envFor(dataDir), 60_000, 'answering');
      try {
        const healed = await eventually(
          () => health(server.url),
          ({ status, body }) => status === 200 && body.rebuiltWhileServing?.[0]?.rebuilt === true,
        );
        expect(healed.status).toBe(200);
        expect(healed.body.rebuiltWhileServing).toEqual([
          expect.objectContaining({ reason: expect.stringMatching(/^the read-model file was damaged \((.*malformed|quick_check)/), from: 'new file', rebuilt: true }),
        ]);
        expect(readdirSync(dataDir)).toContain(healed.body.rebuiltWhileServing[0].movedTo.split('/').pop());
        expect((await organizationNames(server.url)).sort()).toEqual([...names].sort());
      } finally {
        await server.kill('SIGTERM');
      }
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
