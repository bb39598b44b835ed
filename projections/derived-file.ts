import { existsSync, renameSync } from 'node:fs';
import Database from 'better-sqlite3';
import type { Logger } from '../src/logger';
import { assertDatabaseWritable, leavingNothingBehindOnRefusal, sqliteFilesOf } from '../src/eventstore/data-dir';
import { fileProblemOf, refusalOf } from '../src/eventstore/file-problems';

/**
 * The most of its -wal a derived file keeps on disk once a checkpoint has copied it all in. A
 * bulk write (a text index built again at an upgrade, a snapshot sealed) grows the -wal by
 * hundreds of megabytes, and SQLite leaves it that long until the last connection closes: at a
 * million events the read models' -wal stayed at 560 MiB beside a 2.4 GiB file. Day to day it
 * stays near 4 MiB (a checkpoint every 1,000 pages), under the limit.
 */
export const WAL_KEPT_BYTES = 64 * 1024 * 1024;

/** A derived file found damaged at start: where it went, and why. */
export interface Discarded {
  file: string;
  movedTo: string;
  reason: string;
  at: string;
}

/**
 * What is wrong with the file, or null when SQLite can read its header and schema (or it is
 * absent): the check a start can afford. The pages beyond are read by SQLite's quick_check on a
 * thread of its own once the server is up (quickCheckInWorker), seconds per gigabyte.
 */
const unreadableAsDatabase = (file: string): string | null => {
  if (!existsSync(file)) return null;
  let probe: Database.Database | undefined;
  try {
    probe = new Database(file, { readonly: true, fileMustExist: true });
    probe.prepare('SELECT count(*) FROM sqlite_schema').get();
    return null;
  } catch (error) {
    if (fileProblemOf(error)?.problem === 'corrupt') return (error as Error).message;
    throw error;
  } finally {
    probe?.close();
  }
};

/** The file and its -wal and -shm, renamed side by side: kept for a post-mortem, never read again. */
export const moveAside = (file: string): string => {
  const movedTo = `${file}.damaged-${new Date().toISOString().replace(/[:.]/g, '-')}`;
  for (const part of sqliteFilesOf(file)) if (existsSync(part)) renameSync(part, `${movedTo}${part.slice(file.length)}`);
  return movedTo;
};

/**
 * A derived file found damaged while it is served: its connection closed (a damaged file may refuse
 * even that; it is set aside all the same), the file moved aside, and `open` starting an empty one
 * in its place. Returns where the damaged file went.
 */
export const replaceDamagedFile = (file: string, close: () => void, open: () => void): string => {
  try {
    close();
  } catch {
    // moved aside below whatever the connection said
  }
  const movedTo = moveAside(file);
  open();
  return movedTo;
};

/**
 * Opens a file derived from the log (the read models, the snapshots). Derived means replaceable:
 * one that is no database (its header or schema unreadable) is moved aside and `open` starts a new
 * one, which the log fills again in the background; damaged pages further in are left to the
 * check in the background that follows the start. One that cannot be written
 * (read-only, full disk) is not replaceable by this process either: the start is refused, naming
 * the file and the cause.
 */
export const openDerivedFile = <T>(
  what: string,
  file: string,
  open: (file: string) => T,
  logger: Logger,
): { opened: T; discarded: Discarded | null } =>
  leavingNothingBehindOnRefusal(file, () => {
    assertDatabaseWritable(what, file);
    let discarded: Discarded | null = null;
    try {
      const damage = unreadableAsDatabase(file);
      if (damage) {
        const movedTo = moveAside(file);
        discarded = { file, movedTo, reason: damage, at: new Date().toISOString() };
        logger.error({ file, movedTo, damage }, `${what} was damaged: moved aside, rebuilding it from the log`);
      }
      return { opened: open(file), discarded };
    } catch (error) {
      throw refusalOf(what, file, error);
    }
  });
