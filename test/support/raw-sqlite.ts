import type { Database } from 'better-sqlite3';

/**
 * What someone with write access to the disk does first to change an event: the log's triggers
 * refuse UPDATE and DELETE on events (schema version 3), so they go. Tests that tamper call it.
 */
export const dropAppendOnlyTriggers = (db: Database): void => {
  db.exec('DROP TRIGGER IF EXISTS events_are_never_updated; DROP TRIGGER IF EXISTS events_are_never_deleted;');
};
