import { existsSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { openEventStore, SQLITE_EVENT_LOG_FILE } from '../../src/eventstore/open-event-store';
import { DAFTAR_APPLICATION_ID } from '../../src/eventstore/sqlite';
import { useTempDir } from './temp-event-log';

const tempDir = useTempDir();

describe('openEventStore', () => {
  it('without a connection string opens SQLite at <dataDir>/events.sqlite, creating the directory', async () => {
    const dataDir = tempDir.path('nested/data');
    const store = await openEventStore({ dataDir, sqliteSynchronous: 'FULL' });
    try {
      expect(store.name).toBe('sqlite');
      await store.appendToStream('meeting-1', [
        { type: 'MeetingScheduled', data: {}, metadata: { occurredAt: '2025-01-01T00:00:00.000Z', actor: { id: 'u1', name: 'منشی', role: 'CLERK' } } },
      ]);
    } finally {
      await store.close();
    }
    const file = join(dataDir, SQLITE_EVENT_LOG_FILE);
    expect(existsSync(file)).toBe(true);
    const db = new Database(file, { readonly: true });
    try {
      expect(db.pragma('application_id', { simple: true })).toBe(DAFTAR_APPLICATION_ID);
      expect(db.prepare('SELECT count(*) FROM events').pluck().get()).toBe(1);
    } finally {
      db.close();
    }
  });
});
