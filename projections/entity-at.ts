import type { EventStore } from '../src/eventstore/event-store';
import { comparePositions } from '../src/eventstore/position';
import type { Projection } from './projection';
import { foldEntity } from './entity-document';
import { resolvePoint, type PointInLog } from './read-models-at';
import type { SnapshotStore } from './snapshots/snapshot-store';
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
