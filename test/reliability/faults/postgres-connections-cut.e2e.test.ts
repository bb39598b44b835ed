import { LISTENER_APPLICATION_NAME } from '../../../src/eventstore/postgres';
import type { RecordedEvent } from '../../../src/eventstore/event-store';
import { POOL_APPLICATION_NAME, terminateBackends } from '../../eventstore/postgres/backends';
import { mutationText } from '../../support/graphql-helpers';
import { useEmbeddedPostgres } from '../../support/postgres-database';
import { caughtUp, startPostgresNode, withLog, type PostgresNode } from '../../support/postgres-nodes';

/**
 * The database ends every connection of a Daftar node (pg_terminate_backend from a superuser's
 * session: what a database restart, a failover or a network cut does to them) again and again
 * while clients write through the node. An append cut halfway is rolled back by PostgreSQL; one
 * cut after its commit reached the database but before the answer reached the node is recorded,
 * though the node cannot know it. So the node must answer each write either with its result or with
 * a coded error that says the outcome is not known, and a client that sends it again with the same
 * idempotency key must get it recorded exactly once. The node reconnects by itself.
 */
const WRITERS = 4;
const CUTS = 8;
const MAX_CUTS = 80;

const REGISTER = mutationText('registerOrganization', 'organization { id } position readModelsCaughtUp');

const postgres = useEmbeddedPostgres();
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('the PostgreSQL connections of a node cut again and again while clients write', () => {
  let node: PostgresNode;
  afterAll(async () => {
    await node?.stop();
  });

  it('answers each write with its result or SERVICE_UNAVAILABLE saying the outcome is unknown; resent with its key each lands once; the node reconnects by itself', async () => {
    const connectionString = await postgres.newSchema();
    node = await startPostgresNode('node-cut', connectionString);
    const admin = postgres.server().adminConnectionString;

    const acknowledged = new Map<string, string>(); // key → position answered
    const unknown: { key: string; httpStatus: number; code: string; message: string; reason?: string }[] = [];
    let writing = true;
    const send = (key: string) => node.gql(REGISTER, { input: { kind: 'OTHER', name: `نهاد ${key}`, idempotencyKey: key } });
    const writer = async (number: number) => {
      for (let n = 0; writing; n++) {
        const key = `cut-w${number}-${n}`;
        const result = await send(key);
        if (result.errors) {
          const [error] = result.errors;
          unknown.push({ key, httpStatus: result.status, code: error.extensions.code, message: error.message, reason: error.extensions.reason });
        } else acknowledged.set(key, result.data.registerOrganization.position);
      }
    };
    const writers = Array.from({ length: WRITERS }, (_, number) => writer(number));
    let cut = 0;
    // A cut between two appends costs no write (the next one reconnects): cut on, past CUTS, until
    // one has fallen on a write in flight, which is the fault under test.
    for (let round = 0; round < CUTS || (unknown.length === 0 && round < MAX_CUTS); round++) {
      await pause(150 + Math.random() * 250);
      cut += await terminateBackends(admin, 'application_name IN ($1, $2)', [POOL_APPLICATION_NAME, LISTENER_APPLICATION_NAME]);
    }
    await pause(200);
    writing = false;
    await Promise.all(writers);

    expect(cut).toBeGreaterThanOrEqual(CUTS);
    expect(unknown.length).toBeGreaterThan(0); // some writes were cut: the fault was real
    for (const refusal of unknown) {
      expect(refusal).toMatchObject({ httpStatus: 503, code: 'SERVICE_UNAVAILABLE' });
      expect(refusal.message).toMatch(/not known: send it again with the same idempotencyKey/);
    }

    // Resent as told: each lands, and once, whether or not the cut attempt had been recorded (the
    // node cannot tell which: a cut may fall after the commit; PG_CUT_REPORT=1 prints how many did).
    const before: RecordedEvent[] = await withLog(connectionString, (store) => store.readAll());
    const recordedBeforeResend = unknown.filter(({ key }) => before.some((event) => event.metadata.idempotencyKey === key)).length;
    for (const { key } of unknown) {
      const result = await send(key);
      expect(result.errors).toBeUndefined();
      acknowledged.set(key, result.data.registerOrganization.position);
    }

    const log: RecordedEvent[] = await withLog(connectionString, (store) => store.readAll());
    expect(log.map((event) => event.position)).toEqual(log.map((_, index) => String(index + 1)));
    const positionOfKey = new Map<string, string[]>();
    for (const event of log) {
      const key = event.metadata.idempotencyKey;
      if (key) positionOfKey.set(key, [...(positionOfKey.get(key) ?? []), event.position]);
    }
    expect([...acknowledged].filter(([key, position]) => positionOfKey.get(key)?.join() !== position)).toEqual([]);
    expect(positionOfKey.size).toBe(acknowledged.size);

    // Reconnected by itself: a new write is answered from caught-up read models, /healthz is 200 with no lag.
    const after = await send('after-the-cuts');
    expect(after.data.registerOrganization.readModelsCaughtUp).toBe(true);
    expect(await caughtUp(node)).toMatchObject({ httpStatus: 200, lagEvents: 0 });
    if (process.env.PG_CUT_REPORT) console.log({ cut, acknowledged: acknowledged.size, unknown: unknown.length, recordedBeforeResend });
  }, 120_000);

  it('while the database is down: /healthz 503 store unreachable and writes SERVICE_UNAVAILABLE; once it is back, both recover without a restart of the node', async () => {
    const down = postgres.server().restart({ downMs: 2_000 });
    await pause(500);
    const health = await node.health();
    expect(health).toMatchObject({ httpStatus: 503, status: 'store unreachable' });
    const refused = await node.gql(REGISTER, { input: { kind: 'OTHER', name: 'نهاد هنگام قطعی', idempotencyKey: 'while-down' } });
    expect(refused).toMatchObject({ status: 503, errors: [{ extensions: { code: 'SERVICE_UNAVAILABLE' } }] });
    await down;

    const deadline = Date.now() + 20_000;
    let resent = await node.gql(REGISTER, { input: { kind: 'OTHER', name: 'نهاد هنگام قطعی', idempotencyKey: 'while-down' } });
    while (resent.errors && Date.now() < deadline) {
      await pause(200);
      resent = await node.gql(REGISTER, { input: { kind: 'OTHER', name: 'نهاد هنگام قطعی', idempotencyKey: 'while-down' } });
    }
    expect(resent.errors).toBeUndefined();
    expect(resent.data.registerOrganization.readModelsCaughtUp).toBe(true);
    expect(await caughtUp(node)).toMatchObject({ httpStatus: 200, lagEvents: 0 });
  }, 60_000);
});
