import type { EventStore, RecordedEvent, Subscription } from '../src/eventstore/event-store';
import { comparePositions, START } from '../src/eventstore/position';
import { Timeout } from '../src/core/errors';
import type { Logger } from '../src/logger';
import type { Projection } from './projection';
import type { ReadModelStore } from './read-model-store';
import type { TableProjection } from './table-projection';
import { DocumentCache } from './document-cache';
import { applyEvents, type AppliedBatches } from './apply-events';
import type { DocumentChange } from './projection';

/** Batches remembered for `changesOf`: subscribers woken by the same appends are seldom further apart. */
const RECENT_BATCHES = 8;

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
    const lastEvent = events[events.length - 1];
    const last = lastEvent.position;
    let changes: DocumentChange[] = [];
    try {
      this.readModels.transaction(() => {
        changes = applyEvents(this.documents, this.projections, events);
        for (const table of this.tables) table.apply(this.readModels.db, events);
        this.readModels.setCheckpoint(last, 'projections', lastEvent.hash);
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
