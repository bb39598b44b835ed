import type { EventStore, RecordedEvent } from '../src/eventstore/event-store';
import { comparePositions } from '../src/eventstore/position';
import type { Logger } from '../src/logger';
import type { Projection } from './projection';
import { applyEvents } from './apply-events';
import { ReadModelStore } from './read-model-store';
import { snapshotBase, type Snapshot, type SnapshotStore } from './snapshots/snapshot-store';
import { belongsToLog } from './snapshots/snapshotter';

export interface PointInLog {
  untilRecordedAt?: string;
  untilPosition?: string;
}

/** Reports how far a build has folded: for progress bars on large stores. */
export type FoldProgress = (folded: { events: number; position: string }) => void;

export interface ReadModelsAtOptions {
  store: EventStore;
  projections: readonly Projection[];
  /** Where to start from instead of the first event; without it every build folds the whole log. */
  snapshots?: SnapshotStore;
  logger?: Logger;
  onProgress?: FoldProgress;
}

const BATCH = 5_000;

/**
 * The last event at or before the point (both limits inclusive), or null when the point comes
 * before the first event: a time and a position name the same state once resolved to it.
 */
export const resolvePoint = async (store: EventStore, point: PointInLog): Promise<RecordedEvent | null> => {
  const [event] = await store.readAll({ ...point, direction: 'backwards', maxCount: 1 });
  return event ?? null;
};

/** The latest snapshot at or before `position` that this log can vouch for. */
const nearestSnapshot = async (
  store: EventStore,
  snapshots: SnapshotStore,
  position: string,
  logger?: Logger,
): Promise<Snapshot | null> => {
  const candidate = snapshots
    .snapshots()
    .filter((snapshot) => comparePositions(snapshot.position, position) <= 0)
    .at(-1);
  if (!candidate) return null;
  if (await belongsToLog(store, candidate)) return candidate;
  logger?.warn({ position: candidate.position }, 'as-of: the snapshot does not match the log; folding from the start');
  return null;
};

/**
 * Every read model as the records stood at an event of the log (inclusive): a fresh in-memory store
 * reading through to the nearest snapshot, the events after it folded forward through the same
 * projections the live side uses. Without snapshots the fold starts at the first event.
 */
export const readModelsAtEvent = async (options: ReadModelsAtOptions, until: RecordedEvent | null): Promise<ReadModelStore> => {
  const { store, projections, snapshots, logger, onProgress } = options;
  const readModels = new ReadModelStore(':memory:', projections, { indexOnFirstRead: true, keeps: projections.map((projection) => projection.collection) });
  if (!until) return readModels;
  const snapshot = snapshots ? await nearestSnapshot(store, snapshots, until.position, logger) : null;
  // Read through to the snapshot: only the documents the fold touches are read; a list reads the snapshot's index of its keys.
  if (snapshot) readModels.readThrough(snapshotBase(readModels, snapshots!, snapshot.ordinal));
  let fromPosition = snapshot?.position;
  let folded = 0;
  while (fromPosition === undefined || comparePositions(fromPosition, until.position) < 0) {
    const events = await store.readAll({ fromPosition, maxCount: BATCH, untilPosition: until.position });
    if (events.length === 0) break;
    const fold = () => readModels.transaction(() => applyEvents(readModels, projections, events));
    if (snapshot) snapshots!.readingTogether(fold);
    else fold();
    fromPosition = events[events.length - 1].position;
    folded += events.length;
    onProgress?.({ events: folded, position: fromPosition });
  }
  readModels.setCheckpoint(until.position);
  return readModels;
};

/** The read models at a point, with the point resolved first: what replay files and tools need. */
export const readModelsAtPoint = async (options: ReadModelsAtOptions, point: PointInLog) =>
  readModelsAtEvent(options, await resolvePoint(options.store, point));

/** The reference: a fold of the whole log from its first event, with no snapshot involved. */
export const buildReadModelsAt = (store: EventStore, projections: readonly Projection[], point: PointInLog) =>
  readModelsAtPoint({ store, projections }, point);

/**
 * `readModelsAt(point)` for the server: built stores are kept in a small LRU keyed by the resolved
 * position, so paging through one as-of list (or several resolvers asking for the same instant)
 * builds once. The past never changes, so a cached store never goes stale. Stores are shared:
 * callers only read them. They fold only the projections served as of a point: at a million
 * events, the index of every entity alone was half of what a build read through to its snapshot.
 */
export const cachedReadModelsAt = (everything: ReadModelsAtOptions, capacity = 4) => {
  const options = { ...everything, projections: everything.projections.filter((projection) => projection.servedAsOf !== false) };
  const cache = new Map<string, Promise<ReadModelStore>>();
  const readModelsAt = async (point: PointInLog): Promise<ReadModelStore> => {
    const until = await resolvePoint(options.store, point);
    const key = until?.position ?? 'before-the-first-event';
    let built = cache.get(key);
    if (built) cache.delete(key);
    else {
      built = readModelsAtEvent(options, until);
      // A failed build is not remembered: the next request tries again.
      built.catch(() => cache.get(key) === built && cache.delete(key));
    }
    cache.set(key, built);
    // Evicted stores are not closed: a request may still be reading one; the connection closes when it is collected.
    while (cache.size > capacity) cache.delete(cache.keys().next().value!);
    return built;
  };
  /** Drops every store built so far: for when the snapshots they started from are found damaged. */
  const forget = (): void => cache.clear();
  return Object.assign(readModelsAt, { forget });
};
