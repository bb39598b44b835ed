import { EventStoreUnavailable } from '../errors';

/** The connection string as it may appear in a log or an error: without a password. */
export const redacted = (connectionString: string): string =>
  connectionString.replace(/\/\/([^:@/]*):[^@/]*@/, '//$1:***@').replace(/([?&]password=)[^&]*/gi, '$1***');

// Duck-typed: socket errors come from Node's own realm, not always the caller's Error class.
const messageOf = (error: unknown): string => {
  const message = typeof error === 'object' && error !== null ? (error as { message?: unknown }).message : undefined;
  return typeof message === 'string' && message !== '' ? message : String(error);
};

/**
 * SQLSTATE classes and Node socket codes that say the database cannot be used as it is (down,
 * unreachable, refusing us, read-only, full), rather than that this one request was wrong.
 * See https://www.postgresql.org/docs/current/errcodes-appendix.html.
 */
const UNAVAILABLE_SQLSTATE = /^(08|28|3D|53|57|58|XX)|^25006$|^42501$/;
const UNAVAILABLE_SOCKET = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);
const UNAVAILABLE_MESSAGE = /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|Connection refused/i;

export const isUnavailable = (error: unknown): boolean => {
  if (error instanceof EventStoreUnavailable) return true;
  if (typeof error !== 'object' || error === null) return false;
  const { code } = error as { code?: unknown };
  if (typeof code === 'string' && (UNAVAILABLE_SOCKET.has(code) || (code.length === 5 && UNAVAILABLE_SQLSTATE.test(code)))) return true;
  return UNAVAILABLE_MESSAGE.test(messageOf(error));
};

/** Says in the port's terms that the database cannot be used, naming it (without its password) and why. */
export const unavailable = (description: string, error: unknown): EventStoreUnavailable =>
  error instanceof EventStoreUnavailable
    ? error
    : new EventStoreUnavailable(`PostgreSQL at ${description} cannot be used: ${messageOf(error)}`, { cause: error });

/** A database fault becomes EventStoreUnavailable; anything else (a conflict, bad input) passes as it is. */
export const explainFault = (description: string, error: unknown): unknown => (isUnavailable(error) ? unavailable(description, error) : error);
