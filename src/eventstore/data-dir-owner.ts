import { closeSync, existsSync, openSync, readFileSync, readSync, realpathSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { DataFileUnusable } from './errors';
import { assertWritable, ensureDataDir } from './data-dir';
import { refusalOf } from './file-problems';

/** The lock: a SQLite file held with an exclusive lock for the owner's whole life. */
export const OWNER_LOCK_FILE = 'owner.lock';
/** Who holds the lock and where it serves: written by the owner, trusted only while its pid holds the lock. */
export const OWNER_FILE = 'owner.json';

export interface OwnerDescription {
  pid: number;
  /** What the owner is: `server`, or the command that took the folder (`demo`). */
  role: string;
  startedAt: string;
  /** The GraphQL endpoint, once a server listens. */
  url?: string;
}

/** Another process owns the data directory: said with its pid, and its URL when it is a server that listens. */
export class DataDirInUse extends DataFileUnusable {
  constructor(
    readonly dataDir: string,
    readonly holderPid: number | null,
    readonly holder: OwnerDescription | null,
  ) {
    super(
      dataDir,
      'in-use',
      `the data directory ${dataDir} is in use by a Daftar process (pid ${holderPid ?? 'unknown'}` +
        `${holder ? `, ${holder.role}${holder.url ? ` at ${holder.url}` : ''} since ${holder.startedAt}` : ''}): ` +
        'one process owns a data directory; stop it first, or give this one its own DATA_DIR',
    );
    this.name = 'DataDirInUse';
  }
}

export interface DataDirOwner {
  readonly dataDir: string;
  /** Tells other processes where this owner serves (a server, once it listens). */
  announce(url: string): void;
  /** Gives the folder up; the operating system does the same when the process dies, however it dies. */
  release(): void;
}

/**
 * The lock files this process holds (by real path), kept across module copies (jest loads a module
 * once per test file): a second owner in the same process is refused without touching the file,
 * because closing any descriptor of a file drops every POSIX lock the process holds on it.
 */
const HELD_HERE: Set<string> = ((globalThis as Record<symbol, unknown>)[Symbol.for('daftar.heldDataDirLocks')] ??= new Set<string>()) as Set<string>;

/** SQLite's header keeps `PRAGMA user_version` at byte 60, big-endian: the holder's pid. */
const USER_VERSION_OFFSET = 60;

const holderPidOf = (lockFile: string): number | null => {
  const header = Buffer.alloc(4);
  let fd: number | undefined;
  try {
    fd = openSync(lockFile, 'r');
    if (readSync(fd, header, 0, 4, USER_VERSION_OFFSET) !== 4) return null;
    const pid = header.readInt32BE(0);
    return pid > 0 ? pid : null;
  } catch {
    return null;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
};

/** The owner's description, when the file is the current holder's (not left by an owner that died). */
export const ownerOf = (dataDir: string, holderPid: number | null): OwnerDescription | null => {
  if (holderPid === null) return null;
  try {
    const description = JSON.parse(readFileSync(join(dataDir, OWNER_FILE), 'utf8')) as OwnerDescription;
    return description.pid === holderPid ? description : null;
  } catch {
    return null;
  }
};

const writeDescription = (dataDir: string, description: OwnerDescription): void => {
  const file = join(dataDir, OWNER_FILE);
  writeFileSync(`${file}.tmp`, `${JSON.stringify(description)}\n`);
  renameSync(`${file}.tmp`, file);
};

/**
 * Takes the data directory for this process, or refuses with the holder's pid. The lock is
 * SQLite's own (POSIX advisory locks on `owner.lock`, in exclusive locking mode after a write):
 * held until the connection closes, and released by the operating system when the process dies,
 * SIGKILL included, so a crash never leaves a stale lock to clean up. The write that takes it
 * stores this process's pid in the file's header, where a refused process reads it.
 */
export const takeDataDir = (dataDir: string, role: string): DataDirOwner => {
  ensureDataDir(dataDir);
  const lockFile = join(dataDir, OWNER_LOCK_FILE);
  assertWritable('the lock file', lockFile);
  const key = join(realpathSync(dataDir), OWNER_LOCK_FILE);
  if (HELD_HERE.has(key)) throw new DataDirInUse(dataDir, process.pid, ownerOf(dataDir, process.pid));

  let db: Database.Database;
  try {
    db = new Database(lockFile, { timeout: 0 });
  } catch (error) {
    throw refusalOf('the lock file', lockFile, error);
  }
  try {
    db.pragma('locking_mode = EXCLUSIVE');
    db.exec('BEGIN EXCLUSIVE');
    db.pragma(`user_version = ${process.pid}`);
    db.exec('COMMIT');
  } catch (error) {
    db.close();
    if ((error as { code?: unknown }).code === 'SQLITE_BUSY') {
      const holderPid = holderPidOf(lockFile);
      throw new DataDirInUse(dataDir, holderPid, ownerOf(dataDir, holderPid));
    }
    throw refusalOf('the lock file', lockFile, error, `remove ${lockFile} if no Daftar process uses ${dataDir}`);
  }
  HELD_HERE.add(key);
  let description: OwnerDescription = { pid: process.pid, role, startedAt: new Date().toISOString() };
  try {
    writeDescription(dataDir, description);
  } catch (error) {
    db.close();
    HELD_HERE.delete(key);
    throw refusalOf('the data directory', dataDir, error);
  }

  let released = false;
  return {
    dataDir,
    announce: (url) => {
      description = { ...description, url };
      writeDescription(dataDir, description);
    },
    release: () => {
      if (released) return;
      released = true;
      const file = join(dataDir, OWNER_FILE);
      if (existsSync(file) && ownerOf(dataDir, process.pid)) rmSync(file, { force: true });
      db.close();
      HELD_HERE.delete(key);
    },
  };
};
