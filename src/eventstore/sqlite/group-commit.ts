import type { Database } from 'better-sqlite3';

/**
 * Writes asked for in the same turn of the event loop share one IMMEDIATE transaction and its
 * commit. A commit is most of what an append costs (its WAL frames, and now and then a
 * checkpoint), and the requests a server reads from its sockets in one turn reach their appends in
 * that turn, so under load a commit carries several of them.
 *
 * Each write runs in a savepoint of its own: one that fails (a revision conflict, a repeated event
 * id) is rolled back alone and the others commit. A failure that ends the whole transaction
 * (SQLite rolls it back by itself after an I/O error or a full disk) fails every write of the
 * group, as does a failed commit: none of them is in the log, and each caller is told so. No
 * caller hears of success before the commit that holds its write.
 */
export interface GroupCommit {
  /** Runs `write` in the next group's transaction; settles once that transaction has committed, or failed. */
  run<T>(write: () => T): Promise<T>;
  /** Writes the group that waits now, without waiting for the next turn (before the file closes). */
  flush(): void;
}

interface Waiting {
  write: () => unknown;
  resolve: (value: unknown) => void;
  reject: (reason: unknown) => void;
}

type Outcome = { written: true; value: unknown } | { written: false; error: unknown };

export const createGroupCommit = (db: Database): GroupCommit => {
  let waiting: Waiting[] = [];
  let scheduled = false;
  // better-sqlite3 runs a transaction function called inside another as a savepoint.
  const inSavepoint = db.transaction((write: () => unknown) => write());

  const writeGroup = db.transaction((group: Waiting[]): Outcome[] =>
    group.map((item): Outcome => {
      try {
        return { written: true, value: inSavepoint(item.write) };
      } catch (error) {
        if (!db.inTransaction) throw error;
        return { written: false, error };
      }
    }),
  );

  const flush = (): void => {
    scheduled = false;
    const group = waiting;
    waiting = [];
    if (group.length === 0) return;
    let outcomes: Outcome[];
    try {
      outcomes = writeGroup.immediate(group);
    } catch (error) {
      for (const item of group) item.reject(error);
      return;
    }
    group.forEach((item, index) => {
      const outcome = outcomes[index];
      if (outcome.written) item.resolve(outcome.value);
      else item.reject(outcome.error);
    });
  };

  return {
    run: <T>(write: () => T) =>
      new Promise<T>((resolve, reject) => {
        waiting.push({ write, resolve: resolve as (value: unknown) => void, reject });
        if (!scheduled) {
          scheduled = true;
          setImmediate(flush);
        }
      }),
    flush,
  };
};
