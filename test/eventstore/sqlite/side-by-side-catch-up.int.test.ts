import { openSqliteEventStore } from '../../../src/eventstore/sqlite';
import type { EventStore, RecordedEvent } from '../../../src/eventstore/event-store';
import { useTempDir } from '../temp-event-log';
import { newEvent } from './store-fixtures';

const tempDir = useTempDir();

/** Subscribes from `fromPosition` and resolves with the batches handed over once `count` events have come. */
const catchUp = (store: EventStore, count: number, fromPosition?: string): Promise<RecordedEvent[][]> =>
  new Promise((resolve) => {
    const batches: RecordedEvent[][] = [];
    let seen = 0;
    const subscription = store.subscribeToAll({ fromPosition }, (events) => {
      batches.push(events);
      seen += events.length;
      if (seen >= count) void subscription.stop().then(() => resolve(batches));
    });
  });

describe('Catch-up subscriptions of one SQLite store side by side', () => {
  it('are handed the full batch the other has just read, and each its own events from where it starts', async () => {
    const store = await openSqliteEventStore({ file: tempDir.path('side-by-side.sqlite') });
    for (let append = 0; append < 90; append++)
      await store.appendToStream(`meeting-${append % 7}`, Array.from({ length: 50 }, (_, i) => newEvent('OutcomeRecorded', { append, i })));
    const log = await store.readAll();

    // As the projection runner and the snapshot builder do after a start from empty files.
    const [runner, builder] = await Promise.all([catchUp(store, 4_500), catchUp(store, 4_500)]);
    expect(runner.flat()).toEqual(log);
    expect(builder.flat()).toEqual(log);
    expect(runner.map((batch) => batch.length)).toEqual([2_000, 2_000, 500]);
    // The full batches were read once: the second subscription got the very events the first read.
    for (const batch of [0, 1]) expect(builder[batch].every((event, i) => event === runner[batch][i])).toBe(true);

    // A subscription from elsewhere is not handed a batch read from another position.
    const later = await catchUp(store, 3_500, '1000');
    expect(later.flat()).toEqual(log.slice(1_000));
    await store.close();
  });
});
