import { createHash } from 'node:crypto';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import Database from 'better-sqlite3';
import { DataFileUnusable, EventLogDamaged } from '../../../src/eventstore/errors';
import type { EventStore } from '../../../src/eventstore/event-store';
import { openSqliteEventStore } from '../../../src/eventstore/sqlite';
import { verifyLedger } from '../../../src/audit/integrity';
import { useTempDir } from '../temp-event-log';
import { middleLeafPage, unreadablePositions, zeroPage } from '../../support/damage';
import { dropAppendOnlyTriggers } from '../../support/raw-sqlite';
import { newEvent } from './store-fixtures';

const EVENTS = 400;
const tempDir = useTempDir('daftar-damage-');
let files = 0;

/** A log of EVENTS events with kilobyte data (a few per page), closed. */
const givenLog = async (): Promise<string> => {
  const file = tempDir.path(`events-${++files}.sqlite`);
  const store = await openSqliteEventStore({ file });
  for (let i = 1; i <= EVENTS; i++)
    await store.appendToStream(`meeting-m${i % 7}`, [newEvent('OutcomeRecorded', { text: `بند ${i} `.repeat(60) })]);
  await store.close();
  return file;
};

/** The store opened while the file was whole (start-up checks pass), then a page of events damaged under it. */
const openThenDamage = async (file: string): Promise<{ store: EventStore; unreadable: number[] }> => {
  const store = await openSqliteEventStore({ file });
  const { page, pageSize } = middleLeafPage(file, 'events');
  zeroPage(file, page, pageSize);
  return { store, unreadable: unreadablePositions(file, EVENTS) };
};

const digest = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');
const rejectionOf = (promise: Promise<unknown>) => promise.then(() => null, (error: unknown) => error);

describe('a SQLite log damaged on disk', () => {
  it('is refused at start: quick_check names the damage, and the file is left as it was', async () => {
    const file = await givenLog();
    const { page, pageSize } = middleLeafPage(file, 'events');
    zeroPage(file, page, pageSize);
    for (const companion of [`${file}-wal`, `${file}-shm`]) rmSync(companion, { force: true });
    const before = digest(file);
    const refusal = await rejectionOf(openSqliteEventStore({ file }));
    expect(digest(file)).toBe(before);
    expect(existsSync(`${file}-wal`) || existsSync(`${file}-shm`)).toBe(false);
    expect(refusal).toBeInstanceOf(DataFileUnusable);
    expect(refusal).toMatchObject({ problem: 'corrupt', file });
    expect((refusal as Error).message).toMatch(/is damaged \(SQLite's quick_check: \*\*\* in database main \*\*\* Tree \d+ page \d+: .*\): it is not served, and was left untouched/);
  });

  it('answers verifyIntegrity with ok: false at the first position it cannot read, never an error', async () => {
    const { store, unreadable } = await openThenDamage(await givenLog());
    try {
      expect(unreadable.length).toBeGreaterThan(0);
      const report = await verifyLedger(store, { batchSize: 100 });
      expect(report).toMatchObject({ ok: false, firstBrokenPosition: String(unreadable[0]), headPosition: String(unreadable[0] - 1) });
      expect(report.reason).toContain(`cannot be read at position ${unreadable[0]}`);
    } finally {
      await store.close();
    }
  });

  it('refuses an audit-log page over the damage with EVENT_LOG_DAMAGED, and serves the pages before it', async () => {
    const { store, unreadable } = await openThenDamage(await givenLog());
    try {
      // Ten events and the one read ahead to know whether a next page exists, all before the damage.
      const before = await store.queryAuditLog!({}, { first: 10, after: String(unreadable[0] - 12), defaultSize: 50 });
      expect(before.events.map((event) => Number(event.position))).toEqual(Array.from({ length: 10 }, (_, i) => unreadable[0] - 11 + i));
      const over = await rejectionOf(store.queryAuditLog!({}, { first: 50, after: String(unreadable[0] - 5), defaultSize: 50 }));
      expect(over).toBeInstanceOf(EventLogDamaged);
      expect(over).toMatchObject({ code: 'EVENT_LOG_DAMAGED' });
      expect(await rejectionOf(store.readAll({ fromPosition: String(unreadable[0] - 1), maxCount: 5 }))).toBeInstanceOf(EventLogDamaged);
    } finally {
      await store.close();
    }
  });

  it('names the event whose stored JSON no longer parses', async () => {
    const file = await givenLog();
    const db = new Database(file);
    dropAppendOnlyTriggers(db);
    db.prepare(`UPDATE events SET data = substr(data, 1, 40) WHERE position = 123`).run();
    db.close();
    const store = await openSqliteEventStore({ file });
    try {
      const damage = await rejectionOf(store.readAll({ fromPosition: '100', maxCount: 50 }));
      expect(damage).toBeInstanceOf(EventLogDamaged);
      expect((damage as Error).message).toContain('the event at position 123 is damaged: its data is no longer the JSON that was recorded');
      expect(await verifyLedger(store, { batchSize: 50 })).toMatchObject({ ok: false, firstBrokenPosition: '123', headPosition: '122' });
    } finally {
      await store.close();
    }
  });

  it('never hands over a page of the whole log with a position missing', async () => {
    const file = await givenLog();
    const db = new Database(file);
    dropAppendOnlyTriggers(db);
    db.prepare('DELETE FROM events WHERE position = 200').run();
    db.close();
    const store = await openSqliteEventStore({ file });
    try {
      const gap = await rejectionOf(store.queryAuditLog!({}, { first: 20, after: '190', defaultSize: 50 }));
      expect(gap).toBeInstanceOf(EventLogDamaged);
      expect((gap as Error).message).toContain('position 200 is missing between 199 and 201');
      expect(await rejectionOf(store.queryAuditLog!({}, { last: 20, before: '210', defaultSize: 50 }))).toBeInstanceOf(EventLogDamaged);
      // A filtered page has gaps by nature; the missing event is the chain's to find.
      expect((await store.queryAuditLog!({ entityType: 'meeting' }, { first: 20, after: '190', defaultSize: 50 })).events).toHaveLength(20);
    } finally {
      await store.close();
    }
  });
});

