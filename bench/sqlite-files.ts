import { existsSync, rmSync } from 'node:fs';
import Database from 'better-sqlite3';

/** A SQLite file with its -wal and -shm, gone. */
export const removeDatabase = (file: string): void => {
  for (const suffix of ['', '-wal', '-shm']) rmSync(file + suffix, { force: true });
};

/** How many events a log file holds (0 when there is none): a bench reuses a log that is large enough. */
export const eventCountOf = (file: string): number => {
  if (!existsSync(file)) return 0;
  const db = new Database(file, { readonly: true });
  try {
    return (db.prepare('SELECT count(*) FROM events').pluck().get() as number) ?? 0;
  } finally {
    db.close();
  }
};
