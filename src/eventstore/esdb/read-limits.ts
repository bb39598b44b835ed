import type { ReadDirection, ReadLimits, RecordedEvent } from '../event-store';
import { comparePositions, parsePosition } from '../position';
import { readWindowOf } from '../read-window';

/** What a read does with the next event: take it, pass over it, or end the read. */
export type LimitVerdict = 'keep' | 'skip' | 'stop';

/**
 * ESDB knows nothing of our `recordedAt`, so both "until" limits are applied here, on the client.
 * Reading forwards, the first event past a limit ends the read; reading backwards the newest events
 * come first, so those past the limit are passed over until the read gets back within it.
 */
export const limitVerdict = (event: RecordedEvent, limits: ReadLimits, direction: ReadDirection): LimitVerdict => {
  const pastPosition = limits.untilPosition !== undefined && comparePositions(event.position, limits.untilPosition) > 0;
  const pastRecordedAt =
    limits.untilRecordedAt !== undefined && Date.parse(event.recordedAt) > Date.parse(limits.untilRecordedAt);
  if (!pastPosition && !pastRecordedAt) return 'keep';
  return direction === 'forwards' ? 'stop' : 'skip';
};

export const hasUntilLimit = (limits: ReadLimits): boolean =>
  limits.untilPosition !== undefined || limits.untilRecordedAt !== undefined;

/**
 * The same checks as every store (direction, maxCount, untilRecordedAt, via `readWindowOf`), with
 * ESDB's `commit/prepare` positions accepted where the sequence stores accept decimals.
 */
export const checkedLimits = <Limits extends ReadLimits>(limits: Limits): Limits & { direction: ReadDirection } => {
  const window = readWindowOf({ ...limits, untilPosition: undefined });
  if (limits.untilPosition !== undefined) parsePosition(limits.untilPosition);
  return { ...limits, direction: window.direction, untilRecordedAt: window.untilRecordedAt };
};
