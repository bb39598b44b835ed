import type { RecordedEvent } from '../src/eventstore/event-store';
import type { ListIndex } from './list-index';

/**
 * A read model is a pure fold: `evolve(doc | null, event) → doc | null` per document, so replaying
 * the log from the start always gives the read model the live subscription built.
 */
export interface Projection<Doc extends object = object> {
  /** The collection the documents live in, e.g. `meetings`. */
  readonly collection: string;
  /** The stream categories it reads (`meeting` for `meeting-<id>`), or `ALL_CATEGORIES` for every stream. */
  readonly categories: readonly string[];
  /** Which document an event belongs to (usually the stream's entity id), or which documents it changes (none, one or many). */
  documentIdOf(event: RecordedEvent): string | readonly string[];
  evolve(doc: Doc | null, event: RecordedEvent): Doc | null;
  /**
   * Text that the `text` filter matches, folded with `normalizeForSearch` before it is stored;
   * pieces (a title, each outcome's text) are folded one by one and remembered (search-key.ts).
   */
  searchText?(doc: Doc): string | readonly string[];
  /** What the collection's lists filter and sort by, kept indexed beside the documents; a collection without it is never listed. */
  readonly index?: ListIndex;
  /**
   * False for a projection only ever read from the live read models (where each id's events live):
   * the stores built to answer queries as of a past point leave it out, and do not pay for its fold.
   */
  readonly servedAsOf?: boolean;
}

/** One key per document across collections, for the maps that hold documents by collection and id. */
export const documentKey = (collection: string, id: string): string => `${collection}\u0000${id}`;

/** A projection whose `categories` hold this reads every stream (e.g. the index of all entities). */
export const ALL_CATEGORIES = '*';

/** A document as a batch left it, serialised once for every store that keeps it. */
export interface DocumentChange {
  collection: string;
  id: string;
  /** The document's JSON; null when the fold removed it. */
  json: string | null;
  /** Its search text, already folded by `normalizeForSearch`. */
  search: string;
  /** The position of the last event folded into it, kept by stores that guard against folding an event twice. */
  position?: string;
}

/** A stored document and how far it is folded: `foldedUpTo` is `sortablePosition` of its last event, null when unknown. */
export interface FoldedDocument<Doc> {
  doc: Doc | null;
  foldedUpTo: string | null;
}

/** Where a fold reads and writes documents: the live store, an as-of copy, or the snapshot builder. */
export interface DocumentWriter {
  get<Doc>(collection: string, id: string): Doc | null;
  /**
   * The document with the position it is folded up to, for writers that keep it: a fold skips the
   * events at or below it, so an event is never applied twice to a document another runner (a
   * second process on the same file, a runner whose cache missed) has already brought past it.
   */
  getFolded?<Doc>(collection: string, id: string): FoldedDocument<Doc>;
  /**
   * `getFolded` of many documents of a collection at once (a batch's), for writers that can read
   * them in one statement; an id the writer holds no document for is answered `{ doc: null, foldedUpTo: null }`.
   */
  getManyFolded?<Doc>(collection: string, ids: readonly string[]): Map<string, FoldedDocument<Doc>>;
  /** `doc` is what `change.json` serialises (null: removed), for writers that keep it parsed. */
  write(change: DocumentChange, doc: object | null): void;
}
