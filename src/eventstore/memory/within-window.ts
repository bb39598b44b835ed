import type { RecordedEvent } from '../event-store';
import type { ReadWindow } from '../read-window';

/** Applies the "until" bounds (inclusive) and then `maxCount` to events already in read order. */
export const withinWindow = (events: RecordedEvent[], window: ReadWindow): RecordedEvent[] => {
  const kept = events.filter(
    (event) =>
      (window.untilPosition === undefined || Number(event.position) <= window.untilPosition) &&
      (window.untilRecordedAt === undefined || event.recordedAt <= window.untilRecordedAt),
  );
  return window.maxCount === undefined ? kept : kept.slice(0, window.maxCount);
};
