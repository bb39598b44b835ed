import type { EventBatchHandler, RecordedEvent, Subscription } from '../src/eventstore/event-store';
import { storageFailureReasonOf } from '../src/core/storage-failure';
import type { Logger } from '../src/logger';

export interface Backoff {
  firstMs: number;
  maxMs: number;
}

/** A busy or locked file is usually free again within milliseconds; a full disk waits for a person. */
export const DEFAULT_BACKOFF: Backoff = { firstMs: 50, maxMs: 5_000 };

/**
 * The wait before retry `attempt` (1 for the first): doubling from `firstMs` up to `maxMs`, each
 * drawn from the upper half of that, so that folds failing together do not retry in step.
 */
export const backoffDelay = (attempt: number, backoff: Backoff, random: () => number = Math.random): number => {
  const ceiling = Math.min(backoff.maxMs, backoff.firstMs * 2 ** Math.min(attempt - 1, 30));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
};

/** Why the last batch failed, as `/healthz` and the log say it. */
export interface FailureReport {
  /** A storage reason (`STORAGE_FULL`, `STORAGE_BUSY`, …) or `FOLD_FAILED` for anything else. */
  reason: string;
  message: string;
  at: string;
}

export type SubscriptionHealth =
  | { state: 'idle' | 'running' | 'stopped'; since: string }
  | { state: 'retrying'; since: string; attempts: number; lastError: FailureReport; nextAttemptAt: string };

export interface SelfHealingOptions {
  /** Names the subscription in log lines: `projections`, `snapshots`. */
  name: string;
  /**
   * Subscribes from wherever the owner's committed progress stands: called at start and again after
   * every failure, so a failed batch, rolled back, is read and applied again.
   */
  subscribe(handler: EventBatchHandler): Subscription;
  /** Applies one batch; throwing fails the subscription, which is then retried. */
  apply(events: RecordedEvent[]): Promise<void> | void;
  /** Drops what a failed batch may have left in memory (cached documents, unsealed changes). */
  forgetAfterFailure(error: Error): void;
  /**
   * Whether the owner has folded everything the log holds: after a failure that was not in a batch
   * (a read of the log failed), a resubscription with nothing new to fold is health regained.
   */
  caughtUpWithLog(): Promise<boolean>;
  logger: Logger;
  backoff?: Backoff;
  now?: () => Date;
}

/**
 * A catch-up subscription that does not stay down: when a batch fails (disk full, the file locked
 * or damaged, any fault of a fold) the owner's transaction has rolled it back; this waits a capped,
 * jittered backoff and subscribes again from the owner's committed progress, for as long as the
 * process lives. What is wrong, since when and how often it was tried is kept for `/healthz`,
 * logged once when it starts, at every retry, and once when it heals.
 */
export class SelfHealingSubscription {
  private subscription: Subscription | null = null;
  private retryTimer: NodeJS.Timeout | null = null;
  private stopped = false;
  private current: SubscriptionHealth;
  private readonly backoff: Backoff;
  private readonly now: () => Date;

  constructor(private readonly options: SelfHealingOptions) {
    this.backoff = options.backoff ?? DEFAULT_BACKOFF;
    this.now = options.now ?? (() => new Date());
    this.current = { state: 'idle', since: this.now().toISOString() };
  }

  get health(): SubscriptionHealth {
    return this.current;
  }

  get isRunning(): boolean {
    return this.current.state === 'running';
  }

  start(): void {
    if (this.subscription || this.retryTimer || this.stopped) return;
    this.subscribe();
  }

  private subscribe(): void {
    this.retryTimer = null;
    if (this.stopped) return;
    let subscription: Subscription;
    try {
      subscription = this.options.subscribe((events) => this.applyBatch(events));
    } catch (error) {
      this.failed(asError(error));
      return;
    }
    this.subscription = subscription;
    if (this.current.state === 'idle') this.current = { state: 'running', since: this.now().toISOString() };
    void subscription.failed.then((error) => {
      if (this.subscription === subscription) this.failed(error);
    });
    if (this.current.state === 'retrying') void this.recoverIfNothingToFold(subscription);
  }

  private async applyBatch(events: RecordedEvent[]): Promise<void> {
    await this.options.apply(events);
    this.recovered();
  }

  private async recoverIfNothingToFold(subscription: Subscription): Promise<void> {
    try {
      if ((await this.options.caughtUpWithLog()) && this.subscription === subscription) this.recovered();
    } catch {
      // The log cannot say: the next batch, or the next failure, decides.
    }
  }

  private recovered(): void {
    if (this.current.state !== 'retrying') return;
    const { since, attempts, lastError } = this.current;
    this.current = { state: 'running', since: this.now().toISOString() };
    this.options.logger.info({ subscription: this.options.name, failingSince: since, attempts, lastError }, `${this.options.name}: healed, folding again`);
  }

  private failed(error: Error): void {
    this.subscription = null;
    if (this.stopped) return;
    try {
      this.options.forgetAfterFailure(error);
    } catch (forgetError) {
      this.options.logger.error({ err: forgetError }, `${this.options.name}: could not reset after a failure`);
    }
    const now = this.now();
    const previous = this.current.state === 'retrying' ? this.current : null;
    const attempts = (previous?.attempts ?? 0) + 1;
    const delay = backoffDelay(attempts, this.backoff);
    const lastError: FailureReport = { reason: storageFailureReasonOf(error) ?? 'FOLD_FAILED', message: error.message, at: now.toISOString() };
    this.current = {
      state: 'retrying',
      since: previous?.since ?? now.toISOString(),
      attempts,
      lastError,
      nextAttemptAt: new Date(now.getTime() + delay).toISOString(),
    };
    this.options.logger[attempts === 1 ? 'error' : 'warn'](
      { err: error, subscription: this.options.name, reason: lastError.reason, failingSince: this.current.since, attempts, retryInMs: delay },
      `${this.options.name}: a batch failed and was rolled back; retrying`,
    );
    this.retryTimer = setTimeout(() => this.subscribe(), delay);
    // A retry pending must not keep a process alive that has nothing else to do.
    this.retryTimer.unref();
  }

  /**
   * Starts over from the owner's progress as `reset` leaves it (read models emptied to be folded
   * again): the current subscription is ended first, so no batch of it is applied after `reset`.
   * Whatever `reset` throws is thrown here, after the subscription was taken up again from wherever
   * the owner's progress then stands.
   */
  async restart(reset: () => void): Promise<void> {
    if (this.stopped) return;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    const subscription = this.subscription;
    this.subscription = null;
    await subscription?.stop();
    if (this.stopped) return;
    try {
      reset();
    } finally {
      this.current = { state: 'running', since: this.now().toISOString() };
      this.subscribe();
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    const subscription = this.subscription;
    this.subscription = null;
    this.current = { state: 'stopped', since: this.now().toISOString() };
    await subscription?.stop();
  }
}

const asError = (error: unknown): Error => (error instanceof Error ? error : new Error(String(error)));
