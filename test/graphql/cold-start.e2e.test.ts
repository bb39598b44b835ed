import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeScaleLog } from '../../bench/scale-log';
import { SQLITE_EVENT_LOG_FILE } from '../../src/eventstore/open-event-store';
import { openSqliteEventStore } from '../../src/eventstore/sqlite';
import { comparePositions } from '../../src/eventstore/position';
import { startTestServer, type TestServer } from '../support/test-server';

interface Health {
  httpStatus: number;
  status: string;
  head: string | null;
  projected: string;
  lagEvents?: number | null;
}

/** Eight catch-up batches: the runner and the snapshot builder each need several turns of the event loop. */
const EVENTS = 16_000;

describe('a cold start on a long log with an empty read-model file', () => {
  let server: TestServer;
  let head: string;

  beforeAll(async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'daftar-cold-start-'));
    const store = await openSqliteEventStore({ file: join(dataDir, SQLITE_EVENT_LOG_FILE) });
    await writeScaleLog(store, { events: EVENTS });
    head = (await store.head())!.position;
    await store.close();
    server = await startTestServer({}, dataDir);
  }, 120_000);
  afterAll(() => server.stop());

  it('answers /healthz while catching up (503 "catching up"), then 200 once the read models reach the head', async () => {
    const healthUrl = server.url.replace('/graphql', '/healthz');
    const seen: Health[] = [];
    for (;;) {
      // A kept-alive connection the server closed as this request reused it (the fold keeps the
      // event loop busy for seconds at a time) fails the fetch; a probe simply asks again. Told by its
      // name: undici's TypeError comes from Node's own realm, not the test's, so instanceof misses it.
      const response = await fetch(healthUrl).catch((error: unknown) => ((error as Error)?.name === 'TypeError' ? null : Promise.reject(error)));
      if (!response) continue;
      const body = (await response.json()) as Omit<Health, 'httpStatus'>;
      seen.push({ httpStatus: response.status, status: body.status, head: body.head, projected: body.projected, lagEvents: body.lagEvents });
      if (response.status === 200) break;
    }
    const catchingUp = seen.slice(0, -1);
    const ready = seen[seen.length - 1];

    // Answered before the catch-up ended, with how far it had got.
    expect(catchingUp.length).toBeGreaterThan(0);
    for (const health of catchingUp) {
      expect(health).toMatchObject({ httpStatus: 503, status: 'catching up', head });
      expect(comparePositions(health.projected, head)).toBeLessThan(0);
      // The events this node has yet to fold, counted from the gap-free positions.
      expect(health.lagEvents).toBe(Number(head) - Number(health.projected));
    }
    for (let index = 1; index < catchingUp.length; index++)
      expect(comparePositions(catchingUp[index].projected, catchingUp[index - 1].projected)).toBeGreaterThanOrEqual(0);
    expect(ready).toEqual({ httpStatus: 200, status: 'ok', head, projected: head, lagEvents: 0 });

    // Live from then on: a new append does not send it back to 503.
    await server.ok(`mutation { registerOrganization(input: { name: "استانداری تازه", kind: PROVINCE }) { position } }`);
    const after = await fetch(healthUrl);
    expect(after.status).toBe(200);
  }, 120_000);
});
