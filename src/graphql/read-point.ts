import { isUUID } from 'class-validator';
import type { ReadArgs } from './read-args';

/**
 * The point in the records a view was read at: now (empty), or a past one (`asOf`, `atPosition`),
 * and, for a delegation in an authority chain, the effective time (`at`) its status was read at.
 */
export interface ReadPoint {
  asOf?: Date;
  atPosition?: string;
  at?: string;
}

const POSITION = /^\d{1,20}(\/\d{1,20})?$/;

export const isPastPoint = (point: Pick<ReadArgs, 'asOf' | 'atPosition'>): boolean => Boolean(point.asOf || point.atPosition);

/** Just the point of a query's read arguments (not its read-your-writes); one sent as null (an unset variable) names none, as one left out. */
export const pointOfRead = (read: Pick<ReadArgs, 'asOf' | 'atPosition'> = {}): ReadPoint => ({
  ...(read.asOf && { asOf: read.asOf }),
  ...(read.atPosition && { atPosition: read.atPosition }),
});

/**
 * The global id of an object read at `point`: its own id now, `<id>@asOf:<ISO>` and/or
 * `@position:<P>` (then `@at:<ISO>`) at a past point. A normalising cache (Apollo Client, urql
 * Graphcache, Relay: `__typename` + `id`) keeps an answer about the past as an entry of its own, so
 * it never overwrites the current object, and an answer at a fixed past point never changes.
 */
export const idAtPoint = (id: string, point: ReadPoint = {}): string =>
  id +
  (point.asOf ? `@asOf:${point.asOf.toISOString()}` : '') +
  (point.atPosition ? `@position:${point.atPosition}` : '') +
  (point.at ? `@at:${point.at}` : '');

const isoDate = (text: string): Date | null => {
  const date = new Date(text);
  return Number.isNaN(date.getTime()) || date.toISOString() !== text ? null : date;
};

/** The entity and point an id given out by idAtPoint names; null when it is not such an id. */
export const parseIdAtPoint = (id: string): { entityId: string; point: ReadPoint } | null => {
  const [entityId, ...parts] = id.split('@');
  if (!isUUID(entityId)) return null;
  const point: ReadPoint = {};
  const order = ['asOf', 'position', 'at'];
  let last = -1;
  for (const part of parts) {
    const colon = part.indexOf(':');
    const name = part.slice(0, colon);
    const value = part.slice(colon + 1);
    const index = order.indexOf(name);
    if (colon < 0 || index <= last) return null;
    last = index;
    if (name === 'position') {
      if (!POSITION.test(value)) return null;
      point.atPosition = value;
    } else {
      const date = isoDate(value);
      if (!date) return null;
      if (name === 'asOf') point.asOf = date;
      else point.at = value;
    }
  }
  return { entityId, point };
};
