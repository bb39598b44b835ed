import Database from 'better-sqlite3';
import type { AuditLogFilter, NewEvent, RecordedEvent } from '../../../src/eventstore/event-store';
import { createMemoryEventStore } from '../../../src/eventstore/memory';
import { LATEST_SCHEMA_VERSION, openSqliteEventStore } from '../../../src/eventstore/sqlite';
import { migrate } from '../../../src/eventstore/sqlite/schema';
import { prepareStatements } from '../../../src/eventstore/sqlite/statements';
import { rowParamsOf } from '../../../src/eventstore/sqlite/event-row';
import { useTempDir } from '../temp-event-log';
import { appendSample, firstChainBreak, newEvent } from './store-fixtures';

const tempDir = useTempDir();

const schemaOf = (file: string) => {
  const db = new Database(file, { readonly: true });
  try {
    return {
      version: db.pragma('user_version', { simple: true }),
      objects: db.prepare(`SELECT type, name, tbl_name, sql FROM sqlite_schema ORDER BY name`).all(),
    };
  } finally {
    db.close();
  }
};

/** A file as Daftar left it at an older schema version, holding these events, written row by row as its appends did. */
const olderFile = (file: string, events: RecordedEvent[], version = 1) => {
  const db = new Database(file);
  try {
    db.pragma('journal_mode = WAL');
    migrate(db, file, undefined, version);
    const { insertEvent } = prepareStatements(db);
    for (const event of events) insertEvent.run(rowParamsOf(event));
  } finally {
    db.close();
  }
};

describe('Upgrading a SQLite event store file', () => {
  it('brings a version-1 file to the schema of a new file, every event kept, the audit log answered through the new index', async () => {
    const original = createMemoryEventStore();
    await appendSample(original);
    await original.appendToStream('organization-o1', [newEvent('OrganizationRegistered'), newEvent('OrganizationRenamed')]);
    await original.appendToStream('meeting-o1', [newEvent('MeetingScheduled')]);
    const events = await original.readAll();
    const file = tempDir.path('version-1.sqlite');
    olderFile(file, events);
    expect(schemaOf(file).version).toBe(1);
    expect(schemaOf(file).objects).toContainEqual(expect.objectContaining({ name: 'events_by_entity' }));

    const upgraded = await openSqliteEventStore({ file });
    try {
      const fresh = tempDir.path('new.sqlite');
      await (await openSqliteEventStore({ file: fresh })).close();
      expect(LATEST_SCHEMA_VERSION).toBe(4);
      expect(schemaOf(file)).toEqual(schemaOf(fresh));

      expect(await upgraded.readAll()).toEqual(events);
      const filters: AuditLogFilter[] = [{}, { entityType: 'meeting' }, { entityId: 'o1' }, { entityId: '1', entityType: 'meeting' }, { types: ['MeetingScheduled'] }];
      for (const filter of filters)
        expect(await upgraded.queryAuditLog!(filter, { defaultSize: 50 })).toEqual(await original.queryAuditLog!(filter, { defaultSize: 50 }));

      const next = await upgraded.appendToStream('meeting-1', [newEvent('MeetingClosed')]);
      expect(next.events[0]).toMatchObject({ position: String(events.length + 1), revision: 3, previousHash: events[events.length - 1].hash });
      expect(firstChainBreak(await upgraded.readAll())).toBeNull();
      expect((await upgraded.queryAuditLog!({ entityType: 'meeting' }, { last: 1, defaultSize: 50 })).events).toEqual(next.events);
    } finally {
      await upgraded.close();
      await original.close();
    }
  });

  it('gives a version-2 file the triggers that refuse changing or removing an event, every event kept', async () => {
    const original = createMemoryEventStore();
    await appendSample(original);
    const events = await original.readAll();
    const file = tempDir.path('version-2.sqlite');
    olderFile(file, events, 2);
    const changeAnEvent = () => {
      const db = new Database(file);
      try {
        return [
          () => db.prepare(`UPDATE events SET data = '{}' WHERE position = 2`).run(),
          () => db.prepare('DELETE FROM events WHERE position = 2').run(),
        ].map((change) => {
          try {
            change();
            return 'done';
          } catch (error) {
            return (error as Error).message;
          }
        });
      } finally {
        db.close();
      }
    };

    const upgraded = await openSqliteEventStore({ file });
    await upgraded.close();
    expect(schemaOf(file).version).toBe(LATEST_SCHEMA_VERSION);
    expect(changeAnEvent()).toEqual([
      'events are never changed: the log is append-only',
      'events are never deleted: the log is append-only',
    ]);
    const reopened = await openSqliteEventStore({ file });
    try {
      expect(await reopened.readAll()).toEqual(events);
    } finally {
      await reopened.close();
      await original.close();
    }
  });

  it('indexes a version-3 file by business time in place, every event kept, and filters on it', async () => {
    const original = createMemoryEventStore();
    const happened = (type: string, occurredAt: string): NewEvent => ({ ...newEvent(type), metadata: { ...newEvent(type).metadata, occurredAt } });
    await original.appendToStream('organization-o1', [happened('OrganizationRegistered', '2016-08-22T10:00:00.000Z')]);
    await original.appendToStream('organization-o1', [happened('OrganizationRenamed', '2025-03-21T08:30:00.000Z')]);
    await original.appendToStream('meeting-m1', [happened('MeetingScheduled', '2016-03-20T20:30:00.000Z')]);
    const events = await original.readAll();
    const file = tempDir.path('version-3.sqlite');
    olderFile(file, events, 3);
    expect(schemaOf(file).objects).not.toContainEqual(expect.objectContaining({ name: 'events_by_occurred_at' }));

    const upgraded = await openSqliteEventStore({ file });
    try {
      expect(schemaOf(file).version).toBe(4);
      expect(schemaOf(file).objects).toContainEqual(expect.objectContaining({ name: 'events_by_occurred_at' }));
      expect(await upgraded.readAll()).toEqual(events);
      const inYear1395 = { occurredFrom: '2016-03-19T20:30:00.000Z', occurredTo: '2017-03-20T20:29:59.999Z' };
      const page = await upgraded.queryAuditLog!(inYear1395, { defaultSize: 50 });
      expect(page.events.map((event) => event.type)).toEqual(['OrganizationRegistered', 'MeetingScheduled']);
      expect(page).toEqual(await original.queryAuditLog!(inYear1395, { defaultSize: 50 }));
    } finally {
      await upgraded.close();
      await original.close();
    }
  });
});
