import type { Database } from 'better-sqlite3';
import type { Clock } from '../../core/clock';
import type { RecordedEvent } from '../event-store';
import type { Statements } from './statements';

/** What every operation of the SQLite store works on. */
export interface SqliteLog {
  readonly file: string;
  readonly db: Database;
  readonly statements: Statements;
  readonly clock: Clock;
  /**
   * Wakes this process's subscriptions after a commit, with the events it recorded when they are
   * one stream's (a multi-stream append wakes without them: they are read back from the file).
   */
  readonly appendListeners: Set<(recorded?: readonly RecordedEvent[]) => void>;
}
