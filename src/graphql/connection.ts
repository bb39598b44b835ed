import { ArgsType, Field, Int, ObjectType, type ClassType } from 'type-graphql';
import { Max, Min, MaxLength } from 'class-validator';
import { OptionalField } from './input-fields';
import { invalidField } from '../core/errors';
import { keysetPageOf, type KeysetPage, type KeysetPosition, type KeysetWindow, type SortValue } from '../../projections/keyset';

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 500;
/** A cursor carries its item's sort key and id: a date and a uuid are about 110 characters encoded. */
const MAX_CURSOR_LENGTH = 400;

@ObjectType({ simpleResolvers: true })
export class PageInfo {
  @Field()
  hasNextPage: boolean;

  @Field()
  hasPreviousPage: boolean;

  @Field(() => String, { nullable: true })
  startCursor: string | null;

  @Field(() => String, { nullable: true })
  endCursor: string | null;
}

@ArgsType()
export class PageArgs {
  @OptionalField(() => Int, { description: `At most ${MAX_PAGE_SIZE}; default ${DEFAULT_PAGE_SIZE}.` })
  @Min(0)
  @Max(MAX_PAGE_SIZE, { message: `first may be at most ${MAX_PAGE_SIZE}` })
  first?: number;

  @OptionalField(() => String)
  @MaxLength(MAX_CURSOR_LENGTH)
  after?: string;

  @OptionalField(() => Int, { description: `At most ${MAX_PAGE_SIZE}.` })
  @Min(0)
  @Max(MAX_PAGE_SIZE, { message: `last may be at most ${MAX_PAGE_SIZE}` })
  last?: number;

  @OptionalField(() => String)
  @MaxLength(MAX_CURSOR_LENGTH)
  before?: string;
}

export interface Edge<T> {
  cursor: string;
  node: T;
}

export interface ConnectionShape<T> {
  edges: Edge<T>[];
  pageInfo: PageInfo;
  totalCount: number;
}

/** A Relay connection type for `Node`, named `<name>Connection` with `<name>Edge` edges. */
export const Connection = <T extends object>(Node: ClassType<T>, name: string) => {
  @ObjectType(`${name}Edge`, { simpleResolvers: true })
  class EdgeType {
    @Field()
    cursor: string;

    @Field(() => Node)
    node: T;
  }

  @ObjectType(`${name}Connection`, { simpleResolvers: true })
  class ConnectionType {
    @Field(() => [EdgeType])
    edges: EdgeType[];

    @Field(() => PageInfo)
    pageInfo: PageInfo;

    @Field(() => Int)
    totalCount: number;
  }
  return ConnectionType as ClassType<ConnectionShape<T>>;
};

/**
 * A cursor is the position of its item in the list's order (the sort key's values and the id),
 * never an offset: the page after it is the items after that position, so items added, removed or
 * leaving the filter between two requests neither hide another item nor show one twice. It names
 * the order it belongs to, so a cursor of one list's order is refused by a list of another.
 */
export const encodeCursor = (order: string, position: KeysetPosition): string =>
  Buffer.from(JSON.stringify([order, ...position.values, position.id]), 'utf8').toString('base64url');

const isSortValue = (value: unknown): value is SortValue => value === null || typeof value === 'string' || typeof value === 'number';

const decodeCursor = (cursor: string, field: string, order: ListOrder): KeysetPosition => {
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  if (/^o:\d+$/.test(text))
    throw invalidField(field, `${field} is an offset cursor of an earlier version of this server, which no longer pages by offsets: start again from the first page`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  if (
    !Array.isArray(parsed) ||
    parsed.length !== order.arity + 2 ||
    parsed[0] !== order.name ||
    typeof parsed[parsed.length - 1] !== 'string' ||
    !parsed.slice(1, -1).every(isSortValue)
  )
    throw invalidField(field, `${field} is not a cursor this list gave out`);
  return { values: parsed.slice(1, -1) as SortValue[], id: parsed[parsed.length - 1] as string };
};

/** The order a list is paged in: its name (carried by its cursors) and how many sort values precede the id. */
export interface ListOrder {
  name: string;
  arity: number;
}

/** Lists in id order, which for time-ordered ids is creation order. */
export const ID_ORDER: ListOrder = { name: 'id', arity: 0 };

/** Turns first/after/last/before into a window of positions. */
export const keysetWindow = (args: PageArgs, order: ListOrder): KeysetWindow => {
  if (args.first !== undefined && args.first !== null && args.last !== undefined && args.last !== null)
    throw invalidField('last', 'use either first or last, not both');
  const fromEnd = args.last !== undefined && args.last !== null;
  return {
    ...(args.after ? { after: decodeCursor(args.after, 'after', order) } : {}),
    ...(args.before ? { before: decodeCursor(args.before, 'before', order) } : {}),
    size: fromEnd ? args.last! : (args.first ?? DEFAULT_PAGE_SIZE),
    fromEnd,
  };
};

/** The connection of a page read through a window; `totalCount` counts the whole list, whatever the window. */
export const toConnection = <T>(page: KeysetPage<T>, window: KeysetWindow, order: ListOrder, totalCount: number): ConnectionShape<T> => {
  const edges = page.items.map(({ item, position }) => ({ cursor: encodeCursor(order.name, position), node: item }));
  return {
    edges,
    totalCount,
    pageInfo: {
      hasPreviousPage: window.fromEnd ? page.more : page.beyond,
      hasNextPage: window.fromEnd ? page.beyond : page.more,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges[edges.length - 1]?.cursor ?? null,
    },
  };
};

/** Pages a list already in memory, in its order (entity sub-lists, a stream's events). */
export const connectionOf = <T>(items: readonly T[], args: PageArgs, order: ListOrder, positionOf: (item: T) => KeysetPosition): ConnectionShape<T> => {
  const window = keysetWindow(args, order);
  return toConnection(keysetPageOf(items, positionOf, window), window, order, items.length);
};
