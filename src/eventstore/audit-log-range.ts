import { parsePosition } from './position';

/** Positions inclusive at both ends, for stores whose positions are a decimal sequence. */
export interface PositionRange {
  low: number;
  high: number;
}

/** Far beyond any position (they are below 2^53), and still a plain number. */
export const END_OF_LOG = 2 ** 53;

export const WHOLE_LOG: PositionRange = { low: 0, high: END_OF_LOG };

const clamp = (position: bigint): number => Number(position < -1n ? -1n : position > END_OF_LOG ? END_OF_LOG : position);

/**
 * Cursors may be written `commit/prepare` (as EventStoreDB's are); a position n of a sequence store
 * stands for (n, n) and compares pair-wise, exactly as the audit-log table of the read models orders them.
 */
const lowestAfter = (position: string, inclusive: boolean): number => {
  const [commit, prepare] = parsePosition(position);
  return clamp(inclusive ? (prepare <= commit ? commit : commit + 1n) : prepare >= commit ? commit + 1n : commit);
};
const highestBefore = (position: string, inclusive: boolean): number => {
  const [commit, prepare] = parsePosition(position);
  return clamp(inclusive ? (prepare >= commit ? commit : commit - 1n) : prepare > commit ? commit : commit - 1n);
};

/** The range cut to what lies after a cursor (at or after it when inclusive). */
export const above = (range: PositionRange, position: string | undefined, inclusive = false): PositionRange =>
  position === undefined ? range : { ...range, low: Math.max(range.low, lowestAfter(position, inclusive)) };

/** The range cut to what lies before a cursor (at or before it when inclusive). */
export const below = (range: PositionRange, position: string | undefined, inclusive = false): PositionRange =>
  position === undefined ? range : { ...range, high: Math.min(range.high, highestBefore(position, inclusive)) };
