import type { Pool, PoolClient } from 'pg';

/**
 * `work` on one connection inside BEGIN … COMMIT, rolled back when it throws. A connection that
 * cannot even roll back is broken: it is destroyed instead of going back to the pool, which opens
 * a new one for the next caller.
 */
export const inTransaction = async <T>(pool: Pool, begin: string, work: (client: PoolClient) => Promise<T>): Promise<T> => {
  const client = await pool.connect();
  let broken: Error | undefined;
  try {
    await client.query(begin);
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch((rollbackFailed: Error) => (broken = rollbackFailed));
    throw error;
  } finally {
    client.release(broken);
  }
};
