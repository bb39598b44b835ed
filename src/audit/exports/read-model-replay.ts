import { once } from 'node:events';
import type { Writable } from 'node:stream';
import type { EventStore } from '../../eventstore/event-store';
import type { Projection } from '../../../projections/projection';
import { readModelsAtEvent, resolvePoint, type FoldProgress, type PointInLog } from '../../../projections/read-models-at';
import type { SnapshotStore } from '../../../projections/snapshots/snapshot-store';

export interface ReplaySummary {
  asOf: string | null;
  /** The last event the replay includes; null when the point comes before the first event. */
  position: string | null;
  documents: Record<string, number>;
}

export interface ReplayOptions {
  store: EventStore;
  projections: readonly Projection[];
  snapshots?: SnapshotStore;
  point: PointInLog;
  onFold?: FoldProgress;
  /** Called once the fold is done, with how far it went (for a progress bar's total). */
  onResolved?: (position: string | null) => void;
}

const write = async (out: Writable, text: string): Promise<void> => {
  if (!out.write(text)) await once(out, 'drain');
};

/**
 * Every read model as it stood at a point of the log, written as
 * `{ asOf, position, collections: { name: [docs…] } }` — built by the same code path as the
 * GraphQL as-of queries (nearest snapshot, then a fold), so the file and the API agree. Documents
 * are streamed straight from the store as stored JSON, so a large replay never sits in one string.
 */
export const replayReadModels = async (options: ReplayOptions, out: Writable): Promise<ReplaySummary> => {
  const until = await resolvePoint(options.store, options.point);
  options.onResolved?.(until?.position ?? null);
  const readModels = await readModelsAtEvent(
    { store: options.store, projections: options.projections, snapshots: options.snapshots, onProgress: options.onFold },
    until,
  );
  const summary: ReplaySummary = { asOf: options.point.untilRecordedAt ?? null, position: until?.position ?? null, documents: {} };
  try {
    await write(out, `{"asOf":${JSON.stringify(summary.asOf)},"position":${JSON.stringify(summary.position)},"collections":{`);
    const collections = [...new Set(options.projections.map((projection) => projection.collection))].sort();
    for (const [index, collection] of collections.entries()) {
      await write(out, `${index === 0 ? '' : ','}${JSON.stringify(collection)}:[`);
      let count = 0;
      let chunk = '';
      for (const doc of readModels.documentTexts(collection)) {
        chunk += `${count === 0 ? '' : ','}${doc}`;
        count++;
        if (chunk.length > 1 << 20) {
          // The statement is paused, not closed, while the stream drains: SQLite keeps its place.
          await write(out, chunk);
          chunk = '';
        }
      }
      await write(out, `${chunk}]`);
      summary.documents[collection] = count;
    }
    await write(out, '}}\n');
  } finally {
    readModels.close();
  }
  return summary;
};
