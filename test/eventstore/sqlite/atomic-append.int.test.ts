import { openSqliteEventStore } from '../../../src/eventstore/sqlite';
import type { EventStore } from '../../../src/eventstore/event-store';
import { useTempDir } from '../temp-event-log';
import { newEvent } from './store-fixtures';

const tempDir = useTempDir();
let store: EventStore;
let files = 0;

beforeEach(async () => {
  store = await openSqliteEventStore({ file: tempDir.path(`atomic-${++files}.sqlite`) });
});
afterEach(() => store.close());

describe('An append that fails inside its transaction', () => {
  it('rolls back the events it had already inserted when a later one repeats a recorded event id', async () => {
    const { events } = await store.appendToStream('meeting-1', [newEvent('MeetingScheduled')]);
    const headBefore = await store.head();

    await expect(
      store.appendToStream('resolution-1', [
        newEvent('ResolutionProposed'),
        newEvent('ResolutionAdopted'),
        { ...newEvent('ResolutionReferred'), eventId: events[0].eventId },
      ]),
    ).rejects.toThrow(/repeats an event id/);

    expect(await store.readStream('resolution-1')).toEqual([]);
    expect(await store.streamRevision('resolution-1')).toBeNull();
    expect(await store.head()).toEqual(headBefore);
    expect(await store.readAll()).toEqual(events);
  });

  it('rolls back when two events of one append share an id', async () => {
    const eventId = '01950000-0000-7000-8000-000000000001';
    await expect(
      store.appendToStream('meeting-2', [
        { ...newEvent('MeetingScheduled'), eventId },
        { ...newEvent('ParticipantAdded'), eventId },
      ]),
    ).rejects.toThrow(/repeats an event id/);
    expect(await store.readAll()).toEqual([]);
  });

  it('keeps the idempotency key unused when the append is rolled back', async () => {
    await store.appendToStream('meeting-3', [newEvent('MeetingScheduled')]);
    await expect(
      store.appendToStream('meeting-3', [newEvent('ParticipantAdded', {}, 'key-9')], { expectedRevision: 'NO_STREAM' }),
    ).rejects.toThrow(/expected NO_STREAM/);
    expect(await store.findIdempotentAppend({ actorId: 'clerk-1', idempotencyKey: 'key-9' })).toBeNull();
    const retried = await store.appendToStream('meeting-3', [newEvent('ParticipantAdded', {}, 'key-9')], { expectedRevision: 0 });
    expect(retried.idempotentReplay).toBe(false);
  });
});
