import Database from 'better-sqlite3';
import { storageFailureReasonOf, storageUnavailable } from '../../src/core/storage-failure';

const sqliteError = (code: string) => Object.assign(new Error('sqlite says no'), { code });

describe('what a SQLite error says about the disk under a store', () => {
  it.each([
    ['SQLITE_FULL', 'STORAGE_FULL'],
    ['SQLITE_READONLY', 'STORAGE_READ_ONLY'],
    ['SQLITE_READONLY_DBMOVED', 'STORAGE_READ_ONLY'],
    ['SQLITE_BUSY_SNAPSHOT', 'STORAGE_BUSY'],
    ['SQLITE_LOCKED', 'STORAGE_BUSY'],
    ['SQLITE_IOERR_WRITE', 'STORAGE_IO_ERROR'],
    ['SQLITE_CORRUPT', 'STORAGE_CORRUPT'],
    ['SQLITE_NOTADB', 'STORAGE_CORRUPT'],
    ['SQLITE_CANTOPEN', 'STORAGE_UNREACHABLE'],
  ])('%s is %s', (code, reason) => {
    expect(storageFailureReasonOf(sqliteError(code))).toBe(reason);
    expect(storageFailureReasonOf(new Error('wrapped', { cause: sqliteError(code) }))).toBe(reason);
  });

  it.each([
    ['53100', 'STORAGE_FULL'],
    ['25006', 'STORAGE_READ_ONLY'],
    ['40001', 'STORAGE_BUSY'],
    ['58030', 'STORAGE_IO_ERROR'],
    ['XX001', 'STORAGE_CORRUPT'],
    ['08006', 'STORAGE_UNREACHABLE'],
    ['57P01', 'STORAGE_UNREACHABLE'],
    ['ECONNREFUSED', 'STORAGE_UNREACHABLE'],
  ])('PostgreSQL or the network: %s is %s', (code, reason) => {
    expect(storageFailureReasonOf(new Error('PostgreSQL at postgres://u:***@db/daftar cannot be used', { cause: sqliteError(code) }))).toBe(reason);
  });

  it('names no reason for an error that names none, unless the caller knows one', () => {
    expect(storageUnavailable(new Error('the event store at db:5432 is closed'), 'the event store')).toBeNull();
    const refusal = storageUnavailable(new Error('the event store at db:5432 is closed'), 'the event store', 'try again later', 'STORAGE_UNREACHABLE');
    expect(refusal).toMatchObject({ reason: 'STORAGE_UNREACHABLE', message: 'the event store cannot be used: it cannot be reached or opened; try again later' });
  });

  it('leaves every other error to be a fault: constraints, misuse, errors without a code', () => {
    for (const error of [sqliteError('SQLITE_CONSTRAINT_UNIQUE'), sqliteError('SQLITE_ERROR'), sqliteError('ENOENT'), sqliteError('23505'), sqliteError('EPERM'), new Error('x'), null, 'text'])
      expect(storageFailureReasonOf(error)).toBeNull();
  });

  it('reads the code better-sqlite3 itself sets, and says what the client may rely on', () => {
    const db = new Database(':memory:');
    db.exec('CREATE TABLE t (x)');
    db.pragma(`max_page_count = ${db.pragma('page_count', { simple: true }) as number}`);
    let thrown: unknown;
    try {
      db.transaction(() => {
        for (let n = 0; n < 10_000; n++) db.prepare('INSERT INTO t VALUES (?)').run('x'.repeat(1000));
      })();
    } catch (error) {
      thrown = error;
    }
    expect(storageUnavailable(thrown, 'the event store', 'nothing was recorded')).toMatchObject({
      code: 'SERVICE_UNAVAILABLE',
      reason: 'STORAGE_FULL',
      message: 'the event store cannot be used: its disk is full; nothing was recorded',
      extensions: { reason: 'STORAGE_FULL', retryAfterSeconds: 5 },
    });
    expect(db.prepare('SELECT count(*) FROM t').pluck().get()).toBe(0);
    db.close();
  });
});
