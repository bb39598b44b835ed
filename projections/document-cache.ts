import { documentKey, type DocumentChange, type DocumentWriter } from './projection';

/**
 * The documents a fold touched lately, kept parsed between batches: a meeting in session is folded
 * in batch after batch, and reading it back from SQLite each time (a large JSON text, parsed) cost
 * more than the fold itself. Writes go straight through, so the store always holds what the cache
 * does. Only safe for the one writer of a store (the projection runner), whose folds are pure: a
 * cached document is handed to `evolve`, never changed in place.
 */
export class DocumentCache implements DocumentWriter {
  private readonly documents = new Map<string, object | null>();

  constructor(
    private readonly store: DocumentWriter,
    private readonly capacity = 2_000,
  ) {}

  get<Doc>(collection: string, id: string): Doc | null {
    const key = documentKey(collection, id);
    if (this.documents.has(key)) {
      const doc = this.documents.get(key)!;
      // Most recently used last: the first entry is the one to drop.
      this.documents.delete(key);
      this.documents.set(key, doc);
      return doc as Doc | null;
    }
    const doc = this.store.get<Doc>(collection, id);
    this.remember(key, doc as object | null);
    return doc;
  }

  write(change: DocumentChange, doc: object | null): void {
    this.store.write(change, doc);
    this.remember(documentKey(change.collection, change.id), doc);
  }

  /** After a failed transaction the cache may hold what was rolled back: it starts again from the store. */
  forget(): void {
    this.documents.clear();
  }

  private remember(key: string, doc: object | null): void {
    this.documents.delete(key);
    this.documents.set(key, doc);
    if (this.documents.size > this.capacity) this.documents.delete(this.documents.keys().next().value!);
  }
}
