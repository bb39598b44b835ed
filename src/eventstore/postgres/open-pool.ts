import { Pool, type PoolClient, type PoolConfig } from 'pg';
import type { Logger } from 'pino';
import { EventStoreUnavailable } from '../errors';
import { unavailable } from './database-errors';
import { migrate } from './schema';

/** How long opening a connection may take before the database counts as unreachable. */
const CONNECT_TIMEOUT_MS = 10_000;
const IDLE_TIMEOUT_MS = 30_000;
export const DEFAULT_POOL_SIZE = 10;

const EXAMPLE = 'postgres://user:password@host:5432/database';

export const isPostgresConnectionString = (connectionString: string): boolean => /^postgres(ql)?:\/\//.test(connectionString);

export const poolConfigOf = (connectionString: string, poolSize = DEFAULT_POOL_SIZE): PoolConfig => ({
  connectionString,
  max: poolSize,
  application_name: 'daftar',
  connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
  idleTimeoutMillis: IDLE_TIMEOUT_MS,
  // A connection whose peer vanished without closing it (a network cut) is found and dropped.
  keepAlive: true,
});

/** What the store needs of the database before it writes a byte: writable, and UTF-8 so Persian text round-trips. */
const assertUsable = async (client: PoolClient, description: string): Promise<void> => {
  const {
    rows: [settings],
  } = await client.query<{ read_only: string; encoding: string }>(
    `SELECT current_setting('transaction_read_only') AS read_only, current_setting('server_encoding') AS encoding`,
  );
  if (settings.read_only === 'on')
    throw new EventStoreUnavailable(
      `PostgreSQL at ${description} is read-only (a standby, or default_transaction_read_only is on): the event store must be able to write`,
    );
  if (settings.encoding !== 'UTF8')
    throw new EventStoreUnavailable(
      `PostgreSQL at ${description} has encoding ${settings.encoding}: the event store needs a UTF8 database (CREATE DATABASE … ENCODING 'UTF8')`,
    );
};

/**
 * A pool on the database, checked and brought to the latest schema, so that a wrong address, a
 * server that is down, refuses us or cannot be written is said at start-up, not at the first command.
 */
export const openPool = async (config: PoolConfig, description: string, logger?: Logger): Promise<Pool> => {
  const { connectionString } = config;
  if (typeof connectionString !== 'string' || !isPostgresConnectionString(connectionString))
    throw new EventStoreUnavailable(`not a PostgreSQL connection string: ${description} (use ${EXAMPLE})`);
  let pool: Pool;
  try {
    new URL(connectionString);
    pool = new Pool(config);
  } catch (error) {
    throw new EventStoreUnavailable(
      `invalid PostgreSQL connection string ${description}: not a URL (use ${EXAMPLE}, with special characters percent-encoded)`,
      { cause: error },
    );
  }
  // An idle connection that fails (the server restarted) is dropped by the pool, which opens another
  // when next needed; without a listener the error would end the process.
  pool.on('error', (error) => logger?.warn({ err: error }, 'an idle PostgreSQL connection failed: the pool replaces it'));
  let client: PoolClient | undefined;
  try {
    client = await pool.connect();
    await assertUsable(client, description);
    await migrate(client, description, logger);
    client.release();
    return pool;
  } catch (error) {
    client?.release(true);
    await pool.end().catch(() => undefined);
    throw unavailable(description, error);
  }
};
