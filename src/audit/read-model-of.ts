import { categoryOf, entityIdOf } from '../core/streams';
import type { RecordedEvent } from '../eventstore/event-store';
import type { Projection } from '../../projections/projection';

/**
 * The read model an entity's stream folds into: the projection, of those the server keeps, that reads the stream's
 * category and keeps one document per entity. Null for a stream no read model reads.
 */
export const readModelOf = (projections: readonly Projection[], streamId: string): Projection | null => {
  const category = categoryOf(streamId);
  const probe = { streamId } as RecordedEvent;
  return (
    projections.find(
      (projection) => projection.categories.includes(category) && projection.documentIdOf(probe) === entityIdOf(streamId),
    ) ?? null
  );
};
