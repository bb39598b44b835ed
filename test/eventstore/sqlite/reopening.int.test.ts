import Database from 'better-sqlite3';
import { openSqliteEventStore } from '../../../src/eventstore/sqlite';
import { useTempDir } from '../temp-event-log';
import { appendSample, clerk, firstChainBreak, newEvent } from './store-fixtures';

const tempDir = useTempDir();

describe('Reopening the SQLite event store', () => {
  it('keeps every event, revision, idempotency key and the chain, and carries on from them', async () => {
    const file = tempDir.path('reopen.sqlite');
    const first = await openSqliteEventStore({ file, synchronous: 'FULL' });
    const recorded = await appendSample(first);
    const keyed = await first.appendToStream('meeting-1', [newEvent('OutcomeRecorded', { text: 'مصوبه' }, 'key-1')]);
    await first.close();

    const reopened = await openSqliteEventStore({ file });
    try {
      expect(await reopened.readAll()).toEqual([...recorded, ...keyed.events]);
      expect(await reopened.streamRevision('meeting-1')).toBe(3);
      expect(await reopened.streamRevision('resolution-9')).toBe(0);
      expect(await reopened.head()).toEqual({ position: '5', hash: keyed.events[0].hash });
      expect(await reopened.findIdempotentAppend({ actorId: clerk.id, idempotencyKey: 'key-1' })).toEqual({
        ...keyed,
        idempotentReplay: true,
      });
      const replay = await reopened.appendToStream('meeting-1', [newEvent('OutcomeRecorded', { text: 'مصوبه' }, 'key-1')]);
      expect(replay.idempotentReplay).toBe(true);

      const next = await reopened.appendToStream('meeting-1', [newEvent('MeetingClosed')], { expectedRevision: 3 });
      expect(next.events[0]).toMatchObject({ revision: 4, position: '6', previousHash: keyed.events[0].hash });
      expect(firstChainBreak(await reopened.readAll())).toBeNull();
    } finally {
      await reopened.close();
    }
  });

  it('fills the columns the audit log searches by: actor, entity type and id, type, recorded time', async () => {
    const file = tempDir.path('columns.sqlite');
    const store = await openSqliteEventStore({ file });
    const recorded = await appendSample(store);
    await store.appendToStream('standalone', [newEvent('Noted')]);
    await store.close();

    const db = new Database(file, { readonly: true });
    try {
      const rows = db
        .prepare('SELECT position, actor_id, entity_type, entity_id, type, recorded_at, schema_version FROM events ORDER BY position')
        .all();
      expect(rows).toEqual([
        ...recorded.map((event) => ({
          position: Number(event.position),
          actor_id: clerk.id,
          entity_type: event.streamId.split('-')[0],
          entity_id: event.streamId.split('-').slice(1).join('-'),
          type: event.type,
          recorded_at: event.recordedAt,
          schema_version: 1,
        })),
        expect.objectContaining({ entity_type: 'standalone', entity_id: 'standalone', type: 'Noted' }),
      ]);
    } finally {
      db.close();
    }
  });
});
