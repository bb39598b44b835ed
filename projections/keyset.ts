/** A value a list is ordered by; absent values order first, as SQLite orders NULL. */
export type SortValue = string | number | null;

/** Where an item stands in a list's order: the values of its sort key, then its id, which breaks ties. */
export interface KeysetPosition {
  values: readonly SortValue[];
  id: string;
}

/**
 * A window of a list, in its order: the items strictly after `after` and strictly before `before`,
 * `size` of them from the window's start, or from its end with `fromEnd`. Positions, not offsets:
 * items added, removed or changed elsewhere in the list between two pages move no item across a
 * page boundary.
 */
export interface KeysetWindow {
  after?: KeysetPosition;
  before?: KeysetPosition;
  size: number;
  fromEnd: boolean;
}

/** What one page read of a list: its items in the list's order and what lies around them. */
export interface KeysetPage<T> {
  items: { item: T; position: KeysetPosition }[];
  /** More items of the window lie past the page's far end (after it, or before it when read from the end). */
  more: boolean;
  /** Items of the list lie outside the window on the side the page was read from (at or before `after`, at or after `before` from the end). */
  beyond: boolean;
}

const typeRank = (value: SortValue): number => (value === null ? 0 : typeof value === 'number' ? 1 : 2);

/** SQLite's order of values (NULL, then numbers, then text by code point), for lists ordered in memory. */
export const compareSortValues = (a: SortValue, b: SortValue): number => {
  const rank = typeRank(a) - typeRank(b);
  if (rank !== 0 || a === null) return rank;
  return a < b! ? -1 : a > b! ? 1 : 0;
};

export const compareKeysetPositions = (a: KeysetPosition, b: KeysetPosition): number => {
  for (let index = 0; index < a.values.length; index++) {
    const order = compareSortValues(a.values[index] ?? null, b.values[index] ?? null);
    if (order !== 0) return order;
  }
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
};

/** The page of a list held in memory, its items already in the list's order. */
export const keysetPageOf = <T>(
  items: readonly T[],
  positionOf: (item: T) => KeysetPosition,
  window: KeysetWindow,
): KeysetPage<T> => {
  const positioned = items.map((item) => ({ item, position: positionOf(item) }));
  const inWindow = positioned.filter(
    ({ position }) =>
      (!window.after || compareKeysetPositions(position, window.after) > 0) &&
      (!window.before || compareKeysetPositions(position, window.before) < 0),
  );
  const page = window.fromEnd ? inWindow.slice(Math.max(0, inWindow.length - window.size)) : inWindow.slice(0, window.size);
  const bound = window.fromEnd ? window.before : window.after;
  return {
    items: page,
    more: inWindow.length > page.length,
    beyond:
      bound !== undefined &&
      positioned.some(({ position }) => (window.fromEnd ? compareKeysetPositions(position, bound) >= 0 : compareKeysetPositions(position, bound) <= 0)),
  };
};
