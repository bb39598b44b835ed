import { existsSync, statSync } from 'node:fs';
import Database from 'better-sqlite3';
import type { Logger } from 'pino';
import { DataFileUnusable, EventStoreUnavailable } from '../errors';
import { assertDatabaseWritable, leavingNothingBehindOnRefusal } from '../data-dir';
import { fileProblemOf, refusalOf } from '../file-problems';
import { LATEST_SCHEMA_VERSION, migrate, schemaVersionOf } from './schema';

export type SqliteSynchronous = 'NORMAL' | 'FULL';

/** How long a writer waits for another process's write transaction before giving up. */
const BUSY_TIMEOUT_MS = 5_000;

/** How many of quick_check's findings a refusal quotes. */
const QUICK_CHECK_FINDINGS = 3;

const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));

const THE_LOG = 'the event log';

/**
 * SQLite's structural check of every page of the file (b-trees, free list, record formats; not
 * the index-against-table comparison of integrity_check): a damaged page is found before the log
 * is served or appended to, not when a reader stumbles on it. The content of an event is the hash
 * chain's to check (audit/chain-watch.ts).
 */
const assertStructureIntact = (db: Database.Database, file: string): void => {
  const findings = (db.pragma(`quick_check(${QUICK_CHECK_FINDINGS})`) as { quick_check: string }[]).map((row) => row.quick_check.replace(/\s+/g, ' '));
  if (findings.length === 1 && findings[0] === 'ok') return;
  throw new DataFileUnusable(
    file,
    'corrupt',
    `${THE_LOG} ${file} is damaged (SQLite's quick_check: ${findings.join('; ')}): it is not served, and was left untouched; ` +
      'restore it from a backup (an export or a copy), then start again',
  );
};

/**
 * An existing file is first looked at through a read-only connection: a corrupt or foreign file
 * is refused without being written to (a read-write connection would switch it to WAL at once).
 */
const inspectExistingFile = (file: string): void => {
  if (!existsSync(file)) return;
  if (!statSync(file).isFile()) throw new EventStoreUnavailable(`${file} is not a file: the event store cannot be opened`);
  let probe: Database.Database | undefined;
  try {
    probe = new Database(file, { readonly: true, fileMustExist: true });
    if (schemaVersionOf(probe, file) > 0) assertStructureIntact(probe, file);
  } catch (error) {
    if (error instanceof EventStoreUnavailable) throw error;
    const found = fileProblemOf(error);
    if (found && found.problem !== 'corrupt') throw refusalOf(THE_LOG, file, error);
    throw new DataFileUnusable(file, 'corrupt', `${file} is not a readable SQLite database (${messageOf(error)}): it was left untouched`, {
      cause: error,
    });
  } finally {
    probe?.close();
  }
};

/** Opens (creating when absent) the event log: WAL, the chosen durability, the latest schema. */
export const openDatabase = (file: string, synchronous: SqliteSynchronous, logger?: Logger): Database.Database => {
  if (synchronous !== 'NORMAL' && synchronous !== 'FULL')
    throw new EventStoreUnavailable(`SQLite synchronous must be NORMAL or FULL, got ${String(synchronous)}`);
  return leavingNothingBehindOnRefusal(file, () => {
    assertDatabaseWritable(THE_LOG, file);
    inspectExistingFile(file);
    let db: Database.Database;
    try {
      db = new Database(file, { timeout: BUSY_TIMEOUT_MS });
    } catch (error) {
      const refusal = refusalOf(THE_LOG, file, error);
      if (refusal !== error) throw refusal;
      throw new EventStoreUnavailable(`the event store ${file} cannot be opened: ${messageOf(error)}`, { cause: error });
    }
    try {
      const journalMode = db.pragma('journal_mode = WAL', { simple: true });
      if (journalMode !== 'wal') throw new Error(`journal_mode stayed ${String(journalMode)}`);
      db.pragma(`synchronous = ${synchronous}`);
      migrate(db, file, logger);
      return db;
    } catch (error) {
      db.close();
      if (error instanceof EventStoreUnavailable) throw error;
      const refusal = refusalOf(THE_LOG, file, error);
      if (refusal !== error) throw refusal;
      throw new EventStoreUnavailable(`the event store ${file} cannot be prepared: ${messageOf(error)}`, { cause: error });
    }
  });
};

/**
 * The log opened for reading only (export, replay), beside a server that may be appending: no
 * migration, no journal-mode change, no quick_check (a damaged page is reported by the read that
 * meets it). A file of an older schema is read as it is; a missing or foreign one is refused.
 */
export const openDatabaseReadOnly = (file: string): Database.Database => {
  if (!existsSync(file)) throw new DataFileUnusable(file, 'missing', `${THE_LOG} ${file} does not exist: there is nothing to read`);
  let db: Database.Database;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true, timeout: BUSY_TIMEOUT_MS });
  } catch (error) {
    throw refusalOf(THE_LOG, file, error);
  }
  try {
    const version = schemaVersionOf(db, file);
    if (version === 0 || version > LATEST_SCHEMA_VERSION)
      throw new DataFileUnusable(file, 'not-usable', `${THE_LOG} ${file} holds no Daftar events yet: there is nothing to read`);
    return db;
  } catch (error) {
    db.close();
    throw refusalOf(THE_LOG, file, error);
  }
};
