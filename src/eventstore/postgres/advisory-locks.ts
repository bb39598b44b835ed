/**
 * Transaction-scoped advisory lock keys of Daftar's tables ('DFTR' and a number), one key space
 * with whatever else uses advisory locks in the database. The append key is written into the
 * append function by a migration: changing it needs a new migration, never an edit.
 */
export const APPEND_LOCK = 0x44465452_00000001n;
/** Held while the schema is created or upgraded, so that two nodes starting at once take turns. */
export const MIGRATION_LOCK = 0x44465452_00000002n;

/** The LISTEN/NOTIFY channel an append announces its commit on. */
export const APPENDED_CHANNEL = 'daftar_events_appended';
