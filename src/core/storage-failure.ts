import { ServiceUnavailable } from './errors';

/** What is wrong with the disk under a store, as the `reason` of a SERVICE_UNAVAILABLE answer. */
export type StorageFailureReason =
  | 'STORAGE_FULL'
  | 'STORAGE_READ_ONLY'
  | 'STORAGE_BUSY'
  | 'STORAGE_IO_ERROR'
  | 'STORAGE_CORRUPT'
  | 'STORAGE_UNREACHABLE';

const DESCRIPTIONS: Record<StorageFailureReason, string> = {
  STORAGE_FULL: 'its disk is full',
  STORAGE_READ_ONLY: 'it is read-only',
  STORAGE_BUSY: 'it is locked by another connection',
  STORAGE_IO_ERROR: 'its disk failed to read or write',
  STORAGE_CORRUPT: 'its data is damaged',
  STORAGE_UNREACHABLE: 'it cannot be reached or opened',
};

const codeOf = (error: unknown): string | null => {
  const code = (error as { code?: unknown } | null | undefined)?.code;
  return typeof code === 'string' ? code : null;
};

/** Node's codes for a server that cannot be reached: a networked store's, here. */
const UNREACHABLE_SOCKET = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);

const sqliteReason = (code: string): StorageFailureReason | null => {
  if (code === 'SQLITE_FULL') return 'STORAGE_FULL';
  if (code.startsWith('SQLITE_READONLY')) return 'STORAGE_READ_ONLY';
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) return 'STORAGE_BUSY';
  if (code.startsWith('SQLITE_IOERR')) return 'STORAGE_IO_ERROR';
  if (code.startsWith('SQLITE_CORRUPT') || code === 'SQLITE_NOTADB') return 'STORAGE_CORRUPT';
  if (code.startsWith('SQLITE_CANTOPEN')) return 'STORAGE_UNREACHABLE';
  return null;
};

/** PostgreSQL's SQLSTATE (https://www.postgresql.org/docs/current/errcodes-appendix.html). */
const postgresReason = (code: string): StorageFailureReason | null => {
  if (code === '53100') return 'STORAGE_FULL';
  if (code === '25006') return 'STORAGE_READ_ONLY';
  if (code === '53300' || code === '55P03' || code === '40001' || code === '40P01') return 'STORAGE_BUSY';
  if (code.startsWith('58')) return 'STORAGE_IO_ERROR';
  if (code === 'XX001' || code === 'XX002') return 'STORAGE_CORRUPT';
  if (code.startsWith('08') || code.startsWith('57P')) return 'STORAGE_UNREACHABLE';
  return null;
};

/**
 * What a store's error says about the storage under it (SQLite's code from better-sqlite3's
 * `error.code`, PostgreSQL's SQLSTATE, a socket's code; the error's own or its `cause`'s), or null
 * for any other error. Matched by code, not `instanceof SqliteError`: the native addon keeps the
 * error class of the first copy of better-sqlite3 loaded in the process.
 */
export const storageFailureReasonOf = (error: unknown): StorageFailureReason | null => {
  for (const candidate of [error, (error as { cause?: unknown } | null | undefined)?.cause]) {
    const code = codeOf(candidate);
    if (!code) continue;
    const reason = code.startsWith('SQLITE_')
      ? sqliteReason(code)
      : UNREACHABLE_SOCKET.has(code)
        ? 'STORAGE_UNREACHABLE'
        : /^[0-9A-Z]{5}$/.test(code)
          ? postgresReason(code)
          : null;
    if (reason) return reason;
  }
  return null;
};

/**
 * The answer for a request a store could not carry out: `store` names it in the message ("the
 * event store"), `outcome` says what the client may rely on, `fallback` is the reason when the
 * error itself names none (a store that says only that it cannot be used).
 */
export const storageUnavailable = (
  error: unknown,
  store: string,
  outcome = 'try again later',
  fallback: StorageFailureReason | null = null,
): ServiceUnavailable | null => {
  const reason = storageFailureReasonOf(error) ?? fallback;
  // Said in general terms: the error's own message may name a file or a host, which stay in the log.
  return reason && new ServiceUnavailable(`${store} cannot be used: ${DESCRIPTIONS[reason]}; ${outcome}`, reason, reason === 'STORAGE_BUSY' ? 1 : 5);
};
