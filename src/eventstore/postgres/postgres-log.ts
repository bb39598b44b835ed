import type { Pool } from 'pg';
import type { Logger } from 'pino';
import type { Clock } from '../../core/clock';

/** What every operation of the PostgreSQL store works on. */
export interface PostgresLog {
  readonly pool: Pool;
  /** The connection string without its password, for messages and logs. */
  readonly description: string;
  readonly clock: Clock;
  /** Wakes this process's subscriptions after its own commits, without waiting for the notification. */
  readonly appendListeners: Set<() => void>;
  readonly logger?: Logger;
}

/** A bigint beyond every position: the "no bound" of the range reads. */
export const LAST_POSITION = '9223372036854775807';
