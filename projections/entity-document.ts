import type { RecordedEvent } from '../src/eventstore/event-store';
import { entityIdOf } from '../src/core/streams';
import { upcast } from '../src/eventstore/upcasters';
import type { Projection } from './projection';
import type { ListIndex } from './list-index';

/** The read model of one entity: its aggregate state plus what the log says about it. */
export interface EntityDocument<State> {
  id: string;
  /** The stream's revision: 0 after the first event. */
  version: number;
  position: string;
  createdAt: string;
  updatedAt: string;
  /** Business time of the last event. */
  occurredAt: string;
  createdBy: { id: string; name: string; role: string };
  state: State;
}

interface EntityProjectionSpec<State, E> {
  collection: string;
  category: string;
  initialState: () => State;
  evolve: (state: State, event: E) => State;
  searchText?: (state: State) => string | readonly string[];
  index?: ListIndex;
}

/**
 * Most read models are the aggregate's own state, kept per entity: the aggregate's `evolve`
 * is already the pure fold, so the projection reuses it rather than restating every rule.
 */
export const entityProjection = <State, E>(
  spec: EntityProjectionSpec<State, E>,
): Projection<EntityDocument<State>> => ({
  collection: spec.collection,
  categories: [spec.category],
  documentIdOf: (event) => entityIdOf(event.streamId),
  evolve: (doc, recorded) => {
    const event = upcast(recorded);
    const state = spec.evolve(doc ? doc.state : spec.initialState(), { type: event.type, data: event.data } as E);
    return {
      id: doc?.id ?? entityIdOf(event.streamId),
      version: event.revision,
      position: event.position,
      createdAt: doc?.createdAt ?? event.recordedAt,
      updatedAt: event.recordedAt,
      occurredAt: event.metadata.occurredAt,
      createdBy: doc?.createdBy ?? event.metadata.actor,
      state,
    };
  },
  ...(spec.searchText && { searchText: (doc: EntityDocument<State>) => spec.searchText!(doc.state) }),
  ...(spec.index && { index: spec.index }),
});

/** Folds one entity's events through its projection: the entity as of any point of its stream. */
export const foldEntity = <Doc extends object>(projection: Projection<Doc>, events: RecordedEvent[]): Doc | null =>
  events.reduce<Doc | null>((doc, event) => projection.evolve(doc, event), null);
