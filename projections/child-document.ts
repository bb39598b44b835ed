import type { RecordedEvent } from '../src/eventstore/event-store';
import { entityIdOf } from '../src/core/streams';
import { upcast } from '../src/eventstore/upcasters';
import type { Projection } from './projection';
import type { ListIndex } from './list-index';

/**
 * One item of an entity's growing list (a meeting's outcome, a resolution's progress report) kept
 * as a document of its own, so an event writes the item it makes or changes, not the whole list.
 * Its id is `<entity id>/<item key>`: an entity's items sit together in the id order.
 */
export const childIdOf = (ownerId: string, key: string): string => `${ownerId}/${key}`;

/** What a child's fold knows of the event besides its data. */
export interface ChildEventContext {
  /** The entity the list belongs to (its stream's entity id). */
  ownerId: string;
  /** The event's revision in the entity's stream: the order of the list, and the key of items that have no id of their own. */
  revision: number;
  recordedAt: string;
  /** The event's id: the id of an item that has none of its own in the event (a progress report). */
  eventId: string;
}

interface ChildProjectionSpec<Child, E> {
  collection: string;
  category: string;
  /** The keys of the items an event makes or changes; none for most events. */
  keysOf(event: E, context: ChildEventContext): readonly string[];
  /** The item after the event (null: absent); called once per key the event names. */
  evolve(child: Child | null, event: E, context: ChildEventContext): Child | null;
  searchText?: (child: Child) => string;
  index?: ListIndex;
}

const contextOf = (recorded: RecordedEvent): ChildEventContext => ({
  ownerId: entityIdOf(recorded.streamId),
  revision: recorded.revision,
  recordedAt: recorded.recordedAt,
  eventId: recorded.eventId,
});

/** A projection of one kind of list item: a pure fold per item, of the events of its entity's stream that name it. */
export const childProjection = <Child extends object, E>(spec: ChildProjectionSpec<Child, E>): Projection<Child> => ({
  collection: spec.collection,
  categories: [spec.category],
  documentIdOf: (recorded) => {
    const context = contextOf(recorded);
    const event = upcast(recorded);
    return spec.keysOf({ type: event.type, data: event.data } as E, context).map((key) => childIdOf(context.ownerId, key));
  },
  evolve: (child, recorded) => {
    const event = upcast(recorded);
    return spec.evolve(child, { type: event.type, data: event.data } as E, contextOf(recorded));
  },
  ...(spec.searchText && { searchText: spec.searchText }),
  ...(spec.index && { index: spec.index }),
});
