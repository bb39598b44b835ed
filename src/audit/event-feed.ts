/**
 * An async iterator its producer pushes into without ever waiting: the producer (the process-wide
 * pub/sub) must not be slowed by one slow subscriber. The consumer pulls; `return()` ends it at once,
 * even while a pull is waiting.
 */
export class EventFeed<T> implements AsyncIterableIterator<T> {
  private items: T[] = [];
  private takers: { resolve: (result: IteratorResult<T>) => void; reject: (error: Error) => void }[] = [];
  private drainWaiters: { size: number; resolve: () => void }[] = [];
  private failure: Error | null = null;
  private ended = false;

  constructor(private readonly onEnd: () => void) {}

  get isEnded(): boolean {
    return this.ended;
  }

  /** Items pushed and not yet pulled. */
  get backlog(): number {
    return this.items.length;
  }

  push(item: T): void {
    if (this.ended) return;
    const taker = this.takers.shift();
    if (taker) taker.resolve({ value: item, done: false });
    else this.items.push(item);
  }

  /** Ends the feed with an error, delivered after what was already pushed. */
  fail(error: Error): void {
    if (this.ended) return;
    this.failure = error;
    for (const taker of this.takers.splice(0)) taker.reject(error);
    this.end();
  }

  /** Resolves once the consumer has pulled the backlog down to `size` (or the feed ended). */
  drainedTo(size: number): Promise<void> {
    if (this.ended || this.items.length <= size) return Promise.resolve();
    return new Promise((resolve) => this.drainWaiters.push({ size, resolve }));
  }

  next(): Promise<IteratorResult<T>> {
    if (this.items.length > 0) {
      const value = this.items.shift()!;
      this.wakeDrainWaiters();
      return Promise.resolve({ value, done: false });
    }
    if (this.failure) {
      const error = this.failure;
      this.failure = null;
      return Promise.reject(error);
    }
    if (this.ended) return Promise.resolve({ value: undefined, done: true });
    return new Promise((resolve, reject) => this.takers.push({ resolve, reject }));
  }

  return(): Promise<IteratorResult<T>> {
    this.items = [];
    this.failure = null;
    this.end();
    return Promise.resolve({ value: undefined, done: true });
  }

  [Symbol.asyncIterator](): AsyncIterableIterator<T> {
    return this;
  }

  private end(): void {
    if (this.ended) return;
    this.ended = true;
    for (const taker of this.takers.splice(0)) taker.resolve({ value: undefined, done: true });
    this.wakeDrainWaiters();
    this.onEnd();
  }

  private wakeDrainWaiters(): void {
    this.drainWaiters = this.drainWaiters.filter((waiter) => {
      if (!this.ended && this.items.length > waiter.size) return true;
      waiter.resolve();
      return false;
    });
  }
}
