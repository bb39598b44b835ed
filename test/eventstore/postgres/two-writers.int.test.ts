import { Client } from 'pg';
import type { EventStore, RecordedEvent } from '../../../src/eventstore/event-store';
import { StreamRevisionConflict } from '../../../src/eventstore/errors';
import { openPostgresEventStore } from '../../../src/eventstore/postgres';
import { useEmbeddedPostgres } from '../../support/postgres-database';
import { firstChainBreak, newEvent } from '../sqlite/store-fixtures';
import { pause, waitForListener, waitUntil } from './backends';
import { appendThroughFunction } from './raw-log';

const postgres = useEmbeddedPostgres();
let connectionString: string;
let writerA: EventStore;
let writerB: EventStore;

/** Two stores on one database stand for two processes: each has its own pool, head and queue. */
beforeEach(async () => {
  connectionString = await postgres.newSchema();
  writerA = await openPostgresEventStore({ connectionString });
  writerB = await openPostgresEventStore({ connectionString });
});
afterEach(async () => {
  await writerA.close();
  await writerB.close();
});

const positionsFrom1To = (count: number) => Array.from({ length: count }, (_, n) => String(n + 1));

const expectOneGaplessChain = async (store: EventStore, count: number): Promise<RecordedEvent[]> => {
  const log = await store.readAll();
  expect(log.map((event) => event.position)).toEqual(positionsFrom1To(count));
  expect(firstChainBreak(log)).toBeNull();
  const revisions = new Map<string, number[]>();
  for (const event of log) revisions.set(event.streamId, [...(revisions.get(event.streamId) ?? []), event.revision]);
  for (const [, ofStream] of revisions) expect(ofStream).toEqual(ofStream.map((_, n) => n));
  return log;
};

describe('Two writers on one PostgreSQL database', () => {
  it('take turns into one gap-free log with one intact chain, each finding the head the other left', async () => {
    for (let i = 0; i < 20; i++) {
      const writer = i % 2 === 0 ? writerA : writerB;
      await writer.appendToStream(`meeting-${i % 3}`, [newEvent('OutcomeRecorded', { i }), newEvent('OutcomeAmended', { i })]);
    }
    const log = await expectOneGaplessChain(writerB, 40);
    expect(await writerA.readAll()).toEqual(log);
  });

  it('append at the same time into one gap-free log with one intact chain', async () => {
    // Both write to shared streams (no expectation) and to their own (exact expectations), at once.
    const write = async (writer: EventStore, name: string) => {
      for (let i = 0; i < 30; i++) {
        await writer.appendToStream(`meeting-shared-${i % 2}`, [newEvent('OutcomeRecorded', { name, i })]);
        await writer.appendToStream(`meeting-${name}`, [newEvent('OutcomeRecorded', { name, i }), newEvent('OutcomeAmended', { name, i })], {
          expectedRevision: i === 0 ? 'NO_STREAM' : 2 * i - 1,
        });
      }
    };
    // Several appends of each in flight at once, too: they queue in their own process.
    await Promise.all([write(writerA, 'a'), write(writerB, 'b'), write(writerA, 'a2'), write(writerB, 'b2')]);
    const log = await expectOneGaplessChain(writerA, 4 * 30 * 3);
    expect(await writerB.readAll()).toEqual(log);
  });

  it('check the expected revision against each other’s appends', async () => {
    await writerA.appendToStream('meeting-1', [newEvent('MeetingScheduled')], { expectedRevision: 'NO_STREAM' });
    await expect(writerB.appendToStream('meeting-1', [newEvent('MeetingScheduled')], { expectedRevision: 'NO_STREAM' })).rejects.toThrow(
      StreamRevisionConflict,
    );
    await writerB.appendToStream('meeting-1', [newEvent('MeetingOpened')], { expectedRevision: 0 });
    await expect(writerA.appendToStream('meeting-1', [newEvent('MeetingClosed')], { expectedRevision: 0 })).rejects.toMatchObject({
      expected: 0,
      actual: 1,
    });
    await writerA.appendToStream('meeting-1', [newEvent('MeetingClosed')], { expectedRevision: 'STREAM_EXISTS' });
    expect(await writerB.streamRevision('meeting-1')).toBe(2);
  });

  it('let one of two racing appends with the same expected revision win', async () => {
    await writerA.appendToStream('meeting-1', [newEvent('MeetingScheduled')]);
    const attempts = await Promise.allSettled(
      [writerA, writerB, writerA, writerB].map((writer, n) =>
        writer.appendToStream('meeting-1', [newEvent('MeetingOpened', { n })], { expectedRevision: 0 }),
      ),
    );
    expect(attempts.filter((attempt) => attempt.status === 'fulfilled')).toHaveLength(1);
    for (const attempt of attempts.filter((attempt) => attempt.status === 'rejected'))
      expect((attempt as PromiseRejectedResult).reason).toBeInstanceOf(StreamRevisionConflict);
    await expectOneGaplessChain(writerB, 2);
  });

  it('share idempotency keys: the same request from both appends once, and both get its result', async () => {
    const first = await writerA.appendToStream('meeting-1', [newEvent('MeetingScheduled', {}, 'key-1')]);
    const replay = await writerB.appendToStream('meeting-1', [newEvent('MeetingScheduled', {}, 'key-1')]);
    expect(replay).toEqual({ ...first, idempotentReplay: true });

    const racing = await Promise.all(
      [writerA, writerB, writerA, writerB].map((writer) =>
        writer.appendToStream('meeting-2', [newEvent('MeetingScheduled', {}, 'key-2'), newEvent('MeetingOpened', {}, 'key-2')], {
          expectedRevision: 'NO_STREAM',
        }),
      ),
    );
    const original = racing.filter((result) => !result.idempotentReplay);
    expect(original).toHaveLength(1);
    for (const result of racing) expect(result.events).toEqual(original[0].events);
    expect(await writerB.findIdempotentAppend({ actorId: 'clerk-1', idempotencyKey: 'key-2' })).toEqual({ ...original[0], idempotentReplay: true });
    await expectOneGaplessChain(writerA, 3);
  });
});

describe('A reader of a shared PostgreSQL log', () => {
  it('never skips an event committed after one with a later position could have been', async () => {
    const holder = new Client({ connectionString });
    await holder.connect();
    const delivered: RecordedEvent[] = [];
    const subscription = writerB.subscribeToAll({}, (events) => {
      delivered.push(...events);
    });
    try {
      await writerA.appendToStream('meeting-1', [newEvent('MeetingScheduled')]);
      await waitUntil(() => delivered.length === 1, 'the first event');

      // Another process's append has taken position 2 and holds its transaction open.
      await holder.query('BEGIN');
      const [held] = await appendThroughFunction(holder, 'meeting-2', [newEvent('MeetingScheduled')]);
      expect(held.position).toBe('2');
      // An append that comes meanwhile waits for it, rather than taking position 3 and committing first.
      let late: RecordedEvent[] | undefined;
      const waiting = writerA.appendToStream('meeting-3', [newEvent('MeetingScheduled')]).then((result) => (late = result.events));
      await pause(300);
      expect(late).toBeUndefined();
      expect((await writerB.readAll()).map((event) => event.position)).toEqual(['1']);

      await holder.query('COMMIT');
      await waiting;
      expect(late?.map((event) => [event.position, event.previousHash])).toEqual([['3', held.hash]]);
      await waitUntil(() => delivered.length === 3, 'the held and the late event');
      expect(delivered.map((event) => event.position)).toEqual(['1', '2', '3']);
      await expectOneGaplessChain(writerB, 3);
    } finally {
      await subscription.stop();
      await holder.end();
    }
  });

  it('is woken by the other writer’s notification, without waiting for a poll', async () => {
    const listening = await openPostgresEventStore({ connectionString, pollIntervalMs: 600_000 });
    const delivered: RecordedEvent[] = [];
    const subscription = listening.subscribeToAll({}, (events) => {
      delivered.push(...events);
    });
    try {
      await waitForListener(connectionString);
      const { events } = await writerA.appendToStream('meeting-1', [newEvent('MeetingScheduled'), newEvent('MeetingOpened')]);
      await waitUntil(() => delivered.length === 2, 'the notified events');
      expect(delivered).toEqual(events);
    } finally {
      await subscription.stop();
      await listening.close();
    }
  });
});
