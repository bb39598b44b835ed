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
  STORAGE_FULL: 'the disk is full',
  STORAGE_READ_ONLY: 'the file is read-only',
  STORAGE_BUSY: 'the file is locked by another connection',
  STORAGE_IO_ERROR: 'the disk failed to read or write',
  STORAGE_CORRUPT: 'the file is damaged',
  STORAGE_UNREACHABLE: 'the file cannot be opened',
};

const codeOf = (error: unknown): string | null => {
  const code = (error as { code?: unknown } | null | undefined)?.code;
  return typeof code === 'string' ? code : null;
};

/**
 * What a SQLite error (better-sqlite3's `error.code`, or that of its `cause`) says about the disk,
 * or null for any other error. Matched by code, not `instanceof SqliteError`: the native addon
 * keeps the error class of the first copy of better-sqlite3 loaded in the process.
 */
export const storageFailureReasonOf = (error: unknown): StorageFailureReason | null => {
  const code = codeOf(error) ?? codeOf((error as { cause?: unknown } | null | undefined)?.cause);
  if (!code?.startsWith('SQLITE_')) return null;
  if (code === 'SQLITE_FULL') return 'STORAGE_FULL';
  if (code.startsWith('SQLITE_READONLY')) return 'STORAGE_READ_ONLY';
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) return 'STORAGE_BUSY';
  if (code.startsWith('SQLITE_IOERR')) return 'STORAGE_IO_ERROR';
  if (code.startsWith('SQLITE_CORRUPT') || code === 'SQLITE_NOTADB') return 'STORAGE_CORRUPT';
  if (code.startsWith('SQLITE_CANTOPEN')) return 'STORAGE_UNREACHABLE';
  return null;
};

/** `store` names the store in the message ("the event store"); `outcome` says what the client may rely on. */
export const storageUnavailable = (error: unknown, store: string, outcome = 'try again later'): ServiceUnavailable | null => {
  const reason = storageFailureReasonOf(error);
  return reason && new ServiceUnavailable(`${store} cannot be used: ${DESCRIPTIONS[reason]}; ${outcome}`, reason, reason === 'STORAGE_BUSY' ? 1 : 5);
};
