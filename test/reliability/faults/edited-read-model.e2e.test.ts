import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startChildServer } from '../../support/child-server';
import { envFor, eventually, freshDataDir, gql, health, organizationNames } from './fault-kit';
import { givenStoppedFolder } from './stopped-folder';

jest.setTimeout(180_000);

/** Four bytes of the folder's read-model file changed wherever the text stands, the file's layout left whole. */
const replaceEverywhere = (file: string, from: string, to: string): number => {
  const before = Buffer.from(from);
  const after = Buffer.from(to);
  expect(after.length).toBe(before.length);
  const bytes = readFileSync(file);
  let replaced = 0;
  for (let at = bytes.indexOf(before); at !== -1; at = bytes.indexOf(before, at + 1)) {
    after.copy(bytes, at);
    replaced++;
  }
  writeFileSync(file, bytes);
  return replaced;
};

describe('four bytes of a name changed inside a document of read-models.sqlite', () => {
  it('is never served as the record: READ_MODEL_DAMAGED at once, then the read models are rebuilt from the log without a restart', async () => {
    const dataDir = freshDataDir();
    try {
      const names = await givenStoppedFolder(dataDir, 3);
      // 'بی' is D8 A8 DB 8C in UTF-8, 'پي' D9 BE D9 8A: four bytes differ, the length stays.
      expect(replaceEverywhere(join(dataDir, 'read-models.sqlite'), 'خرابی 2', 'خراپي 2')).toBeGreaterThan(0);

      const server = await startChildServer(envFor(dataDir), 60_000, 'answering');
      try {
        const answer = await gql(server.url, `query { organizations(first: 50) { edges { node { name } } } }`, {}, 'AUDITOR');
        expect(JSON.stringify(answer.data ?? null)).not.toContain('خراپي');
        // The damaged document, or the rebuild it set off (when the first read already met it).
        expect(answer.errors?.[0]?.extensions).toEqual(
          expect.objectContaining({ code: expect.stringMatching(/^(READ_MODEL_DAMAGED|SERVICE_UNAVAILABLE)$/) }),
        );
        const healed = await eventually(
          () => health(server.url),
          ({ status, body }) => status === 200 && body.rebuiltWhileServing?.[0]?.rebuilt === true,
        );
        expect(healed.body).toMatchObject({
          status: 'ok',
          damagedDocuments: [{ collection: 'organizations' }],
          rebuiltWhileServing: [{ reason: 'a document of organizations was damaged', from: 'cleared file', rebuilt: true }],
        });
        expect((await organizationNames(server.url)).sort()).toEqual([...names].sort());
        const again = await gql(server.url, `query { organizations(first: 50) { edges { node { name } } } }`, {}, 'AUDITOR');
        expect(again.errors).toBeUndefined();
      } finally {
        await server.kill('SIGTERM');
      }
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
