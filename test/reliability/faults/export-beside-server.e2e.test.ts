import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { runToExit, startChildServer } from '../../support/child-server';
import { envFor, freshDataDir, health, organizationNames, registerOrganizations } from './fault-kit';

jest.setTimeout(180_000);

const exportedPositions = (file: string) =>
  readFileSync(file, 'utf8')
    .trim()
    .split('\n')
    .map((line) => Number((JSON.parse(line) as { position: string }).position));

describe('npm run export on the data folder of a running server, then of the stopped folder', () => {
  it('exports every event both times, writes nothing the server minds, and the next start serves every write', async () => {
    const dataDir = freshDataDir();
    try {
      const server = await startChildServer(envFor(dataDir));
      const names = await registerOrganizations(server.url, 'پیش از برون‌بری', 5);
      const beside = await runToExit('src/cli/export.ts', envFor(dataDir), ['--out', join(dataDir, 'beside.ndjson')]);
      expect(beside.code).toBe(0);
      expect(exportedPositions(join(dataDir, 'beside.ndjson'))).toEqual([1, 2, 3, 4, 5]);
      names.push(...(await registerOrganizations(server.url, 'پس از برون‌بری', 2)));
      expect((await health(server.url)).status).toBe(200);
      expect(await server.kill('SIGTERM')).toBe(0);

      const alone = await runToExit('src/cli/export.ts', envFor(dataDir), ['--out', join(dataDir, 'alone.ndjson')]);
      expect(alone.code).toBe(0);
      expect(exportedPositions(join(dataDir, 'alone.ndjson'))).toEqual([1, 2, 3, 4, 5, 6, 7]);

      const next = await startChildServer(envFor(dataDir));
      try {
        expect((await organizationNames(next.url)).sort()).toEqual([...names].sort());
        expect(await registerOrganizations(next.url, 'پس از همه', 1)).toHaveLength(1);
      } finally {
        await next.kill('SIGTERM');
      }
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
