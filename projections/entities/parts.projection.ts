import { categoryOf, entityIdOf } from '../../src/core/streams';
import type { RecordedEvent } from '../../src/eventstore/event-store';
import type { Projection } from '../projection';

/**
 * Which parts of an entity (a meeting's outcome, a resolution's progress report) an event of its
 * stream makes and touches. Read off the event as recorded (upcast first), never stored in it: old
 * events are traced the same way as new ones, and no event is ever rewritten for it.
 */
export interface PartTracer {
  /** The stream category whose events it reads. */
  readonly category: string;
  /** The part the event brings into being, if any, and its kind (`outcome`, `participant`, …). */
  created(event: RecordedEvent): { id: string; kind: string } | null;
  /** The ids of every part the event touches, the one it creates included. */
  touched(event: RecordedEvent): readonly string[];
}

/** Where a part's events live: its entity's stream, filtered to the events that touch it. */
export interface PartLocation {
  id: string;
  kind: string;
  /** The entity it belongs to, and that entity's category and stream. */
  ownerId: string;
  category: string;
  streamId: string;
}

export const PARTS_COLLECTION = 'parts';

/** Every part of every traced entity, by id: written once, by the event that makes it. */
export const partsProjection = (tracers: readonly PartTracer[]): Projection<PartLocation> => {
  const byCategory = new Map(tracers.map((tracer) => [tracer.category, tracer]));
  const createdBy = (event: RecordedEvent) => byCategory.get(categoryOf(event.streamId))?.created(event) ?? null;
  return {
    collection: PARTS_COLLECTION,
    categories: [...byCategory.keys()],
    // Where a part's events live does not change with time: its history reads it live.
    servedAsOf: false,
    documentIdOf: (event) => {
      const part = createdBy(event);
      return part ? [part.id] : [];
    },
    // Ids are uuidv7, unique across parts and entities; should two ever share one, the first keeps it.
    evolve: (doc, event) => {
      if (doc) return doc;
      const part = createdBy(event);
      return part && { id: part.id, kind: part.kind, ownerId: entityIdOf(event.streamId), category: categoryOf(event.streamId), streamId: event.streamId };
    },
  };
};

/** Whether the event touches the part, by the tracer of the part's category. */
export const touchesPart = (tracers: readonly PartTracer[], part: PartLocation, event: RecordedEvent): boolean =>
  tracers.find((tracer) => tracer.category === part.category)?.touched(event).includes(part.id) ?? false;
