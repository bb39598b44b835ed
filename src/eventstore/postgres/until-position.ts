import type { ReadWindow } from '../read-window';
import { LAST_POSITION } from './postgres-log';

/**
 * Both "until" limits of a read as one SQL condition on `position`, with its parameters numbered
 * from `firstParam`. Recorded times never decrease in position order (the store reuses the last one
 * when the clock steps back), so "recorded by T" is "at or before the last position recorded by T";
 * when nothing was recorded by then, the bound is 0 and the read is empty.
 */
export const untilPositionOf = (window: ReadWindow, firstParam: number): { condition: string; params: unknown[] } => {
  const params: unknown[] = [window.untilPosition ?? LAST_POSITION];
  let condition = `position <= $${firstParam}`;
  if (window.untilRecordedAt !== undefined) {
    params.push(window.untilRecordedAt);
    condition += ` AND position <= coalesce((SELECT position FROM events WHERE recorded_at <= $${firstParam + 1}
                                              ORDER BY recorded_at DESC, position DESC LIMIT 1), 0)`;
  }
  return { condition, params };
};
