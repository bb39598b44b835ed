import { openSqliteEventStore } from '../../../src/eventstore/sqlite';
import type { EventStore, RecordedEvent } from '../../../src/eventstore/event-store';
import { StreamRevisionConflict } from '../../../src/eventstore/errors';
import { useTempDir } from '../temp-event-log';
import { firstChainBreak, newEvent } from './store-fixtures';

const tempDir = useTempDir();
let files = 0;
let writerA: EventStore;
let writerB: EventStore;

/** Two stores on one file stand for two processes: each has its own connection and its own statements. */
beforeEach(async () => {
  const file = tempDir.path(`shared-${++files}.sqlite`);
  writerA = await openSqliteEventStore({ file });
  writerB = await openSqliteEventStore({ file });
});
afterEach(async () => {
  await writerA.close();
  await writerB.close();
});

describe('Two connections on one SQLite file', () => {
  it('check the expected revision against each other’s appends', async () => {
    await writerA.appendToStream('meeting-1', [newEvent('MeetingScheduled')], { expectedRevision: 'NO_STREAM' });
    await expect(
      writerB.appendToStream('meeting-1', [newEvent('MeetingScheduled')], { expectedRevision: 'NO_STREAM' }),
    ).rejects.toThrow(StreamRevisionConflict);
    await writerB.appendToStream('meeting-1', [newEvent('MeetingOpened')], { expectedRevision: 0 });
    await expect(
      writerA.appendToStream('meeting-1', [newEvent('MeetingClosed')], { expectedRevision: 0 }),
    ).rejects.toMatchObject({ expected: 0, actual: 1 });
  });

  it('interleave into one gapless log with one intact chain', async () => {
    for (let i = 0; i < 20; i++) {
      const writer = i % 2 === 0 ? writerA : writerB;
      await writer.appendToStream(`meeting-${i % 3}`, [newEvent('OutcomeRecorded', { i }), newEvent('OutcomeAmended', { i })]);
    }
    const log = await writerB.readAll();
    expect(log.map((event) => event.position)).toEqual(Array.from({ length: 40 }, (_, n) => String(n + 1)));
    expect(firstChainBreak(log)).toBeNull();
    expect(await writerA.readAll()).toEqual(log);
  });

  it('share idempotency keys', async () => {
    const first = await writerA.appendToStream('meeting-1', [newEvent('MeetingScheduled', {}, 'key-1')]);
    const replay = await writerB.appendToStream('meeting-1', [newEvent('MeetingScheduled', {}, 'key-1')]);
    expect(replay).toEqual({ ...first, idempotentReplay: true });
  });

  it('let a subscription on one see the appends of the other', async () => {
    const delivered: RecordedEvent[] = [];
    const subscription = writerB.subscribeToAll({}, (events) => {
      delivered.push(...events);
    });
    try {
      const { events } = await writerA.appendToStream('meeting-1', [newEvent('MeetingScheduled'), newEvent('MeetingOpened')]);
      const deadline = Date.now() + 20_000;
      while (delivered.length < 2 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
      expect(delivered).toEqual(events);
    } finally {
      await subscription.stop();
    }
  });
});
