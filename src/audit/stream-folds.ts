import type { EventStore, RecordedEvent } from '../eventstore/event-store';
import type { GraphQLContext } from '../graphql/context';
import type { Projection } from '../../projections/projection';
import { asStored, fieldChanges, type FieldChangeShape } from './field-changes';
import { readModelOf } from './read-model-of';

/** The read model document of one stream after each revision (null where it did not exist). */
type Fold = (object | null)[];

/**
 * Each stream read and folded at most once per request, so a page of history (or an audit page
 * with many events of one entity) does not fold the same stream once per event. Bounded, because a
 * subscription keeps its context for as long as it runs.
 */
export class StreamFolds {
  private readonly folds = new Map<string, Promise<Fold>>();

  constructor(
    private readonly store: EventStore,
    private readonly projections: readonly Projection[],
    private readonly maxStreams = 100,
  ) {}

  /** What the event changed in its entity's read model; empty for a stream no read model reads. */
  async changesOf(event: RecordedEvent): Promise<FieldChangeShape[]> {
    if (!readModelOf(this.projections, event.streamId)) return [];
    let fold = await this.foldOf(event.streamId);
    // A fold made before this event was appended (a long-lived subscription) is carried on from where it stopped.
    if (fold.length <= event.revision) fold = await this.foldOf(event.streamId, fold);
    const after = fold[event.revision] ?? null;
    const before = event.revision > 0 ? (fold[event.revision - 1] ?? null) : null;
    return fieldChanges(before, after);
  }

  private foldOf(streamId: string, extending?: Fold): Promise<Fold> {
    const known = this.folds.get(streamId);
    if (known && !extending) return known;
    const fold = this.read(streamId, extending ?? []);
    this.folds.delete(streamId);
    this.folds.set(streamId, fold);
    fold.catch(() => this.folds.get(streamId) === fold && this.folds.delete(streamId));
    // Oldest first in a Map's order: drop it once the bound is reached.
    if (this.folds.size > this.maxStreams) this.folds.delete(this.folds.keys().next().value!);
    return fold;
  }

  private async read(streamId: string, earlier: Fold): Promise<Fold> {
    const projection = readModelOf(this.projections, streamId)!;
    const fold: Fold = [...earlier];
    let doc: object | null = fold.length > 0 ? fold[fold.length - 1] : null;
    for (const event of await this.store.readStream(streamId, { fromRevision: fold.length })) {
      // Copied as the read-model store would keep it, so that no later evolve can reach into an earlier version.
      const next: object | null = projection.evolve(doc, event);
      doc = next === null ? null : asStored(next);
      fold[event.revision] = doc;
    }
    return fold;
  }
}

const KEY = 'audit:streamFolds';

export const streamFoldsOf = (ctx: GraphQLContext): StreamFolds => {
  let folds = ctx.loaders.get(KEY) as StreamFolds | undefined;
  if (!folds) {
    folds = new StreamFolds(ctx.app.store, ctx.app.entityFolds);
    ctx.loaders.set(KEY, folds);
  }
  return folds;
};
