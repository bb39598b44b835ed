import type { SqliteLog } from './sqlite-log';

export const head = (log: SqliteLog): { position: string; hash: string } | null => {
  const row = log.statements.head.get();
  return row ? { position: String(row.position), hash: row.hash } : null;
};
