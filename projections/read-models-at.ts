import type { EventStore } from '../src/eventstore/event-store';
import type { Projection } from './projection';
import { applyEvents } from './projection-runner';
import { ReadModelStore } from './read-model-store';

export interface PointInLog {
  untilRecordedAt?: string;
  untilPosition?: string;
}

const BATCH = 5_000;

/**
 * Every read model as the records stood at a point of the log, built in memory by folding the log
 * up to that point through the same projections the live side uses.
 */
export const buildReadModelsAt = async (
  store: EventStore,
  projections: readonly Projection[],
  point: PointInLog,
): Promise<ReadModelStore> => {
  const readModels = new ReadModelStore(':memory:');
  let fromPosition: string | undefined;
  for (;;) {
    const events = await store.readAll({ fromPosition, maxCount: BATCH, ...point });
    if (events.length === 0) break;
    readModels.transaction(() => applyEvents(readModels, projections, events));
    fromPosition = events[events.length - 1].position;
    if (events.length < BATCH) break;
  }
  if (fromPosition) readModels.setCheckpoint(fromPosition);
  return readModels;
};
