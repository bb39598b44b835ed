import { ArgsType, Field, Int, ObjectType, type ClassType } from 'type-graphql';
import { Max, Min, MaxLength } from 'class-validator';
import { OptionalField } from './input-fields';
import { invalidField } from '../core/errors';

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 500;

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
  @MaxLength(100)
  after?: string;

  @OptionalField(() => Int, { description: `At most ${MAX_PAGE_SIZE}.` })
  @Min(0)
  @Max(MAX_PAGE_SIZE, { message: `last may be at most ${MAX_PAGE_SIZE}` })
  last?: number;

  @OptionalField(() => String)
  @MaxLength(100)
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

// Cursors are offsets into a stable order: cheap in both directions, opaque to clients.
const cursorText = (offset: number): string => Buffer.from(`o:${offset}`, 'utf8').toString('base64url');
/** The first pages' cursors are the same on every list and every request: encoded once. */
const EARLY_CURSORS = Array.from({ length: 1_000 }, (_, offset) => cursorText(offset));
const encodeCursor = (offset: number): string => EARLY_CURSORS[offset] ?? cursorText(offset);

const decodeCursor = (cursor: string, field: string): number => {
  const match = /^o:(\d{1,9})$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!match) throw invalidField(field, `${field} is not a cursor this list gave out`);
  return Number(match[1]);
};

export interface PageWindow {
  offset: number;
  limit: number;
}

/** Turns first/after/last/before into an offset window over `totalCount` items. */
export const pageWindow = (args: PageArgs, totalCount: number): PageWindow => {
  if (args.first !== undefined && args.first !== null && args.last !== undefined && args.last !== null)
    throw invalidField('last', 'use either first or last, not both');
  let start = args.after ? decodeCursor(args.after, 'after') + 1 : 0;
  let end = args.before ? Math.min(decodeCursor(args.before, 'before'), totalCount) : totalCount;
  if (args.last !== undefined && args.last !== null) start = Math.max(start, end - args.last);
  else end = Math.min(end, start + (args.first ?? DEFAULT_PAGE_SIZE));
  return { offset: start, limit: Math.max(0, end - start) };
};

/** Whether a page request needs the total before it can say where it starts (only `last` without `before`). */
export const needsTotalFirst = (args: PageArgs): boolean => args.last !== undefined && args.last !== null && !args.before;

export const toConnection = <T>(nodes: T[], window: PageWindow, totalCount: number): ConnectionShape<T> => {
  const edges = nodes.map((node, index) => ({ cursor: encodeCursor(window.offset + index), node }));
  return {
    edges,
    totalCount,
    pageInfo: {
      hasPreviousPage: window.offset > 0,
      hasNextPage: window.offset + nodes.length < totalCount,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges[edges.length - 1]?.cursor ?? null,
    },
  };
};

/** Pages a list already in memory (entity sub-lists such as a meeting's outcomes). */
export const connectionOf = <T>(items: T[], args: PageArgs): ConnectionShape<T> => {
  const window = pageWindow(args, items.length);
  return toConnection(items.slice(window.offset, window.offset + window.limit), window, items.length);
};
