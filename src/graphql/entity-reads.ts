import { NotFound } from '../core/errors';
import { streamIdOf } from '../core/streams';
import type { Projection } from '../../projections/projection';
import type { DocumentQuery, ReadModelStore } from '../../projections/read-model-store';
import type { GraphQLContext } from './context';
import type { ReadArgs } from './read-args';
import { isPastPoint, pointOfRead } from './read-point';
import { keysetWindow, toConnection, type ConnectionShape, type PageArgs } from './connection';

/**
 * How a root entity field is declared: nullable, so that an entity that does not exist (at that
 * point in time) is `null` with a NOT_FOUND error for that field alone, and the other fields of the
 * same request keep their data (a non-null field would null the whole answer).
 */
export const ENTITY_QUERY = {
  nullable: true,
  description: 'Null, with a NOT_FOUND error for this field, when there is no such entity (at that point in time).',
} as const;


/** The store's read limits for the past point a query names (pointOfRead: a null argument names none). */
const pastPointOf = (read: ReadArgs) => {
  const point = pointOfRead(read);
  return { untilRecordedAt: point.asOf?.toISOString(), untilPosition: point.atPosition };
};

/** Read-your-writes: waits for the read models to pass the given position before answering. */
export const awaitConsistency = async (ctx: GraphQLContext, read: ReadArgs): Promise<void> => {
  if (read.consistentWith)
    await ctx.app.projections.waitFor(read.consistentWith, ctx.app.config.CONSISTENCY_TIMEOUT_MS);
};

/** The read models to answer from, once read-your-writes is met: live, or as the records stood at `asOf`/`atPosition`. */
export const readModelsFor = async (ctx: GraphQLContext, read: ReadArgs): Promise<ReadModelStore> => {
  await awaitConsistency(ctx, read);
  return isPastPoint(read)
    ? ctx.app.readModelsAt(pastPointOf(read))
    : ctx.app.readModels;
};

/**
 * One entity by id, or null: from the live read model, or, with `asOf`/`atPosition`, its document
 * in the nearest snapshot folded forward with its own stream's later events (never the whole log).
 */
export const findEntity = async <Doc extends object>(
  ctx: GraphQLContext,
  projection: Projection<Doc>,
  category: string,
  id: string,
  read: ReadArgs = {},
): Promise<Doc | null> => {
  await awaitConsistency(ctx, read);
  return isPastPoint(read)
    ? ctx.app.entityAt(projection, streamIdOf(category, id), id, pastPointOf(read))
    : ctx.app.readModels.get<Doc>(projection.collection, id);
};

/** The same, NOT_FOUND when there is no such entity (then). */
export const readEntity = async <Doc extends object>(
  ctx: GraphQLContext,
  projection: Projection<Doc>,
  category: string,
  entityName: string,
  id: string,
  read: ReadArgs = {},
): Promise<Doc> => {
  const doc = await findEntity(ctx, projection, category, id, read);
  if (!doc) throw new NotFound(entityName, id);
  return doc;
};

/** An entity and the read models its lists are read from: the live ones, or its own as of a point. */
export interface EntityWithItems<Doc> {
  doc: Doc;
  readModels: ReadModelStore;
}

/**
 * One entity whose lists are kept as documents of their own (a meeting's outcomes): from the live
 * read models, or, with `asOf`/`atPosition`, in a store holding just it and its items as they stood
 * then (projections/entity-at.ts). Null when there is no such entity (then).
 */
export const findEntityWithItems = async <Doc extends object>(
  ctx: GraphQLContext,
  projection: Projection<Doc>,
  category: string,
  id: string,
  read: ReadArgs = {},
): Promise<EntityWithItems<Doc> | null> => {
  await awaitConsistency(ctx, read);
  const readModels = isPastPoint(read)
    ? await ctx.app.entityStoreAt(category, streamIdOf(category, id), id, pastPointOf(read))
    : ctx.app.readModels;
  const doc = readModels.get<Doc>(projection.collection, id);
  return doc ? { doc, readModels } : null;
};

export const readEntityWithItems = async <Doc extends object>(
  ctx: GraphQLContext,
  projection: Projection<Doc>,
  category: string,
  entityName: string,
  id: string,
  read: ReadArgs = {},
): Promise<EntityWithItems<Doc>> => {
  const found = await findEntityWithItems(ctx, projection, category, id, read);
  if (!found) throw new NotFound(entityName, id);
  return found;
};

/** A page of a read model, live or as the records stood at `asOf`/`atPosition`, in the collection's list order. */
export const readPage = async <Doc extends object, Node>(
  ctx: GraphQLContext,
  collection: string,
  query: DocumentQuery,
  page: PageArgs,
  read: ReadArgs,
  toNode: (doc: Doc, readModels: ReadModelStore) => Node,
): Promise<ConnectionShape<Node>> => {
  const readModels = await readModelsFor(ctx, read);
  const order = readModels.listOrder(collection);
  const window = keysetWindow(page, order);
  const found = readModels.page<Doc>(collection, query, window);
  return toConnection({ ...found, items: found.items.map(({ item, position }) => ({ item: toNode(item, readModels), position })) }, window, order, found.totalCount!);
};
