import type { Clock } from '../../../src/core/clock';
import { openSqliteEventStore } from '../../../src/eventstore/sqlite';
import { useTempDir } from '../temp-event-log';
import { newEvent } from './store-fixtures';

const tempDir = useTempDir();

/** A clock a test moves by hand, backwards too. */
const handClock = (start: string): Clock & { set(at: string): void } => {
  let now = new Date(start);
  return { now: () => new Date(now), set: (at) => (now = new Date(at)) };
};

describe('recordedAt in the SQLite store', () => {
  it('is the store’s clock, and when the clock steps back the last recorded time is reused', async () => {
    const clock = handClock('2026-03-20T10:00:00.000Z');
    const store = await openSqliteEventStore({ file: tempDir.path('clock.sqlite'), clock });
    try {
      const recordedAt = async () => (await store.appendToStream('meeting-1', [newEvent('OutcomeRecorded')])).events[0].recordedAt;
      expect(await recordedAt()).toBe('2026-03-20T10:00:00.000Z');
      clock.set('2026-03-20T09:59:00.000Z');
      expect(await recordedAt()).toBe('2026-03-20T10:00:00.000Z');
      clock.set('2026-03-20T10:00:00.001Z');
      expect(await recordedAt()).toBe('2026-03-20T10:00:00.001Z');
    } finally {
      await store.close();
    }
  });

  it('takes the last recorded time from the file, so a restart with a slow clock cannot go back either', async () => {
    const file = tempDir.path('restart.sqlite');
    const fast = await openSqliteEventStore({ file, clock: handClock('2026-03-20T12:00:00.000Z') });
    await fast.appendToStream('meeting-1', [newEvent('MeetingScheduled')]);
    await fast.close();

    const slow = await openSqliteEventStore({ file, clock: handClock('2026-03-20T11:00:00.000Z') });
    try {
      const { events } = await slow.appendToStream('meeting-1', [newEvent('MeetingOpened')]);
      expect(events[0].recordedAt).toBe('2026-03-20T12:00:00.000Z');
      expect(await slow.readAll({ untilRecordedAt: '2026-03-20T11:30:00Z' })).toEqual([]);
      expect(await slow.readAll({ untilRecordedAt: '2026-03-20T12:00:00Z' })).toHaveLength(2);
    } finally {
      await slow.close();
    }
  });
});
