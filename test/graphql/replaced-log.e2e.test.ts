import { copyFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { registerOrganization } from '../support/graphql-helpers';
import { startTestServer } from '../support/test-server';

const NAMES = `query { organizations(first: 50) { edges { node { name } } } }`;

describe('an events file replaced by another log of the same length', () => {
  it('is noticed at start by the hash kept with the read models’ checkpoint: they are rebuilt from the new log', async () => {
    const kept = await startTestServer();
    const other = await startTestServer();
    try {
      for (const n of [1, 2, 3]) {
        await registerOrganization(kept, 'OTHER', `نهاد نخست ${n}`);
        await registerOrganization(other, 'OTHER', `نهاد دیگر ${n}`);
      }
      await kept.stop({ keepData: true });
      await other.stop({ keepData: true });
      copyFileSync(join(other.dataDir, 'events.sqlite'), join(kept.dataDir, 'events.sqlite'));

      const restarted = await startTestServer({}, kept.dataDir);
      try {
        await restarted.app.projections.waitFor('3', 10_000);
        const { organizations } = await restarted.ok(NAMES, {}, restarted.tokens.AUDITOR);
        expect(organizations.edges.map((edge: { node: { name: string } }) => edge.node.name).sort()).toEqual(['نهاد دیگر 1', 'نهاد دیگر 2', 'نهاد دیگر 3']);
      } finally {
        await restarted.stop();
      }
    } finally {
      rmSync(other.dataDir, { recursive: true, force: true });
    }
  });
});
