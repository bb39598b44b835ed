import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSqliteEventStore } from '../../src/eventstore/sqlite';
import { ChainVerifier } from '../../src/eventstore/hash-chain';
import { projections } from '../../src/read-models';
import { buildReadModelsAt } from '../../projections/read-models-at';
import { ReadModelStore } from '../../projections/read-model-store';
import { signToken } from '../../src/auth/tokens';
import { startChildServer } from '../support/child-server';

const SECRET = 'crash-test-secret-at-least-32-characters';

export interface CrashReport {
  cycles: number;
  acknowledged: number;
  lost: number;
  duplicates: number;
  revisionGaps: number;
  chainOk: boolean;
  readModelsEqualRebuild: boolean;
  attempted: number;
}

const REGISTER = `mutation ($input: RegisterOrganizationInput!) { registerOrganization(input: $input) { organization { id } position } }`;

/**
 * Several clients write while the server is SIGKILLed at random moments; after each restart every
 * acknowledged write must be there exactly once, streams gapless, the chain intact, and the read
 * models equal to a rebuild from the log.
 */
export const runCrashCycles = async ({ cycles, clients, log = () => {} }: { cycles: number; clients: number; log?: (line: string) => void }): Promise<CrashReport> => {
  const dataDir = mkdtempSync(join(tmpdir(), 'daftar-crash-'));
  const token = await signToken({ sub: 'crash-clerk', name: 'Crash clerk', roles: ['CLERK'], expiresIn: '2h' }, SECRET);
  const acknowledged = new Map<string, string>(); // idempotency key → organization id
  let attempted = 0;
  try {
    for (let cycle = 0; cycle < cycles; cycle++) {
      const server = await startChildServer({ DATA_DIR: dataDir, AUTH_JWT_SECRET: SECRET });
      let running = true;
      const writer = async (client: number) => {
        for (let n = 0; running; n++) {
          const key = `c${cycle}-w${client}-n${n}`;
          attempted++;
          try {
            const response = await fetch(server.url, {
              method: 'POST',
              headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
              body: JSON.stringify({ query: REGISTER, variables: { input: { kind: 'OTHER', name: `نهاد ${key}`, idempotencyKey: key } } }),
            });
            const body = (await response.json()) as any;
            if (body.data?.registerOrganization) acknowledged.set(key, body.data.registerOrganization.organization.id);
          } catch {
            return; // the server died under us: this write was never acknowledged
          }
        }
      };
      const writers = Array.from({ length: clients }, (_, client) => writer(client));
      await new Promise((resolve) => setTimeout(resolve, 200 + Math.random() * 800));
      await server.kill('SIGKILL');
      running = false;
      await Promise.all(writers);
      log(`cycle ${cycle + 1}/${cycles}: ${acknowledged.size} acknowledged so far`);
    }

    // A last clean start lets the projections catch up with whatever the final crash left behind.
    const server = await startChildServer({ DATA_DIR: dataDir, AUTH_JWT_SECRET: SECRET });
    await server.kill('SIGTERM');

    const store = await openSqliteEventStore({ file: join(dataDir, 'events.sqlite') });
    const events = await store.readAll();
    const byKey = new Map<string, number>();
    for (const event of events) {
      const key = event.metadata.idempotencyKey;
      if (key) byKey.set(key, (byKey.get(key) ?? 0) + 1);
    }
    let lost = 0;
    let duplicates = 0;
    for (const [key, id] of acknowledged) {
      const count = byKey.get(key) ?? 0;
      if (count === 0 || !events.some((event) => event.streamId === `organization-${id}`)) lost++;
      if (count > 1) duplicates++;
    }
    const revisions = new Map<string, number>();
    let revisionGaps = 0;
    for (const event of events) {
      const expected = (revisions.get(event.streamId) ?? -1) + 1;
      if (event.revision !== expected) revisionGaps++;
      revisions.set(event.streamId, event.revision);
    }
    const verifier = new ChainVerifier();
    const chainOk = events.every((event) => verifier.check(event) === null);

    const live = new ReadModelStore(join(dataDir, 'read-models.sqlite'), projections);
    const rebuilt = await buildReadModelsAt(store, projections, {});
    const readModelsEqualRebuild = projections.every(
      (projection) => JSON.stringify(live.all(projection.collection)) === JSON.stringify(rebuilt.all(projection.collection)),
    );
    live.close();
    rebuilt.close();
    await store.close();
    return { cycles, acknowledged: acknowledged.size, lost, duplicates, revisionGaps, chainOk, readModelsEqualRebuild, attempted };
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
};
