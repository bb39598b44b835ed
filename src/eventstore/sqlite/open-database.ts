import { existsSync, statSync } from 'node:fs';
import Database from 'better-sqlite3';
import type { Logger } from 'pino';
import { EventStoreUnavailable } from '../errors';
import { migrate, schemaVersionOf } from './schema';

export type SqliteSynchronous = 'NORMAL' | 'FULL';

/** How long a writer waits for another process's write transaction before giving up. */
const BUSY_TIMEOUT_MS = 5_000;

const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));

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
    schemaVersionOf(probe, file);
  } catch (error) {
    if (error instanceof EventStoreUnavailable) throw error;
    throw new EventStoreUnavailable(`${file} is not a readable SQLite database (${messageOf(error)}): it was left untouched`, {
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
  inspectExistingFile(file);
  let db: Database.Database;
  try {
    db = new Database(file, { timeout: BUSY_TIMEOUT_MS });
  } catch (error) {
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
    throw new EventStoreUnavailable(`the event store ${file} cannot be prepared: ${messageOf(error)}`, { cause: error });
  }
};
