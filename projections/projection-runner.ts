import type { EventStore, RecordedEvent } from '../src/eventstore/event-store';
import { comparePositions, START } from '../src/eventstore/position';
import { ServiceUnavailable, Timeout } from '../src/core/errors';
import type { Logger } from '../src/logger';
import type { Projection } from './projection';
import type { ReadModelStore } from './read-model-store';
import type { TableProjection } from './table-projection';
import { DocumentCache } from './document-cache';
import { applyEvents, type AppliedBatches } from './apply-events';
import type { DocumentChange } from './projection';
import { SelfHealingSubscription, type Backoff, type SubscriptionHealth } from './self-healing-subscription';

/** Batches remembered for `changesOf`: subscribers woken by the same appends are seldom further apart. */
const RECENT_BATCHES = 8;

type Waiter = { position: string; resolve: () => void; reject: (error: Error) => void };

/** What `/healthz` says of the read models: the subscription's health, and how far they reach. */
export type ProjectionHealth = (
  | Exclude<SubscriptionHealth, { state: 'running' }>
  | { state: 'catching up' | 'live'; since: string }
  | { state: 'rebuilding'; since: string; reason: string }
) & { position: string };

/** The reason of a SERVICE_UNAVAILABLE answer while the read models are not live. */
export const READ_MODELS_NOT_LIVE = 'READ_MODELS_NOT_LIVE';

/** The reason of a SERVICE_UNAVAILABLE answer while damaged read models are folded again from the log. */
export const READ_MODELS_REBUILDING = 'READ_MODELS_REBUILDING';

/** How the read models are emptied for a rebuild: rows deleted in place, or the whole file replaced. */
export type RebuildFrom = 'cleared file' | 'new file';

/**
 * Keeps the read models in step with the log: a catch-up subscription from the stored checkpoint,
 * each batch applied and checkpointed in one transaction, so a restart resumes where it stopped
 * and a crash can never leave a half-applied batch. A batch that fails is rolled back and the
 * subscription taken up again from the checkpoint after a backoff, for as long as the process
 * lives (SelfHealingSubscription); meanwhile the runner is not live and says why.
 */
export class ProjectionRunner implements AppliedBatches {
  private readonly subscription: SelfHealingSubscription;
  private waiters: Waiter[] = [];
  private processed: string;
  /** The head of the log when the runner started: once folded up to it, the read models are live. */
  private headAtStart: string | null = null;
  /** When the runner first reached `headAtStart`. */
  private caughtUpAt: string | null = null;
  /** The runner is the read models' only writer, so the documents it folds stay parsed between batches. */
  private readonly documents: DocumentCache;
  private recent: { after: string; last: string; changes: readonly DocumentChange[] }[] = [];
  private readonly appliedListeners = new Set<(events: readonly RecordedEvent[]) => void>();
  private readonly failureListeners = new Set<(error: Error) => void>();
  /** Set while damaged read models are folded again from the log, until they reach the head of then. */
  private rebuilding: { since: string; reason: string } | null = null;

  constructor(
    private readonly store: EventStore,
    private readonly readModels: ReadModelStore,
    private readonly projections: readonly Projection[],
    private readonly logger: Logger,
    private readonly tables: readonly TableProjection[] = [],
    backoff?: Backoff,
  ) {
    this.documents = new DocumentCache(readModels);
    this.subscription = new SelfHealingSubscription({
      name: 'projections',
      // Resumes after the last committed batch: a failed one was rolled back and is read again.
      subscribe: (handler) =>
        this.store.subscribeToAll({ fromPosition: this.processed === START ? undefined : this.processed }, handler),
      apply: (events) => this.apply(events),
      forgetAfterFailure: (error) => this.forgetAfterFailure(error),
      caughtUpWithLog: async () => {
        const head = await this.store.head();
        return head === null || comparePositions(head.position, this.processed) <= 0;
      },
      logger,
      backoff,
    });
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

  /** Subscribed and not failing: the read models follow the log (they may still be catching up). */
  get isLive(): boolean {
    return this.subscription.isRunning;
  }

  get health(): ProjectionHealth {
    const health = this.subscription.health;
    if (health.state === 'running') {
      if (this.rebuilding && !this.isCaughtUp) return { state: 'rebuilding', ...this.rebuilding, position: this.processed };
      if (!this.isCaughtUp) return { state: 'catching up', since: health.since, position: this.processed };
      const since = this.caughtUpAt !== null && this.caughtUpAt > health.since ? this.caughtUpAt : health.since;
      return { state: 'live', since, position: this.processed };
    }
    return { ...health, position: this.processed };
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
    if (this.subscription.health.state !== 'idle') return;
    this.headAtStart = headAtStart;
    this.processed = this.readModels.checkpoint() ?? START;
    // Nothing to fold as the log stood at start-up (or it was folded already): the list indexes are built now.
    if (headAtStart === null || (this.processed !== START && comparePositions(this.processed, headAtStart) >= 0)) this.readModels.buildListIndexes();
    this.logger.info({ from: this.processed }, 'projections: subscribing');
    this.subscription.start();
  }

  /**
   * Folds every read model again from the start of the log, while the process serves: for read
   * models found damaged. The subscription is ended first; the documents are then emptied in place
   * (`cleared file`) or the file replaced by an empty one (`new file`, for damaged pages, or when
   * emptying in place fails), and folding resumes from the start. Until it reaches the head of the
   * log as it stood now, `health` says `rebuilding` and why. Returns how the read models were emptied.
   */
  async rebuild(reason: string, from: RebuildFrom): Promise<{ emptied: RebuildFrom; movedTo: string | null }> {
    const head = (await this.store.head())?.position ?? null;
    let emptied: RebuildFrom = from;
    let movedTo: string | null = null;
    await this.subscription.restart(() => {
      this.documents.forget();
      this.recent = [];
      if (from === 'new file') movedTo = this.readModels.replaceWithEmptyFile();
      else
        try {
          this.readModels.clear();
        } catch (error) {
          this.logger.warn({ err: error }, 'projections: the damaged read models could not be emptied in place; replacing the file');
          movedTo = this.readModels.replaceWithEmptyFile();
          emptied = 'new file';
        }
      this.readModels.transaction(() => {
        for (const table of this.tables) {
          table.setUp(this.readModels.db);
          table.discardAfter(this.readModels.db, null);
        }
      });
      this.processed = START;
      this.headAtStart = head;
      this.caughtUpAt = null;
      this.rebuilding = head === null ? null : { since: new Date().toISOString(), reason };
      this.logger.warn({ reason, from: emptied, movedTo, head }, 'projections: rebuilding the read models from the log');
    });
    return { emptied, movedTo };
  }

  /**
   * The batch's transaction was rolled back: documents cached from it are dropped, and whoever
   * waits for the read models is told at once that they are not live rather than left to time out.
   */
  private forgetAfterFailure(error: Error): void {
    this.documents.forget();
    for (const listener of this.failureListeners)
      try {
        listener(error);
      } catch (listenerError) {
        this.logger.error({ err: listenerError }, 'projections: a listener of failed batches failed');
      }
    const waiters = this.waiters;
    this.waiters = [];
    const notLive = new ServiceUnavailable(`the read models are not live: ${error.message}`, READ_MODELS_NOT_LIVE);
    for (const waiter of waiters) waiter.reject(notLive);
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
    if (this.caughtUpAt === null && this.headAtStart !== null && comparePositions(last, this.headAtStart) >= 0) {
      this.caughtUpAt = new Date().toISOString();
      if (this.rebuilding) this.logger.info({ since: this.rebuilding.since, reason: this.rebuilding.reason }, 'projections: read models rebuilt');
      this.rebuilding = null;
    }
    // A fold from an empty file leaves the list indexes to be built in bulk at its end (read-model-store.ts).
    if (this.isCaughtUp) this.readModels.buildListIndexes();
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

  /** Calls `listener` with the error of each batch that failed and was rolled back. Returns how to stop. */
  onFailure(listener: (error: Error) => void): () => void {
    this.failureListeners.add(listener);
    return () => this.failureListeners.delete(listener);
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

  /**
   * Read-your-writes: resolves once the read models reflect `position`; fails with TIMEOUT after
   * `timeoutMs`, or with SERVICE_UNAVAILABLE at once while (or as soon as) they are not live.
   */
  waitFor(position: string, timeoutMs: number): Promise<void> {
    if (comparePositions(position, this.processed) <= 0) return Promise.resolve();
    const health = this.subscription.health;
    if (health.state === 'retrying')
      return Promise.reject(new ServiceUnavailable(`the read models are not live: ${health.lastError.message}`, READ_MODELS_NOT_LIVE));
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        position,
        resolve: () => {
          clearTimeout(timer);
          resolve();
        },
        reject: (error) => {
          clearTimeout(timer);
          reject(error);
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
    await this.subscription.stop();
  }
}
