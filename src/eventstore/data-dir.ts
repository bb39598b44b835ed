import { accessSync, constants, existsSync, mkdirSync, rmSync, statSync, statfsSync } from 'node:fs';
import { DataFileUnusable } from './errors';
import { fileProblemOf, refusalOf } from './file-problems';

/**
 * Less free space than this and the server does not start: an append, a checkpoint or a read-model
 * batch would fail within moments, and SQLite reports a full disk on a file it only wanted to open
 * as something else.
 */
export const MIN_FREE_BYTES = 1024 * 1024;

/** The data directory, created when absent; a path that cannot be one is refused with its cause. */
export const ensureDataDir = (dataDir: string): void => {
  if (existsSync(dataDir) && !statSync(dataDir).isDirectory())
    throw new DataFileUnusable(dataDir, 'not-usable', `the data directory ${dataDir} is not a directory`);
  try {
    mkdirSync(dataDir, { recursive: true });
  } catch (error) {
    const found = fileProblemOf(error);
    if (!found) throw error;
    throw new DataFileUnusable(
      dataDir,
      'missing',
      `the data directory ${dataDir} does not exist and cannot be created: ${found.words}; create it, or point DATA_DIR at a folder this user may write to`,
      { cause: error },
    );
  }
  assertWritable('the data directory', dataDir);
  assertFreeSpace(dataDir);
};

/**
 * A file (or folder) Daftar must write to, checked before SQLite opens it: SQLite would fall back to
 * read-only without a word, and fail only at the first write. Absent files pass (their folder was
 * checked).
 */
export const assertWritable = (what: string, file: string): void => {
  if (!existsSync(file)) return;
  try {
    accessSync(file, constants.R_OK | constants.W_OK);
  } catch (error) {
    throw refusalOf(what, file, error, 'Daftar must write to it');
  }
};

/** The SQLite files of a database: the file itself and, in WAL mode, its -wal and -shm. */
export const sqliteFilesOf = (file: string): string[] => [file, `${file}-wal`, `${file}-shm`];

/** Every file of a SQLite database must be writable: a -shm left by another user is as fatal as the file itself. */
export const assertDatabaseWritable = (what: string, file: string): void => {
  for (const part of sqliteFilesOf(file)) assertWritable(what, part);
};

/**
 * Runs `open`, and when it is refused removes the -wal and -shm files the attempt made (SQLite makes
 * them for any connection to a WAL file, a read-only one too): a refused start leaves the folder as
 * it found it. Files that were there before are never touched: they may hold committed appends.
 */
export const leavingNothingBehindOnRefusal = <T>(file: string, open: () => T): T => {
  const companions = sqliteFilesOf(file).slice(1);
  const existedBefore = companions.filter((companion) => existsSync(companion));
  try {
    return open();
  } catch (error) {
    for (const companion of companions) if (!existedBefore.includes(companion)) rmSync(companion, { force: true });
    throw error;
  }
};

export const assertFreeSpace = (dataDir: string, minimum = MIN_FREE_BYTES): void => {
  const { bavail, bsize } = statfsSync(dataDir);
  const free = bavail * bsize;
  if (free < minimum)
    throw new DataFileUnusable(
      dataDir,
      'full',
      `the data directory ${dataDir} cannot be used: the disk is full (${free} bytes free, at least ${minimum} needed); free some space`,
    );
};
