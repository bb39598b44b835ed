import type { Queryable } from './queryable';

export interface HeadRow {
  position: string;
  hash: string;
  recorded_at: string;
}

export const HEAD_SQL = 'SELECT position, hash, recorded_at FROM events ORDER BY position DESC LIMIT 1';

/** The last event of the log, or null when it is empty. */
export const readHead = async (db: Queryable): Promise<HeadRow | null> => (await db.query<HeadRow>(HEAD_SQL)).rows[0] ?? null;

export const head = async (db: Queryable): Promise<{ position: string; hash: string } | null> => {
  const row = await readHead(db);
  return row && { position: row.position, hash: row.hash };
};
