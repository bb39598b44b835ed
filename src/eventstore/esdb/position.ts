import type { Position, ReadPosition } from '@eventstore/db-client';
import { START } from '@eventstore/db-client';
import { START as STORE_START, comparePositions, parsePosition } from '../position';

/** ESDB's `{ commit, prepare }` as our opaque position string: `commit/prepare`. */
export const positionToString = (position: Position): string => `${position.commit}/${position.prepare}`;

export const positionFromString = (position: string): Position => {
  const [commit, prepare] = parsePosition(position);
  return { commit, prepare };
};

/** Where an ESDB read or subscription begins for one of our positions; our "before anything" is ESDB's START. */
export const readPositionOf = (position: string | undefined): ReadPosition =>
  position === undefined || comparePositions(position, STORE_START) === 0 ? START : positionFromString(position);
