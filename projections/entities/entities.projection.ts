import { categoryOf, entityIdOf } from '../../src/core/streams';
import { ALL_CATEGORIES, type Projection } from '../projection';

/** Where an entity's events live: what `history(entityId)` and `diff(entityId)` need to find its stream. */
export interface EntityLocation {
  id: string;
  /** The stream category, which is also the `entityType` of the audit log (`organization`, `meeting`, …). */
  category: string;
  streamId: string;
}

/** Every entity of every slice, by id: fed by all streams, written once, at the entity's first event. */
export const entitiesProjection: Projection<EntityLocation> = {
  collection: 'entities',
  categories: [ALL_CATEGORIES],
  // Where an id's events live does not change with time: history and diff read it live.
  servedAsOf: false,
  documentIdOf: (event) => entityIdOf(event.streamId),
  // Ids are uuidv7, unique across categories; should two streams ever share one, the first keeps it.
  evolve: (doc, event) => doc ?? { id: entityIdOf(event.streamId), category: categoryOf(event.streamId), streamId: event.streamId },
};
