import type { Database } from 'better-sqlite3';
import type { RecordedEvent } from '../src/eventstore/event-store';

/**
 * A read model that is its own SQL table in the read-model file rather than JSON documents: for
 * queries that need real indexes over every event (the audit log). The runner applies it in the
 * same transaction as the document projections and under the same checkpoint.
 */
export interface TableProjection {
  readonly name: string;
  /** Creates its tables and indexes when missing; runs at every start. */
  setUp(db: Database): void;
  /**
   * Forgets what it holds after `position` (everything when null): the shared checkpoint says those
   * events are not applied, e.g. after the read models were cleared or the checkpoint is older.
   */
  discardAfter(db: Database, position: string | null): void;
  /** Applies a batch in global order; applying an event it already holds changes nothing. */
  apply(db: Database, events: readonly RecordedEvent[]): void;
}
