import type { RecordedEvent } from '../../../src/eventstore/event-store';
import { ChainVerifier } from '../../../src/eventstore/hash-chain';
import { mutationText } from '../../support/graphql-helpers';
import { useEmbeddedPostgres } from '../../support/postgres-database';
import { caughtUp, readModelDocuments, startPostgresNode, tokenOf, withLog, type PostgresNode } from '../../support/postgres-nodes';

/**
 * Two Daftar nodes on one PostgreSQL store under write load, one of them SIGKILLed at a random
 * moment and started again, cycle after cycle (the other node keeps serving). A client whose node
 * died under it sends the same request, with the same idempotency key, to the other node, as a
 * client behind a load balancer would. Afterwards: every acknowledged write is in the log exactly
 * once, no write is there twice, streams and positions have no gaps, the chain verifies on both
 * nodes, and both nodes' read models equal those of a fresh node that folded the log from empty.
 *
 * `npm test` runs 3 cycles; PG_KILL_CYCLES=20 npm run test:faults runs a longer one.
 */
const CYCLES = Number(process.env.PG_KILL_CYCLES ?? 3);
const WRITERS_PER_NODE = 2;

const REGISTER = mutationText('registerOrganization', 'organization { id } position');
const SCHEDULE = mutationText('scheduleMeeting', 'meeting { id }');
const ADD = mutationText('addParticipant', 'position events { eventId }');
const VERIFY = `query { verifyIntegrity { ok checkedEvents firstBrokenPosition } }`;

const postgres = useEmbeddedPostgres();

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Acknowledged {
  key: string;
  position: string;
}

describe('one of two nodes on a PostgreSQL store SIGKILLed under write load, again and again', () => {
  let connectionString: string;
  let nodes: PostgresNode[] = [];
  let fresh: PostgresNode | undefined;
  afterAll(async () => {
    for (const node of [...nodes, fresh]) await node?.stop().catch(() => undefined);
  });

  it(`loses no acknowledged write and doubles none over ${CYCLES} kills; the chain holds and both nodes' read models equal a rebuild`, async () => {
    connectionString = await postgres.newSchema();
    nodes = await Promise.all([startPostgresNode('node-a', connectionString), startPostgresNode('node-b', connectionString)]);
    const up = [true, true];
    const organizationId = (await nodes[0].ok(REGISTER, { input: { kind: 'PROVINCE', name: 'استان گیلان', country: 'IR' } })).registerOrganization
      .organization.id;
    const meetingId = (await nodes[0].ok(SCHEDULE, { input: { title: 'نشست پرترافیک', location: 'رشت', scheduledStart: '2030-01-01T09:00:00Z' } }))
      .scheduleMeeting.meeting.id;

    const acknowledged: Acknowledged[] = [];
    const refusals: unknown[] = [];
    let sent = 0;
    let failedOver = 0;
    let writing = true;

    /** Sends one write until some node acknowledges it: its home node while up, else the other; the same key each time. */
    const write = async (home: number, key: string, request: (node: PostgresNode) => Promise<any>) => {
      for (let attempt = 0; ; attempt++) {
        const index = up[home] ? home : 1 - home;
        try {
          const result = await request(nodes[index]);
          if (result.errors) {
            refusals.push({ key, errors: result.errors });
            return;
          }
          const payload = Object.values(result.data as Record<string, { position: string }>)[0];
          acknowledged.push({ key, position: payload.position });
          return;
        } catch {
          // The connection broke (the node died under the request): its outcome is unknown, so the same key goes again.
          failedOver++;
          if (attempt > 200) throw new Error(`${key} found no node to take it`);
          await pause(25);
        }
      }
    };

    const writer = async (home: number, number: number) => {
      for (let n = 0; writing; n++) {
        const key = `w${home}.${number}-${n}`;
        sent++;
        await (n % 2 === 0
          ? write(home, key, (node) => node.gql(REGISTER, { input: { kind: 'OTHER', name: `نهاد ${key}`, idempotencyKey: key } }))
          : write(home, key, (node) =>
              node.gql(ADD, { input: { meetingId, organizationId, role: 'OBSERVER', personName: `ناظر ${key}`, idempotencyKey: key } }),
            ));
      }
    };
    const writers = nodes.flatMap((_, home) => Array.from({ length: WRITERS_PER_NODE }, (__, number) => writer(home, number)));

    for (let cycle = 0; cycle < CYCLES; cycle++) {
      const victim = cycle % nodes.length;
      await pause(300 + Math.random() * 700);
      up[victim] = false;
      await nodes[victim].kill('SIGKILL');
      await nodes[victim].restart();
      up[victim] = true;
    }
    await pause(300);
    writing = false;
    await Promise.all(writers);

    expect(refusals).toEqual([]);
    expect(failedOver).toBeGreaterThan(0); // some writes were in flight on a node that died
    expect(acknowledged.length).toBe(sent);

    const log: RecordedEvent[] = await withLog(connectionString, (store) => store.readAll());
    // Positions 1…n with no gap, each stream's revisions 0…k with no gap, one unbroken chain.
    expect(log.map((event) => event.position)).toEqual(log.map((_, index) => String(index + 1)));
    const revisions = new Map<string, number>();
    for (const event of log) {
      expect(event.revision).toBe((revisions.get(event.streamId) ?? -1) + 1);
      revisions.set(event.streamId, event.revision);
    }
    const verifier = new ChainVerifier();
    expect(log.map((event) => verifier.check(event)).filter((broken) => broken !== null)).toEqual([]);

    // Every acknowledged key once, at the position its answer gave; no key twice.
    const byKey = new Map<string, RecordedEvent[]>();
    for (const event of log) {
      const key = event.metadata.idempotencyKey;
      if (key) byKey.set(key, [...(byKey.get(key) ?? []), event]);
    }
    expect([...byKey.entries()].filter(([, events]) => events.length > 1)).toEqual([]);
    const lost = acknowledged.filter(({ key, position }) => byKey.get(key)?.[0].position !== position);
    expect(lost).toEqual([]);
    expect(byKey.size).toBe(acknowledged.length);

    const auditor = await tokenOf('AUDITOR');
    for (const node of nodes) {
      await caughtUp(node);
      expect((await node.ok(VERIFY, {}, auditor)).verifyIntegrity).toEqual({ ok: true, checkedEvents: log.length, firstBrokenPosition: null });
    }

    // A node that never saw the load folds the same log from an empty DATA_DIR.
    fresh = await startPostgresNode('node-fresh', connectionString);
    await caughtUp(fresh);
    for (const node of [...nodes, fresh]) await node.stop({ keepData: true });
    const rebuilt = readModelDocuments(fresh.dataDir);
    expect(Object.values(rebuilt).some((documents) => documents.includes(meetingId))).toBe(true);
    for (const node of nodes) expect(readModelDocuments(node.dataDir)).toEqual(rebuilt);
  }, 120_000 + CYCLES * 30_000);
});
