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
  it('is never served as the record: READ_MODEL_DAMAGED and /healthz 503 at once, the read models rebuilt at the next start', async () => {
    const dataDir = freshDataDir();
    try {
      const names = await givenStoppedFolder(dataDir, 3);
      // 'بی' is D8 A8 DB 8C in UTF-8, 'پي' D9 BE D9 8A: four bytes differ, the length stays.
      expect(replaceEverywhere(join(dataDir, 'read-models.sqlite'), 'خرابی 2', 'خراپي 2')).toBeGreaterThan(0);

      const server = await startChildServer(envFor(dataDir), 60_000, 'answering');
      try {
        const answer = await gql(server.url, `query { organizations(first: 50) { edges { node { name } } } }`, {}, 'AUDITOR');
        expect(JSON.stringify(answer.data ?? null)).not.toContain('خراپي');
        expect(answer.errors?.[0]?.extensions).toMatchObject({ code: 'READ_MODEL_DAMAGED', collection: 'organizations' });
        const { status, body } = await health(server.url);
        expect(status).toBe(503);
        expect(body).toMatchObject({ status: 'read models damaged', damagedDocuments: [{ collection: 'organizations' }] });
      } finally {
        await server.kill('SIGTERM');
      }

      const restarted = await startChildServer(envFor(dataDir), 60_000, 'answering');
      try {
        const healed = await eventually(() => health(restarted.url), ({ status }) => status === 200);
        expect(healed.body.rebuiltAtStart).toEqual([expect.objectContaining({ reason: 'a document of organizations was damaged', rebuilt: true })]);
        expect((await organizationNames(restarted.url)).sort()).toEqual([...names].sort());
      } finally {
        await restarted.kill('SIGTERM');
      }
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
