import type { RecordedEvent } from '../src/eventstore/event-store';
import { categoryOf } from '../src/core/streams';
import { sortablePosition } from '../src/eventstore/position';
import { ALL_CATEGORIES, type DocumentChange, type DocumentWriter, type Projection } from './projection';
import { searchKeyOf } from './search-key';

/** The changes of batches the runner applied lately: another fold of the same events can take them as they are. */
export interface AppliedBatches {
  /** What the events after `after` up to `last` changed, if they were applied lately as one batch through these projections. */
  changesOf(projections: readonly Projection[], after: string, last: string): readonly DocumentChange[] | undefined;
}

const routesByProjections = new WeakMap<readonly Projection[], (category: string) => readonly Projection[]>();

/** Which projections read a stream category (its own, then those of every stream), worked out once per list. */
const routesOf = (projections: readonly Projection[]): ((category: string) => readonly Projection[]) => {
  let route = routesByProjections.get(projections);
  if (!route) {
    const byCategory = new Map<string, Projection[]>();
    for (const projection of projections)
      for (const category of projection.categories)
        byCategory.set(category, [...(byCategory.get(category) ?? []), projection]);
    const everyStream = byCategory.get(ALL_CATEGORIES) ?? [];
    const routes = new Map<string, readonly Projection[]>();
    route = (category) => {
      let readers = routes.get(category);
      if (!readers) routes.set(category, (readers = [...(byCategory.get(category) ?? []), ...everyStream]));
      return readers;
    };
    routesByProjections.set(projections, route);
  }
  return route;
};

interface TouchedDocument {
  doc: object | null;
  changed: boolean;
  /** `sortablePosition` of the last event already in the stored document (null: unknown or new). */
  foldedUpTo: string | null;
  /** The last event this batch folded into it. */
  position: string | null;
}

/**
 * Applies a batch of events to every projection that reads their streams, in one transaction.
 * Each document the batch touches is read once, folded through all of its events in memory and
 * written once at the end: the same documents as writing after every event (nothing reads the
 * documents in between), without parsing and serialising a large document once per event. A fold
 * that hands back the very document it was given changed nothing (folds are pure), so it is not
 * written again. An event at or below the position the stored document is already folded up to
 * (where the writer keeps it) is skipped: it is in the document already.
 */
export const applyEvents = (readModels: DocumentWriter, projections: readonly Projection[], events: RecordedEvent[]): DocumentChange[] => {
  const route = routesOf(projections);
  // First which documents each event goes to, so the stored ones are read a collection at a time,
  // one statement for the batch (nothing is written before the folds are done, so they read the same).
  const targets: (readonly [Projection, readonly string[]])[][] = [];
  const touched = new Map<Projection, Map<string, TouchedDocument>>();
  const wanted = new Map<Projection, Set<string>>();
  for (const event of events) {
    const ofEvent: (readonly [Projection, readonly string[]])[] = [];
    for (const projection of route(categoryOf(event.streamId))) {
      const ids = projection.documentIdOf(event);
      if (typeof ids !== 'string' && ids.length === 0) continue;
      const list = typeof ids === 'string' ? [ids] : ids;
      ofEvent.push([projection, list]);
      let ofProjection = wanted.get(projection);
      if (!ofProjection) {
        wanted.set(projection, (ofProjection = new Set()));
        touched.set(projection, new Map());
      }
      for (const id of list) ofProjection.add(id);
    }
    targets.push(ofEvent);
  }
  if (readModels.getManyFolded)
    for (const [projection, ids] of wanted) {
      const documents = touched.get(projection)!;
      for (const [id, stored] of readModels.getManyFolded<object>(projection.collection, [...ids]))
        documents.set(id, { doc: stored.doc, foldedUpTo: stored.foldedUpTo, changed: false, position: null });
    }
  for (let i = 0; i < events.length; i++) {
    const event = events[i];
    let eventKey: string | undefined;
    for (const [projection, ids] of targets[i]) {
      const documents = touched.get(projection)!;
      for (const id of ids) {
        let entry = documents.get(id);
        if (!entry) {
          const stored = readModels.getFolded
            ? readModels.getFolded<object>(projection.collection, id)
            : { doc: readModels.get<object>(projection.collection, id), foldedUpTo: null };
          documents.set(id, (entry = { doc: stored.doc, foldedUpTo: stored.foldedUpTo, changed: false, position: null }));
        }
        if (entry.foldedUpTo !== null && (eventKey ??= sortablePosition(event.position)) <= entry.foldedUpTo) continue;
        entry.position = event.position;
        const next = projection.evolve(entry.doc, event);
        if (next !== entry.doc) {
          entry.doc = next;
          entry.changed = true;
        }
      }
    }
  }
  const changes: DocumentChange[] = [];
  for (const [projection, documents] of touched)
    for (const [id, { doc, changed, position }] of documents) {
      if (!changed) continue;
      const change: DocumentChange =
        doc === null
          ? { collection: projection.collection, id, json: null, search: '', position: position! }
          : {
              collection: projection.collection,
              id,
              json: JSON.stringify(doc),
              search: searchKeyOf(projection.searchText?.(doc as never) ?? ''),
              position: position!,
            };
      readModels.write(change, doc);
      changes.push(change);
    }
  return changes;
};
