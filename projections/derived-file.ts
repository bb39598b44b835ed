import { existsSync, renameSync } from 'node:fs';
import Database from 'better-sqlite3';
import type { Logger } from '../src/logger';
import { assertDatabaseWritable, leavingNothingBehindOnRefusal, sqliteFilesOf } from '../src/eventstore/data-dir';
import { fileProblemOf, refusalOf } from '../src/eventstore/file-problems';

/** A derived file found damaged at start: where it went, and why. */
export interface Discarded {
  file: string;
  movedTo: string;
  reason: string;
  at: string;
}

const QUICK_CHECK_FINDINGS = 3;

/** What is wrong with the file's structure, or null when SQLite's quick_check finds it whole (or it is absent). */
const damageOf = (file: string): string | null => {
  if (!existsSync(file)) return null;
  let probe: Database.Database | undefined;
  try {
    probe = new Database(file, { readonly: true, fileMustExist: true });
    const findings = (probe.pragma(`quick_check(${QUICK_CHECK_FINDINGS})`) as { quick_check: string }[]).map((row) => row.quick_check.replace(/\s+/g, ' '));
    return findings.length === 1 && findings[0] === 'ok' ? null : `quick_check: ${findings.join('; ')}`;
  } catch (error) {
    if (fileProblemOf(error)?.problem === 'corrupt') return (error as Error).message;
    throw error;
  } finally {
    probe?.close();
  }
};

/** The file and its -wal and -shm, renamed side by side: kept for a post-mortem, never read again. */
const moveAside = (file: string): string => {
  const movedTo = `${file}.damaged-${new Date().toISOString().replace(/[:.]/g, '-')}`;
  for (const part of sqliteFilesOf(file)) if (existsSync(part)) renameSync(part, `${movedTo}${part.slice(file.length)}`);
  return movedTo;
};

/**
 * Opens a file derived from the log (the read models, the snapshots). Derived means replaceable:
 * a damaged one (SQLite's quick_check, or a file that is no database) is moved aside and `open`
 * starts a new one, which the log fills again in the background. One that cannot be written
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
      const damage = damageOf(file);
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
