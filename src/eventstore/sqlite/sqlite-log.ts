import type { Database } from 'better-sqlite3';
import type { Clock } from '../../core/clock';
import type { Statements } from './statements';

/** What every operation of the SQLite store works on. */
export interface SqliteLog {
  readonly file: string;
  readonly db: Database;
  readonly statements: Statements;
  readonly clock: Clock;
  /** Wakes this process's subscriptions after a commit. */
  readonly appendListeners: Set<() => void>;
}
