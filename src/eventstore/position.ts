/**
 * Positions are opaque strings to callers. SQLite and memory use a decimal sequence;
 * EventStoreDB uses "commit/prepare". Both compare numerically, part by part.
 */
export const parsePosition = (position: string): [bigint, bigint] => {
  const [commit, prepare] = position.split('/');
  if (!/^\d+$/.test(commit ?? '') || (prepare !== undefined && !/^\d+$/.test(prepare)))
    throw new RangeError(`not a position: ${position}`);
  return [BigInt(commit), BigInt(prepare ?? commit)];
};

export const isPosition = (value: string): boolean => /^\d+(\/\d+)?$/.test(value);

export const comparePositions = (a: string, b: string): number => {
  const [ac, ap] = parsePosition(a);
  const [bc, bp] = parsePosition(b);
  if (ac !== bc) return ac < bc ? -1 : 1;
  if (ap !== bp) return ap < bp ? -1 : 1;
  return 0;
};

/** The position before anything: a subscription from here delivers the whole log. */
export const START = '0';

const SORTABLE_DIGITS = 20; // 2^64 has 20 decimal digits
const DECIMAL = /^\d+$/;

/**
 * The position as text that sorts like `comparePositions` (each part zero-padded), so SQL can
 * compare positions with `<` where it stores them.
 */
export const sortablePosition = (position: string): string => {
  // SQLite's and memory's positions, the common case (a fold asks once per event and document): no parse needed.
  if (DECIMAL.test(position)) return position.padStart(SORTABLE_DIGITS, '0');
  const [commit, prepare] = position.split('/');
  parsePosition(position);
  const pad = (part: string) => part.padStart(SORTABLE_DIGITS, '0');
  return prepare === undefined ? pad(commit) : `${pad(commit)}/${pad(prepare)}`;
};
