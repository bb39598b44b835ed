import { DataFileUnusable, type FileProblem } from './errors';

interface ErrorWithCode {
  code?: unknown;
  message?: unknown;
}

const codeOf = (error: unknown): string => {
  const { code } = (error ?? {}) as ErrorWithCode;
  return typeof code === 'string' ? code : '';
};

const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/**
 * What an operating-system or SQLite error says about a file, as a kind and in words: the errno
 * of a file-system call (EROFS, EACCES, ENOSPC…) or the SQLite result code (SQLITE_READONLY,
 * SQLITE_FULL, SQLITE_CORRUPT…). Matched by code, never by `instanceof SqliteError` (see
 * append-to-stream.ts for why).
 */
export const fileProblemOf = (error: unknown): { problem: FileProblem; words: string } | null => {
  const code = codeOf(error);
  if (code === 'EROFS') return { problem: 'read-only', words: 'it is on a read-only file system (EROFS)' };
  if (code === 'EACCES') return { problem: 'read-only', words: 'this user may not write to it (permission denied, EACCES)' };
  if (code === 'EPERM')
    return { problem: 'read-only', words: 'writing to it is not permitted (EPERM: e.g. it is marked immutable, chattr +i)' };
  if (code === 'ENOSPC' || code === 'SQLITE_FULL') return { problem: 'full', words: `the disk is full (${code})` };
  if (code === 'EDQUOT') return { problem: 'full', words: 'the disk quota is used up (EDQUOT)' };
  if (code === 'ENOENT') return { problem: 'missing', words: 'it does not exist (ENOENT)' };
  if (code === 'ENOTDIR') return { problem: 'missing', words: 'a part of its path is not a directory (ENOTDIR)' };
  if (code.startsWith('SQLITE_READONLY')) return { problem: 'read-only', words: `SQLite cannot write to it (${code})` };
  if (code.startsWith('SQLITE_CORRUPT') || code === 'SQLITE_NOTADB')
    return { problem: 'corrupt', words: `it is damaged: ${messageOf(error)} (${code})` };
  if (code.startsWith('SQLITE_IOERR')) return { problem: 'not-usable', words: `reading or writing it failed: ${messageOf(error)} (${code})` };
  if (code === 'SQLITE_CANTOPEN') return { problem: 'not-usable', words: `SQLite cannot open it (${code})` };
  return null;
};

/** True for the errors of a damaged SQLite file, which a retry cannot mend. */
export const isDamage = (error: unknown): boolean => fileProblemOf(error)?.problem === 'corrupt';

/**
 * Turns the failure of `what` on `file` into a refusal that names both; an error of another kind
 * (a bug) is passed on unchanged. `what` reads as a phrase: "the event log", "the data directory".
 */
export const refusalOf = (what: string, file: string, error: unknown, advice = ''): unknown => {
  if (error instanceof DataFileUnusable) return error;
  const found = fileProblemOf(error);
  if (!found) return error;
  return new DataFileUnusable(file, found.problem, `${what} ${file} cannot be used: ${found.words}${advice ? `; ${advice}` : ''}`, { cause: error });
};
