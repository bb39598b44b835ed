import type { EventStore } from '../../../src/eventstore/event-store';
import { openPostgresEventStore } from '../../../src/eventstore/postgres';
import { useEmbeddedPostgres } from '../../support/postgres-database';
import { firstChainBreak, newEvent } from '../sqlite/store-fixtures';

const postgres = useEmbeddedPostgres();
let earlier: EventStore;
let store: EventStore;

beforeEach(async () => {
  const connectionString = await postgres.newSchema();
  earlier = await openPostgresEventStore({ connectionString });
  store = await openPostgresEventStore({ connectionString });
});
afterEach(async () => {
  await earlier.close();
  await store.close();
});

/**
 * The one-event append is sent as a prepared statement the store keeps on its connection. An
 * error the server reports leaves that connection in use, so the statement must be known for what
 * it is: prepared when the server parsed it before refusing the call (even on the first call), so
 * that the next call does not prepare it again under the same name, which the server would refuse.
 */
describe('An append the server refuses', () => {
  it('names the rule it broke on the first call of a connection, and the next appends go through', async () => {
    const {
      events: [recorded],
    } = await earlier.appendToStream('meeting-1', [newEvent('MeetingScheduled')]);

    await expect(store.appendToStream('meeting-2', [{ ...newEvent('MeetingScheduled'), eventId: recorded.eventId }])).rejects.toThrow(
      /the append to meeting-2 repeats an event id/,
    );
    const next = await store.appendToStream('meeting-2', [newEvent('MeetingScheduled')], { expectedRevision: 'NO_STREAM' });
    await expect(store.appendToStream('meeting-2', [{ ...newEvent('MeetingOpened'), eventId: recorded.eventId }], { expectedRevision: 0 })).rejects.toThrow(
      /repeats an event id/,
    );
    const last = await store.appendToStream('meeting-2', [newEvent('MeetingOpened')], { expectedRevision: 0 });

    expect([next.position, last.position]).toEqual(['2', '3']);
    const log = await store.readAll();
    expect(log.map((event) => `${event.streamId}@${event.revision}`)).toEqual(['meeting-1@0', 'meeting-2@0', 'meeting-2@1']);
    expect(firstChainBreak(log)).toBeNull();
  });
});
