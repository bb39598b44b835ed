import { setImmediate as nextTurn } from 'node:timers/promises';
import { ChainWatch, type VerifiedHead } from '../../src/eventstore/chain-watch';
import type { EventStore, NewEvent } from '../../src/eventstore/event-store';
import { hashEvent } from '../../src/eventstore/hash-chain';
import { openSqliteEventStore } from '../../src/eventstore/sqlite';
import { silentLogger } from '../../src/logger';
import { useTempDir } from './temp-event-log';

const dir = useTempDir('daftar-chain-watch-');

const event = (n: number): NewEvent => ({
  type: 'OrganizationRenamed',
  data: { organizationId: `org-${n % 50}`, name: `سازمان ${n}` },
  metadata: { occurredAt: '2024-05-01T08:00:00.000Z', actor: { id: 'clerk-1', name: 'دبیر', role: 'CLERK' } },
});

describe('ChainWatch', () => {
  let store: EventStore;

  beforeAll(async () => {
    store = await openSqliteEventStore({ file: dir.path('events.sqlite') });
    for (let n = 0; n < 2_500; n += 500)
      await store.appendToStream(
        `organization-${n}`,
        Array.from({ length: 500 }, (_, k) => event(n + k)),
      );
    // Not a whole number of batches: the last is a part of one.
    await store.appendToStream('organization-tail', Array.from({ length: 50 }, (_, k) => event(2_500 + k)));
  });

  afterAll(() => store.close());

  it('verifies a log it never saw from the first event to the head, giving the event loop back every batch of events', async () => {
    // Requests share the thread with the check: between two turns of the loop it may verify at most a batch.
    let verifiedSinceTurn = 0;
    let mostBetweenTurns = 0;
    const reader: Pick<EventStore, 'readAll'> = {
      readAll: async (options) => {
        const events = await store.readAll(options);
        verifiedSinceTurn += events.length;
        mostBetweenTurns = Math.max(mostBetweenTurns, verifiedSinceTurn);
        return events;
      },
    };
    let saved: VerifiedHead | null = null;
    const watch = new ChainWatch(reader, hashEvent, { load: () => saved, save: (head) => (saved = head) }, silentLogger);
    let checking = true;
    let turns = 0;
    const ticker = (async () => {
      while (checking) {
        await nextTurn();
        verifiedSinceTurn = 0;
        turns++;
      }
    })();
    const state = await watch.check();
    checking = false;
    await ticker;

    expect(state).toMatchObject({ status: 'INTACT', verifiedPosition: '2550' });
    expect(saved).toEqual({ position: '2550', hash: (await store.head())!.hash });
    // 100: what kept an as-of request at 10 ms instead of 29 while a million events were verified (CHECK_BATCH).
    expect(mostBetweenTurns).toBeLessThanOrEqual(100);
    expect(turns).toBeGreaterThanOrEqual(25);
  });
});
