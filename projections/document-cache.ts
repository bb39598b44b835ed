import { sortablePosition } from '../src/eventstore/position';
import { documentKey, type DocumentChange, type DocumentWriter, type FoldedDocument } from './projection';

/**
 * The documents a fold touched lately, kept parsed between batches: a meeting in session is folded
 * in batch after batch, and reading it back from SQLite each time (a large JSON text, parsed) cost
 * more than the fold itself. Writes go straight through, so the store always holds what the cache
 * does. Only safe for the one writer of a store (the projection runner), whose folds are pure: a
 * cached document is handed to `evolve`, never changed in place. Each document keeps the position
 * it is folded up to, so a fold through the cache skips what it already holds, as one through the
 * store does.
 */
export class DocumentCache implements DocumentWriter {
  private readonly documents = new Map<string, FoldedDocument<object>>();

  constructor(
    private readonly store: DocumentWriter,
    private readonly capacity = 2_000,
  ) {}

  get<Doc>(collection: string, id: string): Doc | null {
    return this.getFolded<Doc>(collection, id).doc;
  }

  getFolded<Doc>(collection: string, id: string): FoldedDocument<Doc> {
    const key = documentKey(collection, id);
    const known = this.documents.get(key);
    if (known) {
      // Most recently used last: the first entry is the one to drop.
      this.documents.delete(key);
      this.documents.set(key, known);
      return known as FoldedDocument<Doc>;
    }
    const stored = this.store.getFolded
      ? this.store.getFolded<Doc>(collection, id)
      : { doc: this.store.get<Doc>(collection, id), foldedUpTo: null };
    this.remember(key, stored as FoldedDocument<object>);
    return stored;
  }

  getManyFolded<Doc>(collection: string, ids: readonly string[]): Map<string, FoldedDocument<Doc>> {
    const found = new Map<string, FoldedDocument<Doc>>();
    const missing: string[] = [];
    for (const id of ids) {
      const known = this.documents.get(documentKey(collection, id));
      if (known) found.set(id, this.getFolded<Doc>(collection, id));
      else missing.push(id);
    }
    if (missing.length === 0) return found;
    if (this.store.getManyFolded)
      for (const [id, stored] of this.store.getManyFolded<Doc>(collection, missing)) {
        this.remember(documentKey(collection, id), stored as FoldedDocument<object>);
        found.set(id, stored);
      }
    else for (const id of missing) found.set(id, this.getFolded<Doc>(collection, id));
    return found;
  }

  write(change: DocumentChange, doc: object | null): void {
    this.store.write(change, doc);
    this.remember(documentKey(change.collection, change.id), {
      doc,
      foldedUpTo: change.position === undefined ? null : sortablePosition(change.position),
    });
  }

  /** After a failed transaction the cache may hold what was rolled back: it starts again from the store. */
  forget(): void {
    this.documents.clear();
  }

  private remember(key: string, folded: FoldedDocument<object>): void {
    this.documents.delete(key);
    this.documents.set(key, folded);
    if (this.documents.size > this.capacity) this.documents.delete(this.documents.keys().next().value!);
  }
}
