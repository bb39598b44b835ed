import type { ReadDirection, ReadLimits } from './event-store';

/** The limits of a read, checked and put in the one form the stores compare. */
export interface ReadWindow {
  direction: ReadDirection;
  /** Undefined: no limit. */
  maxCount: number | undefined;
  /** Normalised to `toISOString()` form, so that it compares with stored times as text. */
  untilRecordedAt: string | undefined;
  untilPosition: number | undefined;
}

/** Decimal positions, as SQLite and memory stores hand them out. */
export const parseSequencePosition = (position: string, what: string): number => {
  if (typeof position !== 'string' || !/^\d+$/.test(position)) throw new RangeError(`${what} is not a position of this store: ${position}`);
  const value = Number(position);
  if (!Number.isSafeInteger(value)) throw new RangeError(`${what} is out of range: ${position}`);
  return value;
};

export const readWindowOf = (limits: ReadLimits): ReadWindow => {
  const direction = limits.direction ?? 'forwards';
  if (direction !== 'forwards' && direction !== 'backwards') throw new RangeError(`unknown read direction: ${direction}`);
  const { maxCount } = limits;
  if (maxCount !== undefined && (!Number.isInteger(maxCount) || maxCount < 0))
    throw new RangeError(`maxCount must be a non-negative integer, got ${maxCount}`);
  let untilRecordedAt: string | undefined;
  if (limits.untilRecordedAt !== undefined) {
    const at = new Date(limits.untilRecordedAt);
    if (Number.isNaN(at.getTime())) throw new RangeError(`untilRecordedAt is not a date-time: ${limits.untilRecordedAt}`);
    untilRecordedAt = at.toISOString();
  }
  const untilPosition =
    limits.untilPosition === undefined ? undefined : parseSequencePosition(limits.untilPosition, 'untilPosition');
  return { direction, maxCount, untilRecordedAt, untilPosition };
};
