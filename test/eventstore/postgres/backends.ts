import { Client } from 'pg';
import { LISTENER_APPLICATION_NAME } from '../../../src/eventstore/postgres';

/** The connections of a store's pool, as pg_stat_activity names them. */
export const POOL_APPLICATION_NAME = 'daftar';

export const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export const waitUntil = async (condition: () => boolean | Promise<boolean>, what: string, limitMs = 15_000): Promise<void> => {
  const deadline = Date.now() + limitMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}`);
    await pause(10);
  }
};

/** Runs `work` on a connection of its own (the server's view of the others, and power over them). */
export const asAdmin = async <T>(connectionString: string, work: (client: Client) => Promise<T>): Promise<T> => {
  const client = new Client({ connectionString });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
};

/**
 * The process id of the one connection listening for appends once it has run LISTEN (another than
 * `exceptPid`); waits while a store closed by an earlier test still has one on its way out.
 */
export const waitForListener = (connectionString: string, exceptPid = 0): Promise<number> =>
  asAdmin(connectionString, async (admin) => {
    let pid = 0;
    await waitUntil(async () => {
      const { rows } = await admin.query<{ pid: number }>(
        `SELECT pid FROM pg_stat_activity WHERE application_name = $1 AND query LIKE 'LISTEN%' AND state = 'idle' AND pid <> $2`,
        [LISTENER_APPLICATION_NAME, exceptPid],
      );
      pid = rows.length === 1 ? rows[0].pid : 0;
      return pid !== 0;
    }, 'one connection listening for appends');
    return pid;
  });

/** Ends the server's side of connections, as a database restart or a network cut would; how many it ended. */
export const terminateBackends = (connectionString: string, where: string, params: unknown[] = []): Promise<number> =>
  asAdmin(connectionString, async (admin) => {
    const { rows } = await admin.query<{ ended: boolean }>(
      `SELECT pg_terminate_backend(pid) AS ended FROM pg_stat_activity WHERE pid <> pg_backend_pid() AND ${where}`,
      params,
    );
    return rows.filter((row) => row.ended).length;
  });
