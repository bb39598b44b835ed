import type { Pool, PoolClient } from 'pg';

/**
 * `work` inside BEGIN … COMMIT on a connection the caller holds, rolled back when it throws. A
 * connection that cannot even roll back is broken: `onBroken` hears of it, so that the caller
 * does not use it again.
 */
export const transactionOn = async <T>(client: PoolClient, begin: string, work: (client: PoolClient) => Promise<T>, onBroken: (error: Error) => void): Promise<T> => {
  try {
    await client.query(begin);
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch(onBroken);
    throw error;
  }
};

/**
 * `work` on one connection of the pool inside BEGIN … COMMIT. A broken connection is destroyed
 * instead of going back to the pool, which opens a new one for the next caller.
 */
export const inTransaction = async <T>(pool: Pool, begin: string, work: (client: PoolClient) => Promise<T>): Promise<T> => {
  const client = await pool.connect();
  let broken: Error | undefined;
  try {
    return await transactionOn(client, begin, work, (error) => (broken = error));
  } finally {
    client.release(broken);
  }
};
