import { ConcurrencyConflict } from '../core/errors';
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
