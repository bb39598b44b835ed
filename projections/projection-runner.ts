import type { EventStore, RecordedEvent, Subscription } from '../src/eventstore/event-store';
import { comparePositions, START } from '../src/eventstore/position';
import { categoryOf } from '../src/core/streams';
import { Timeout } from '../src/core/errors';
import type { Logger } from '../src/logger';
import { ALL_CATEGORIES, type Projection } from './projection';
import type { ReadModelStore } from './read-model-store';
import type { TableProjection } from './table-projection';
import { DocumentCache } from './document-cache';
import { searchKeyOf } from './search-key';

/** A document as a batch left it, serialised once for every store that keeps it. */
export interface DocumentChange {
  collection: string;
  id: string;
  /** The document's JSON; null when the fold removed it. */
  json: string | null;
  /** Its search text, already folded by `normalizeForSearch`. */
  search: string;
}

/** Where a fold reads and writes documents: the live store, an as-of copy, or the snapshot builder. */
export interface DocumentWriter {
  get<Doc>(collection: string, id: string): Doc | null;
  /** `doc` is what `change.json` serialises (null: removed), for writers that keep it parsed. */
  write(change: DocumentChange, doc: object | null): void;
}

/** The changes of batches the runner applied lately: another fold of the same events can take them as they are. */
export interface AppliedBatches {
  /** What the events after `after` up to `last` changed, if they were applied lately as one batch through these projections. */
  changesOf(projections: readonly Projection[], after: string, last: string): readonly DocumentChange[] | undefined;
}

/** Batches remembered for `changesOf`: subscribers woken by the same appends are seldom further apart. */
const RECENT_BATCHES = 8;

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
}

/**
 * Applies a batch of events to every projection that reads their streams, in one transaction.
 * Each document the batch touches is read once, folded through all of its events in memory and
 * written once at the end: the same documents as writing after every event (nothing reads the
 * documents in between), without parsing and serialising a large document once per event. A fold
 * that hands back the very document it was given changed nothing (folds are pure), so it is not
 * written again.
 */
export const applyEvents = (readModels: DocumentWriter, projections: readonly Projection[], events: RecordedEvent[]): DocumentChange[] => {
  const route = routesOf(projections);
  const touched = new Map<Projection, Map<string, TouchedDocument>>();
  for (const event of events) {
    for (const projection of route(categoryOf(event.streamId))) {
      let documents = touched.get(projection);
      if (!documents) touched.set(projection, (documents = new Map()));
      const id = projection.documentIdOf(event);
      let entry = documents.get(id);
      if (!entry) documents.set(id, (entry = { doc: readModels.get<object>(projection.collection, id), changed: false }));
      const next = projection.evolve(entry.doc, event);
      if (next !== entry.doc) {
        entry.doc = next;
        entry.changed = true;
      }
    }
  }
  const changes: DocumentChange[] = [];
  for (const [projection, documents] of touched)
    for (const [id, { doc, changed }] of documents) {
      if (!changed) continue;
      const change: DocumentChange =
        doc === null
          ? { collection: projection.collection, id, json: null, search: '' }
          : { collection: projection.collection, id, json: JSON.stringify(doc), search: searchKeyOf(projection.searchText?.(doc as never) ?? '') };
      readModels.write(change, doc);
      changes.push(change);
    }
  return changes;
};

type Waiter = { position: string; resolve: () => void };

/**
 * Keeps the read models in step with the log: a catch-up subscription from the stored checkpoint,
 * each batch applied and checkpointed in one transaction, so a restart resumes where it stopped
 * and a crash can never leave a half-applied batch.
 */
export class ProjectionRunner implements AppliedBatches {
  private subscription: Subscription | null = null;
  private waiters: Waiter[] = [];
  private processed: string;
  private failure: Error | null = null;
  /** The head of the log when the runner started: once folded up to it, the read models are live. */
  private headAtStart: string | null = null;
  /** The runner is the read models' only writer, so the documents it folds stay parsed between batches. */
  private readonly documents: DocumentCache;
  private recent: { after: string; last: string; changes: readonly DocumentChange[] }[] = [];
  private readonly appliedListeners = new Set<(events: readonly RecordedEvent[]) => void>();

  constructor(
    private readonly store: EventStore,
    private readonly readModels: ReadModelStore,
    private readonly projections: readonly Projection[],
    private readonly logger: Logger,
    private readonly tables: readonly TableProjection[] = [],
  ) {
    this.documents = new DocumentCache(readModels);
    const checkpoint = readModels.checkpoint();
    this.processed = checkpoint ?? START;
    // Tables are not part of the document store's clear(): they are brought back in line with the checkpoint here.
    readModels.transaction(() => {
      for (const table of tables) {
        table.setUp(readModels.db);
        table.discardAfter(readModels.db, checkpoint);
      }
    });
  }

  get position(): string {
    return this.processed;
  }

  get isLive(): boolean {
    return this.subscription !== null && this.failure === null;
  }

  /**
   * True once the runner is live and has folded everything the log held when it started. It
   * stays true afterwards: later appends are followed within a batch, as read-your-writes waits for.
   */
  get isCaughtUp(): boolean {
    return this.isLive && (this.headAtStart === null || comparePositions(this.processed, this.headAtStart) >= 0);
  }

  /** `headAtStart`: the log's head as read just before, what `isCaughtUp` waits for (null: an empty log). */
  start(headAtStart: string | null = null): void {
    if (this.subscription) return;
    this.headAtStart = headAtStart;
    const from = this.readModels.checkpoint() ?? START;
    this.logger.info({ from }, 'projections: subscribing');
    this.subscription = this.store.subscribeToAll({ fromPosition: from === START ? undefined : from }, (events) =>
      this.apply(events),
    );
    void this.subscription.failed.then((error) => {
      this.failure = error;
      this.logger.error({ err: error }, 'projections: subscription failed');
    });
  }

  private apply(events: RecordedEvent[]): void {
    if (events.length === 0) return;
    const last = events[events.length - 1].position;
    let changes: DocumentChange[] = [];
    try {
      this.readModels.transaction(() => {
        changes = applyEvents(this.documents, this.projections, events);
        for (const table of this.tables) table.apply(this.readModels.db, events);
        this.readModels.setCheckpoint(last);
      });
    } catch (error) {
      this.documents.forget();
      throw error;
    }
    this.recent = [...this.recent.slice(1 - RECENT_BATCHES), { after: this.processed, last, changes }];
    this.processed = last;
    this.waiters = this.waiters.filter((waiter) => {
      if (comparePositions(waiter.position, last) > 0) return true;
      waiter.resolve();
      return false;
    });
    for (const listener of this.appliedListeners)
      try {
        listener(events);
      } catch (error) {
        this.logger.error({ err: error }, 'projections: a listener of applied events failed');
      }
  }

  /** Calls `listener` with each batch, in log order, once the read models reflect it. Returns how to stop. */
  onApplied(listener: (events: readonly RecordedEvent[]) => void): () => void {
    this.appliedListeners.add(listener);
    return () => this.appliedListeners.delete(listener);
  }

  changesOf(projections: readonly Projection[], after: string, last: string): readonly DocumentChange[] | undefined {
    if (projections !== this.projections) return undefined;
    return this.recent.find((batch) => batch.after === after && batch.last === last)?.changes;
  }

  /** Read-your-writes: resolves once the read models reflect `position`, or fails after `timeoutMs`. */
  waitFor(position: string, timeoutMs: number): Promise<void> {
    if (comparePositions(position, this.processed) <= 0) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        position,
        resolve: () => {
          clearTimeout(timer);
          resolve();
        },
      };
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((other) => other !== waiter);
        reject(new Timeout(`read models did not reach position ${position} within ${timeoutMs} ms`));
      }, timeoutMs);
      this.waiters.push(waiter);
    });
  }

  async stop(): Promise<void> {
    const subscription = this.subscription;
    this.subscription = null;
    await subscription?.stop();
  }
}
