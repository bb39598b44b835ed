import { ConcurrencyConflict, DomainError } from '../core/errors';
import type { ExpectedRevision } from './event-store';

/** The one conflict every store throws: carries the expected and the actual revision. */
export class StreamRevisionConflict extends ConcurrencyConflict {
  constructor(
    readonly streamId: string,
    readonly expected: ExpectedRevision,
    readonly actual: number | null,
  ) {
    super(streamId, expected, actual);
  }
}

/** The store's file or server cannot be used as it is: said clearly at start-up, never "fixed" by rewriting. */
export class EventStoreUnavailable extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'EventStoreUnavailable';
  }
}

/** What is wrong with a file or folder of DATA_DIR, each said in its own words at start-up. */
export type FileProblem = 'read-only' | 'full' | 'missing' | 'corrupt' | 'in-use' | 'not-usable';

/**
 * A file or folder of DATA_DIR cannot be used as it is: the server does not start (exit 78, no
 * stack trace), the message names the file and the cause, and nothing is written to it.
 */
export class DataFileUnusable extends EventStoreUnavailable {
  constructor(
    readonly file: string,
    readonly problem: FileProblem,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'DataFileUnusable';
  }
}

/**
 * A read met a damaged part of the log (SQLite reports a malformed page, or a stored event is not
 * the JSON that was written): the answer is this error, never a page with an event missing.
 * `afterPosition` is the last position read intact before it, when known.
 */
export class EventLogDamaged extends DomainError {
  constructor(
    message: string,
    readonly afterPosition: string | null,
    options?: { cause?: unknown },
  ) {
    super(message, 'EVENT_LOG_DAMAGED', afterPosition === null ? {} : { afterPosition });
    if (options?.cause !== undefined) this.cause = options.cause;
  }
}
