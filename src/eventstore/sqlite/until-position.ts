import type { ReadWindow } from '../read-window';
import { LAST_POSITION } from './statements';
import type { SqliteLog } from './sqlite-log';

/**
 * Both "until" limits as one inclusive position bound, so every read is a plain range on an index.
 * Null when nothing was recorded by `untilRecordedAt`: the read is empty.
 */
export const untilPositionOf = (log: SqliteLog, window: ReadWindow): number | null => {
  let until = window.untilPosition ?? LAST_POSITION;
  if (window.untilRecordedAt !== undefined) {
    const recordedBy = log.statements.lastPositionRecordedBy.get(window.untilRecordedAt);
    if (recordedBy === undefined) return null;
    until = Math.min(until, recordedBy);
  }
  return until;
};
