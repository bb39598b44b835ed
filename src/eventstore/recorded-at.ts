import type { Clock } from '../core/clock';

/**
 * The recorded time of the next append. As-of queries cut the log by recorded time, so it must
 * never decrease in position order: when the clock steps back, the last recorded time is reused.
 */
export const nextRecordedAt = (clock: Clock, lastRecordedAt: string | null): string => {
  const now = clock.now().toISOString();
  return lastRecordedAt !== null && lastRecordedAt > now ? lastRecordedAt : now;
};
