import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import Database from 'better-sqlite3';
import { EventStoreUnavailable } from '../../../src/eventstore/errors';
import { openSqliteEventStore, DAFTAR_APPLICATION_ID, LATEST_SCHEMA_VERSION } from '../../../src/eventstore/sqlite';
import { openDatabase } from '../../../src/eventstore/sqlite/open-database';
import { useTempDir } from '../temp-event-log';

const tempDir = useTempDir();
let files = 0;
const freshPath = (name: string) => tempDir.path(`${++files}-${name}`);

const digest = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

const withRawDatabase = (file: string, work: (db: Database.Database) => void) => {
  const db = new Database(file);
  try {
    work(db);
  } finally {
    db.close();
  }
};

/**
 * Opening must refuse the file with a message naming it and write nothing: the file keeps every byte
 * and no journal gets content (a read-only look at a WAL file may leave an empty -wal beside it).
 */
const expectRefusedUntouched = async (file: string, reason: RegExp) => {
  const before = digest(file);
  const refusal = await openSqliteEventStore({ file }).then(
    () => null,
    (error: unknown) => error,
  );
  expect(refusal).toBeInstanceOf(EventStoreUnavailable);
  expect((refusal as Error).message).toContain(file);
  expect((refusal as Error).message).toMatch(reason);
  expect(digest(file)).toBe(before);
  expect(existsSync(`${file}-wal`) ? statSync(`${file}-wal`).size : 0).toBe(0);
  expect(existsSync(`${file}-journal`)).toBe(false);
};

describe('Opening the SQLite event store', () => {
  it('creates a new file marked as Daftar’s, at the latest schema version, in WAL mode', async () => {
    const file = freshPath('new.sqlite');
    const store = await openSqliteEventStore({ file });
    await store.close();
    withRawDatabase(file, (db) => {
      expect(db.pragma('application_id', { simple: true })).toBe(DAFTAR_APPLICATION_ID);
      expect(db.pragma('user_version', { simple: true })).toBe(LATEST_SCHEMA_VERSION);
      expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    });
  });

  it('sets the chosen durability on its connection: NORMAL by default, FULL when asked', () => {
    const synchronousOf = (db: Database.Database) => db.pragma('synchronous', { simple: true });
    const normal = openDatabase(freshPath('normal.sqlite'), 'NORMAL');
    const full = openDatabase(freshPath('full.sqlite'), 'FULL');
    try {
      expect(synchronousOf(normal)).toBe(1);
      expect(synchronousOf(full)).toBe(2);
    } finally {
      normal.close();
      full.close();
    }
  });

  it('opens an empty (0-byte) file as a new store', async () => {
    const file = freshPath('empty.sqlite');
    writeFileSync(file, '');
    const store = await openSqliteEventStore({ file });
    expect(await store.head()).toBeNull();
    await store.close();
  });

  it('refuses a file of random bytes', async () => {
    const file = freshPath('random.sqlite');
    writeFileSync(file, randomBytes(64 * 1024));
    await expectRefusedUntouched(file, /not a readable SQLite database/);
  });

  it('refuses a text file', async () => {
    const file = freshPath('notes.sqlite');
    writeFileSync(file, 'دفتر یادداشت\n'.repeat(500));
    await expectRefusedUntouched(file, /not a readable SQLite database/);
  });

  it('refuses an event store whose header is damaged', async () => {
    const file = freshPath('damaged.sqlite');
    const store = await openSqliteEventStore({ file });
    await store.close();
    const bytes = readFileSync(file);
    bytes.fill(0x5a, 0, 16);
    writeFileSync(file, bytes);
    await expectRefusedUntouched(file, /not a readable SQLite database/);
  });

  it('refuses a SQLite file of another application (tables, no application id)', async () => {
    const file = freshPath('foreign-tables.sqlite');
    withRawDatabase(file, (db) => db.exec(`CREATE TABLE invoices (id INTEGER PRIMARY KEY, total TEXT); INSERT INTO invoices (total) VALUES ('۱۲۰۰')`));
    await expectRefusedUntouched(file, /another application/);
  });

  it('refuses a SQLite file with another application id, even with no tables', async () => {
    const file = freshPath('foreign-id.sqlite');
    withRawDatabase(file, (db) => db.pragma('application_id = 1234567'));
    await expectRefusedUntouched(file, /another application \(SQLite application_id 1234567\)/);
  });

  it('refuses an event store of a newer schema version than it knows', async () => {
    const file = freshPath('newer.sqlite');
    const store = await openSqliteEventStore({ file });
    await store.close();
    withRawDatabase(file, (db) => db.pragma(`user_version = ${LATEST_SCHEMA_VERSION + 1}`));
    await expectRefusedUntouched(file, /newer than this Daftar knows/);
  });

  it('refuses a path in a directory that does not exist, or a directory', async () => {
    const missing = tempDir.path('no-such-dir/events.sqlite');
    await expect(openSqliteEventStore({ file: missing })).rejects.toThrow(EventStoreUnavailable);
    await expect(openSqliteEventStore({ file: missing })).rejects.toThrow(missing);
    const directory = freshPath('a-directory');
    mkdirSync(directory);
    await expect(openSqliteEventStore({ file: directory })).rejects.toThrow(/is not a file/);
  });
});
