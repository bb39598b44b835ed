import type { EventStore, RecordedEvent } from '../../src/eventstore/event-store';
import { comparePositions, START } from '../../src/eventstore/position';
import type { Logger } from '../../src/logger';
import { documentKey, type DocumentChange, type DocumentWriter, type Projection } from '../projection';
import { applyEvents, type AppliedBatches } from '../apply-events';
import type { Snapshot, SnapshotStore } from './snapshot-store';
import { SelfHealingSubscription, type Backoff, type SubscriptionHealth } from '../self-healing-subscription';

/**
 * The event at `position` as this log has it, or null: a snapshot whose hash differs was taken
 * from another log (a restored or replaced events file) and must not be trusted.
 */
export const eventAt = async (store: EventStore, position: string): Promise<RecordedEvent | null> => {
  const [event] = await store.readAll({ untilPosition: position, direction: 'backwards', maxCount: 1 });
  return event && event.position === position ? event : null;
};

export const belongsToLog = async (store: EventStore, snapshot: Pick<Snapshot, 'position' | 'hash'>): Promise<boolean> =>
  (await eventAt(store, snapshot.position))?.hash === snapshot.hash;

/**
 * Folds the log through every projection on its own catch-up subscription and seals a snapshot
 * each time `every` more events have been folded. It is a second subscriber beside the live
 * ProjectionRunner rather than a hook inside it: a snapshot must be the read models at exactly
 * the N-th event, which one transaction in the snapshot file can guarantee (the changed documents,
 * the snapshot and the progress commit together), and it catches up on its own on an existing store.
 * A failure (the snapshot file full, locked, damaged) drops what was not sealed and takes the log up
 * again from the last sealed snapshot after a backoff, for as long as the process lives.
 */
export class Snapshotter {
  private readonly subscription: SelfHealingSubscription;
  /**
   * What changed since the last snapshot sealed or resumed from, kept in memory and written only
   * when the next snapshot is sealed: nothing reads it before that, so writing it on every batch
   * (a third commit per mutation, each changed document rewritten whole) bought nothing but a
   * shorter catch-up after a crash, which now refolds at most one interval.
   */
  private readonly unsealed = new Map<string, { change: DocumentChange; doc: object | null | undefined }>();
  private readonly writer: DocumentWriter = {
    get: <Doc>(collection: string, id: string): Doc | null => {
      const entry = this.unsealed.get(documentKey(collection, id));
      if (!entry) return this.snapshots.writer.get<Doc>(collection, id);
      if (entry.doc === undefined) entry.doc = entry.change.json === null ? null : (JSON.parse(entry.change.json) as object);
      return entry.doc as Doc | null;
    },
    write: (change, doc) => this.keep(change, doc),
  };
  private folded: { position: string | null; eventCount: number };
  private waiters: { position: string; resolve: () => void }[] = [];

  constructor(
    private readonly store: EventStore,
    private readonly snapshots: SnapshotStore,
    private readonly projections: readonly Projection[],
    private readonly every: number,
    private readonly logger: Logger,
    private readonly appliedBatches?: AppliedBatches,
    backoff?: Backoff,
  ) {
    if (!Number.isInteger(every) || every < 1) throw new RangeError(`snapshots need a positive interval, got ${every}`);
    this.folded = { position: null, eventCount: 0 };
    this.subscription = new SelfHealingSubscription({
      name: 'snapshots',
      subscribe: (handler) => {
        // From the progress sealed in the file: what was folded after it was dropped with the failure.
        const progress = this.snapshots.progress();
        this.folded = { position: progress?.position ?? null, eventCount: progress?.eventCount ?? 0 };
        return this.store.subscribeToAll({ fromPosition: this.folded.position ?? undefined }, handler);
      },
      apply: (events) => this.fold(events),
      forgetAfterFailure: () => this.unsealed.clear(),
      caughtUpWithLog: async () => {
        const head = await this.store.head();
        return head === null || (this.folded.position !== null && comparePositions(head.position, this.folded.position) <= 0);
      },
      logger,
      backoff,
    });
  }

  get health(): SubscriptionHealth {
    return this.subscription.health;
  }

  /** Position of the last event folded (null before the first). */
  get position(): string | null {
    return this.folded.position;
  }

  /**
   * Builds every snapshot again from the start of the log, into a new file: for a snapshot file
   * found damaged while the server runs. As-of reads meanwhile fold from the nearest snapshot
   * already sealed again, or from the start of the log. Returns where the damaged file went.
   */
  async rebuild(reason: string): Promise<string> {
    let movedTo = '';
    await this.subscription.restart(() => {
      this.unsealed.clear();
      movedTo = this.snapshots.replaceWithEmptyFile();
      this.logger.warn({ reason, movedTo }, 'snapshots: rebuilding them from the log into a new file');
    });
    return movedTo;
  }

  /** Checks the snapshot file against the log and the configured interval, then subscribes. */
  async start(): Promise<void> {
    if (this.subscription.health.state !== 'idle') return;
    await this.discardForeignProgress();
    this.logger.info({ from: this.snapshots.progress()?.position ?? null, every: this.every }, 'snapshots: subscribing');
    this.subscription.start();
  }

  /** A file built with another interval, or from another log, is rebuilt rather than trusted. */
  private async discardForeignProgress(): Promise<void> {
    const progress = this.snapshots.progress();
    if (!progress) return;
    // The hash chain covers everything before it: the same hash at the same position is the same prefix of the log.
    let reason: string | null = null;
    if (progress.every !== this.every) reason = `the interval changed from ${progress.every} to ${this.every}`;
    else if (progress.position !== null && !(await belongsToLog(this.store, { position: progress.position, hash: progress.hash! })))
      reason = 'the snapshots were built from another log, or are ahead of it';
    if (reason) {
      this.logger.warn({ reason }, 'snapshots: rebuilding them');
      this.snapshots.transaction(() => this.snapshots.clear());
    }
  }

  /** Splits the batch at every N-th event, so each snapshot is the read models at exactly that event. */
  private fold(events: RecordedEvent[]): void {
    if (events.length === 0) return;
    let { position, eventCount } = this.folded;
    // A throw ends the subscription; it is taken up again from the progress in the file.
    for (let start = 0; start < events.length; ) {
      const chunk = events.slice(start, start + this.every - (eventCount % this.every));
      const last = chunk[chunk.length - 1];
      this.foldChunk(chunk, position);
      eventCount += chunk.length;
      position = last.position;
      if (eventCount % this.every === 0)
        this.seal({ ordinal: eventCount / this.every, eventCount, position: last.position, hash: last.hash, recordedAt: last.recordedAt });
      start += chunk.length;
    }
    this.folded = { position, eventCount };
    this.waiters = this.waiters.filter((waiter) => {
      if (comparePositions(waiter.position, position!) > 0) return true;
      waiter.resolve();
      return false;
    });
  }

  /**
   * The live runner's changes when it applied exactly these events (both fold the same prefix of
   * the log through the same projections, so the documents are equal), a fold of its own otherwise.
   */
  private foldChunk(chunk: RecordedEvent[], after: string | null): void {
    const applied = this.appliedBatches?.changesOf(this.projections, after ?? START, chunk[chunk.length - 1].position);
    if (applied) for (const change of applied) this.keep(change);
    else applyEvents(this.writer, this.projections, chunk);
  }

  /** `doc` undefined: only the JSON is at hand (a change taken from the runner), parsed if a fold needs it. */
  private keep(change: DocumentChange, doc?: object | null): void {
    this.unsealed.set(documentKey(change.collection, change.id), { change, doc });
  }

  /** The changes since the last snapshot, the snapshot and the progress, in one transaction. */
  private seal(snapshot: Snapshot): void {
    this.snapshots.transaction(() => {
      for (const { change } of this.unsealed.values()) this.snapshots.writer.write(change, null);
      this.snapshots.takeSnapshot(snapshot);
      this.snapshots.setProgress({ position: snapshot.position, hash: snapshot.hash, eventCount: snapshot.eventCount, every: this.every });
    });
    this.unsealed.clear();
  }

  /** Resolves once every event up to `position` is folded (for tools and tests that need the snapshots). */
  caughtUpTo(position: string): Promise<void> {
    if (this.folded.position !== null && comparePositions(position, this.folded.position) <= 0) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push({ position, resolve }));
  }

  async stop(): Promise<void> {
    await this.subscription.stop();
    for (const waiter of this.waiters) waiter.resolve();
    this.waiters = [];
  }
}
