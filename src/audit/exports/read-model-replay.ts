import { once } from 'node:events';
import type { Writable } from 'node:stream';
import type { EventStore, RecordedEvent } from '../../eventstore/event-store';
import { comparePositions } from '../../eventstore/position';
import { applyEvents } from '../../../projections/apply-events';
import type { Projection } from '../../../projections/projection';
import { ReadModelStore } from '../../../projections/read-model-store';
import { readModelsAtEvent, resolvePoint, type FoldProgress, type PointInLog } from '../../../projections/read-models-at';
import type { SnapshotStore } from '../../../projections/snapshots/snapshot-store';

export interface ReplaySummary {
  asOf: string | null;
  /** The business time replayed to: only events that had happened by then are folded. */
  occurredUntil: string | null;
  /** The last event the replay includes; null when the point comes before the first event. */
  position: string | null;
  documents: Record<string, number>;
}

export interface ReplayOptions {
  store: EventStore;
  projections: readonly Projection[];
  snapshots?: SnapshotStore;
  point: PointInLog;
  /**
   * Business time (ISO): fold only the events that had happened (`occurredAt`) by then, as the log
   * recorded them up to `point` (the head when the point names nothing), in the order recorded.
   */
  occurredUntil?: string;
  onFold?: FoldProgress;
  /** Called once the fold is done, with how far it went (for a progress bar's total). */
  onResolved?: (position: string | null) => void;
}

const write = async (out: Writable, text: string): Promise<void> => {
  if (!out.write(text)) await once(out, 'drain');
};

const BATCH = 5_000;

/**
 * The read models as the events that had happened by `occurredUntil` describe them, from the first
 * event to `until`: no snapshot can start this fold, since each holds events of any business time.
 */
const readModelsOfEventsHappenedBy = async (options: ReplayOptions, until: RecordedEvent | null, occurredUntil: string): Promise<ReadModelStore> => {
  const readModels = new ReadModelStore(':memory:');
  if (!until) return readModels;
  let fromPosition: string | undefined;
  let folded = 0;
  while (fromPosition === undefined || comparePositions(fromPosition, until.position) < 0) {
    const events = await options.store.readAll({ fromPosition, maxCount: BATCH, untilPosition: until.position });
    if (events.length === 0) break;
    const happened = events.filter((event) => event.metadata.occurredAt <= occurredUntil);
    if (happened.length > 0) readModels.transaction(() => applyEvents(readModels, options.projections, happened));
    fromPosition = events[events.length - 1].position;
    folded += events.length;
    options.onFold?.({ events: folded, position: fromPosition });
  }
  readModels.setCheckpoint(until.position);
  return readModels;
};

/**
 * Every read model as it stood at a point of the log, written as
 * `{ asOf, [occurredUntil,] position, collections: { name: [docs…] } }` — built by the same code path as the
 * GraphQL as-of queries (nearest snapshot, then a fold), so the file and the API agree. Documents
 * are streamed straight from the store as stored JSON, so a large replay never sits in one string.
 */
export const replayReadModels = async (options: ReplayOptions, out: Writable): Promise<ReplaySummary> => {
  const until = await resolvePoint(options.store, options.point);
  options.onResolved?.(until?.position ?? null);
  const readModels =
    options.occurredUntil === undefined
      ? await readModelsAtEvent(
          { store: options.store, projections: options.projections, snapshots: options.snapshots, onProgress: options.onFold },
          until,
        )
      : await readModelsOfEventsHappenedBy(options, until, options.occurredUntil);
  const summary: ReplaySummary = {
    asOf: options.point.untilRecordedAt ?? null,
    occurredUntil: options.occurredUntil ?? null,
    position: until?.position ?? null,
    documents: {},
  };
  try {
    const head = `"asOf":${JSON.stringify(summary.asOf)},${summary.occurredUntil === null ? '' : `"occurredUntil":${JSON.stringify(summary.occurredUntil)},`}`;
    await write(out, `{${head}"position":${JSON.stringify(summary.position)},"collections":{`);
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
