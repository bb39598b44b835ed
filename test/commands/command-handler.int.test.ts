import { CommandHandler } from '../../src/commands/command-handler';
import type { Command, Decider } from '../../src/core/decider';
import type { Actor, Event } from '../../src/core/event';
import type { EventStore, ReadStreamOptions } from '../../src/eventstore/event-store';
import { ConcurrencyConflict, IdempotencyKeyReused, InvalidTransition } from '../../src/core/errors';
import { openSqliteEventStore } from '../../src/eventstore/sqlite';
import { useTempDir } from '../eventstore/temp-event-log';

type Counted = Event<'Counted', { seen: number }>;
type Count = Command<'Count', { noop?: boolean }>;
interface Counter {
  count: number;
}

/** Each event records how many the decider had seen before it, so a stale state shows in the data. */
const counter: Decider<Counter, Count, Counted> = {
  initialState: () => ({ count: 0 }),
  evolve: (state) => ({ count: state.count + 1 }),
  decide: (command, state) => (command.data.noop ? [] : [{ type: 'Counted', data: { seen: state.count } }]),
};

const clerk: Actor = { id: 'clerk-1', name: 'منشی', role: 'CLERK' };
const clock = { now: () => new Date('2025-03-21T08:30:00.000Z') };
const count = (noop = false) => (metadata: Count['metadata']): Count => ({ type: 'Count', data: { noop }, metadata });

/** Records the options of every readStream, to see how much of a stream each command reads. */
const watched = (store: EventStore) => {
  const reads: (ReadStreamOptions | undefined)[] = [];
  const proxy: EventStore = {
    ...store,
    readStream: (streamId, options) => {
      reads.push(options);
      return store.readStream(streamId, options);
    },
  };
  return { store: proxy, reads };
};

describe('CommandHandler: the state it folded is brought forward, never trusted blindly', () => {
  const dir = useTempDir('daftar-command-handler-');
  let store: EventStore;

  beforeEach(async () => {
    store = await openSqliteEventStore({ file: dir.path(`events-${Date.now()}-${Math.random()}.sqlite`), clock });
  });
  afterEach(async () => {
    await store.close();
  });

  it('reads only the events after the state it folded last', async () => {
    const { store: spied, reads } = watched(store);
    const handler = new CommandHandler(spied, clock);
    await handler.handle(counter, 'counter-a', count(), { actor: clerk });
    await handler.handle(counter, 'counter-a', count(), { actor: clerk });
    const third = await handler.handle(counter, 'counter-a', count(), { actor: clerk });
    expect(reads.map((options) => options?.fromRevision)).toEqual([undefined, 1, 2]);
    expect(third.events[0].data).toEqual({ seen: 2 });
    expect(third.state).toEqual({ count: 3 });
    expect(third.version).toBe(2);
  });

  it('decides on the events another writer appended since (a second process on the same log)', async () => {
    const here = new CommandHandler(store, clock);
    const elsewhere = new CommandHandler(store, clock);
    await here.handle(counter, 'counter-b', count(), { actor: clerk });
    await elsewhere.handle(counter, 'counter-b', count(), { actor: clerk });
    await elsewhere.handle(counter, 'counter-b', count(), { actor: clerk });
    const result = await here.handle(counter, 'counter-b', count(), { actor: clerk });
    expect(result.events[0].data).toEqual({ seen: 3 });
    expect(result.version).toBe(3);
    expect((await store.readStream('counter-b')).map((event) => event.data)).toEqual([{ seen: 0 }, { seen: 1 }, { seen: 2 }, { seen: 3 }]);
  });

  it('checks expectedVersion against the stream as it now stands, not as it was folded', async () => {
    const here = new CommandHandler(store, clock);
    const elsewhere = new CommandHandler(store, clock);
    await here.handle(counter, 'counter-c', count(), { actor: clerk });
    await elsewhere.handle(counter, 'counter-c', count(), { actor: clerk });
    await expect(here.handle(counter, 'counter-c', count(), { actor: clerk, expectedVersion: 0 })).rejects.toBeInstanceOf(
      ConcurrencyConflict,
    );
    const accepted = await here.handle(counter, 'counter-c', count(), { actor: clerk, expectedVersion: 1 });
    expect(accepted.version).toBe(2);
  });

  it('answers a command that appends nothing with the stream as it stands', async () => {
    const handler = new CommandHandler(store, clock);
    const first = await handler.handle(counter, 'counter-d', count(), { actor: clerk });
    const nothing = await handler.handle(counter, 'counter-d', count(true), { actor: clerk });
    expect(nothing.events).toEqual([]);
    expect(nothing.position).toBe(first.position);
    expect(nothing.version).toBe(0);
    expect(nothing.state).toEqual({ count: 1 });
  });

  describe('idempotency keys', () => {
    const keyed = (fingerprint?: string) => ({ actor: clerk, idempotencyKey: 'count-once', idempotencyFingerprint: fingerprint });

    it('records the fingerprint with the key and replays the first result, folded only up to its position', async () => {
      const handler = new CommandHandler(store, clock);
      const first = await handler.handle(counter, 'counter-e', count(), keyed('request-a'));
      await handler.handle(counter, 'counter-e', count(), { actor: clerk });
      const replay = await handler.handle(counter, 'counter-e', count(), keyed('request-a'));
      expect(first.events[0].metadata).toMatchObject({ idempotencyKey: 'count-once', idempotencyFingerprint: 'request-a' });
      expect(replay).toEqual({ ...first, idempotentReplay: true });
      expect(replay.state).toEqual({ count: 1 });
    });

    it('refuses the key with another fingerprint and appends nothing', async () => {
      const handler = new CommandHandler(store, clock);
      const first = await handler.handle(counter, 'counter-f', count(), keyed('request-a'));
      await expect(handler.handle(counter, 'counter-f', count(), keyed('request-b'))).rejects.toBeInstanceOf(IdempotencyKeyReused);
      await expect(handler.handle(counter, 'counter-other', count(), keyed('request-b'))).rejects.toMatchObject({
        code: 'IDEMPOTENCY_KEY_REUSED',
        extensions: { idempotencyKey: 'count-once', position: first.position },
      });
      expect(await store.readAll()).toEqual(first.events);
    });

    it('refuses a racing request with the same key and another fingerprint once the store tells it the key was taken', async () => {
      const results = await Promise.allSettled(
        ['request-a', 'request-b', 'request-c', 'request-d'].map((fingerprint, i) =>
          new CommandHandler(store, clock).handle(counter, `counter-race-${i}`, count(), keyed(fingerprint)),
        ),
      );
      expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(1);
      for (const result of results.filter((result) => result.status === 'rejected'))
        expect((result as PromiseRejectedResult).reason).toBeInstanceOf(IdempotencyKeyReused);
      expect(await store.readAll()).toHaveLength(1);
    });

    /**
     * Another process (another node) records the same request with the same key after this one
     * looked the key up and before it decides: its decision then meets that request's own event.
     */
    const recordedMeanwhile = (streamId: string, decider: Decider<Counter, Count, Counted>, options: object) => {
      let meanwhile: Promise<Awaited<ReturnType<CommandHandler['handle']>>> | undefined;
      const late: EventStore = {
        ...store,
        findIdempotentAppend: async (lookup) => {
          const found = await store.findIdempotentAppend(lookup);
          if (!meanwhile) {
            meanwhile = new CommandHandler(store, clock).handle(decider, streamId, count(), { ...keyed('request-a'), ...options });
            await meanwhile;
          }
          return found;
        },
      };
      return { handler: new CommandHandler(late, clock), first: () => meanwhile! };
    };

    it('answers the first result, not the refusal its rule gives, when another process recorded the key between its look-up and its decision', async () => {
      const onlyOnce: Decider<Counter, Count, Counted> = {
        ...counter,
        decide: (command, state) => {
          if (state.count > 0) throw new InvalidTransition('counted already', 'COUNTED');
          return counter.decide(command, state);
        },
      };
      const { handler, first } = recordedMeanwhile('counter-h', onlyOnce, {});
      const answer = await handler.handle(onlyOnce, 'counter-h', count(), keyed('request-a'));
      expect(answer).toEqual({ ...(await first()), idempotentReplay: true });
      expect(await store.readAll()).toHaveLength(1);
    });

    it('answers the first result, not CONCURRENCY_CONFLICT, when that request moved the version it expects', async () => {
      await new CommandHandler(store, clock).handle(counter, 'counter-i', count(), { actor: clerk });
      const { handler, first } = recordedMeanwhile('counter-i', counter, { expectedVersion: 0 });
      const answer = await handler.handle(counter, 'counter-i', count(), { ...keyed('request-a'), expectedVersion: 0 });
      expect(answer).toEqual({ ...(await first()), idempotentReplay: true });
      expect(await store.readAll()).toHaveLength(2);
    });

    it('replays an append recorded without a fingerprint whatever the request now is (it cannot be compared)', async () => {
      const handler = new CommandHandler(store, clock);
      const old = await handler.handle(counter, 'counter-g', count(), keyed(undefined));
      expect(old.events[0].metadata).not.toHaveProperty('idempotencyFingerprint');
      const replay = await handler.handle(counter, 'counter-g', count(), keyed('request-a'));
      expect(replay.idempotentReplay).toBe(true);
      expect(replay.events).toEqual(old.events);
    });
  });
});
