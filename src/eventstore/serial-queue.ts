/**
 * Runs tasks one after another, in call order. The ESDB and PostgreSQL adapters chain every event
 * to the one before it in global order, so two appends from this process must never interleave
 * their "read the head, then write" steps.
 */
export class SerialQueue {
  private tail: Promise<unknown> = Promise.resolve();

  run<T>(task: () => Promise<T>): Promise<T> {
    const result = this.tail.then(task);
    this.tail = result.catch(() => undefined);
    return result;
  }

  /** Resolves once every task queued so far has settled. */
  async drained(): Promise<void> {
    await this.tail;
  }
}
