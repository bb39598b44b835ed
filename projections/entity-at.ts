import type { EventStore } from '../src/eventstore/event-store';
import { comparePositions } from '../src/eventstore/position';
import type { Projection } from './projection';
import { foldEntity } from './entity-document';
import { resolvePoint, type PointInLog } from './read-models-at';
import { snapshotBase, type SnapshotStore } from './snapshots/snapshot-store';
import { ReadModelStore } from './read-model-store';
import { applyEvents } from './apply-events';
import { belongsToLog } from './snapshots/snapshotter';

export interface EntityAtOptions {
  store: EventStore;
  snapshots?: SnapshotStore;
}

/**
 * One entity as the records stood at a point: its document in the nearest snapshot, then only
 * its own stream's events after that, so an entity with ten thousand events costs a few reads
 * rather than a fold of its whole stream. Entity documents are folds of their one stream and carry
 * its revision as `version`; a document without one is folded from the stream's start.
 */
export const entityAt = async <Doc extends object>(
  options: EntityAtOptions,
  projection: Projection<Doc>,
  streamId: string,
  id: string,
  point: PointInLog,
): Promise<Doc | null> => {
  const { store, snapshots } = options;
  const until = await resolvePoint(store, point);
  if (!until) return null;
  const snapshot = snapshots
    ?.snapshots()
    .filter((candidate) => comparePositions(candidate.position, until.position) <= 0)
    .at(-1);
  const start = snapshot && (await belongsToLog(store, snapshot)) ? snapshots!.documentAt<Doc>(projection.collection, id, snapshot.ordinal) : null;
  const version = start && 'version' in start && typeof start.version === 'number' ? start.version : null;
  if (start && version !== null) {
    const later = await store.readStream(streamId, { fromRevision: version + 1, untilPosition: until.position });
    return later.reduce<Doc | null>((doc, event) => projection.evolve(doc, event), start);
  }
  return foldEntity(projection, await store.readStream(streamId, { untilPosition: until.position }));
};

export interface EntityStoreAtOptions extends EntityAtOptions {
  projections: readonly Projection[];
}

/**
 * One entity with its items (a meeting's participants and outcomes…) as the records stood at a
 * point, in a small store of its own that the entity's GraphQL view reads like the live one: its
 * own stream's events after the nearest snapshot folded through every projection of its category,
 * reading through to that snapshot for the documents they touch. A list of its items reads the
 * snapshot file's index of their keys within this entity, overlaid with the items folded since (a
 * snapshot file without one copies the entity's items in), only if a query reads it: an entity of
 * ten thousand outcomes read for its title reads none of them.
 */
export const entityStoreAt = async (
  options: EntityStoreAtOptions,
  category: string,
  streamId: string,
  id: string,
  point: PointInLog,
): Promise<ReadModelStore> => {
  const { store, snapshots } = options;
  const projections = options.projections.filter((projection) => projection.categories.includes(category));
  const readModels = new ReadModelStore(':memory:', projections, { indexOnFirstRead: true });
  const until = await resolvePoint(store, point);
  if (!until) return readModels;
  const snapshot = snapshots
    ?.snapshots()
    .filter((candidate) => comparePositions(candidate.position, until.position) <= 0)
    .at(-1);
  let fromRevision = 0;
  if (snapshot && (await belongsToLog(store, snapshot))) {
    const version = projections
      .map((projection) => snapshots!.documentAt<{ version?: unknown }>(projection.collection, id, snapshot.ordinal)?.version)
      .find((candidate): candidate is number => typeof candidate === 'number');
    if (version !== undefined) {
      readModels.readThrough(snapshotBase(readModels, snapshots!, snapshot.ordinal, id));
      fromRevision = version + 1;
    }
  }
  const events = await store.readStream(streamId, { fromRevision, untilPosition: until.position });
  readModels.transaction(() => applyEvents(readModels, projections, events));
  return readModels;
};
