import { NotFound } from '../core/errors';
import type { GraphQLContext } from '../graphql/context';
import { entitiesProjection, type EntityLocation } from '../../projections/entities/entities.projection';

/** Which stream holds an entity's events, from the index of every entity. */
export const locateEntity = (ctx: GraphQLContext, entityId: string): EntityLocation => {
  const location = ctx.app.readModels.get<EntityLocation>(entitiesProjection.collection, entityId);
  if (!location) throw new NotFound('entity', entityId);
  return location;
};
