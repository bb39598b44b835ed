/** What a store must be able to do with a subscription it handed out. */
export interface TrackedSubscription {
  /** Settles once the subscription has ended, however it ended. */
  readonly done: Promise<void>;
  /** Ends it as failed and waits for its running handler. */
  abort(reason: Error): Promise<void>;
}

/**
 * The subscriptions a store has handed out and that are still running, so that closing the store
 * ends each of them as failed (their `failed` promise says the store closed) rather than leaving
 * them waiting forever.
 */
export class OpenSubscriptions {
  private readonly running = new Set<TrackedSubscription>();

  track<S extends TrackedSubscription>(subscription: S): S {
    this.running.add(subscription);
    void subscription.done.then(() => this.running.delete(subscription));
    return subscription;
  }

  async abortAll(reason: Error): Promise<void> {
    await Promise.all([...this.running].map((subscription) => subscription.abort(reason)));
    this.running.clear();
  }
}
