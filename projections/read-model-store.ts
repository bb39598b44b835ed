import * as crypto from 'node:crypto';
import Database from 'better-sqlite3';
import { DomainError } from '../src/core/errors';
import { normalizeForSearch } from '../src/core/persian-text';
import { deepFreeze } from '../src/core/deep-freeze';
import { sortablePosition } from '../src/eventstore/position';
import { documentKey, type DocumentChange, type FoldedDocument, type Projection } from './projection';
import type { KeysetPage, KeysetPosition, KeysetWindow, SortValue } from './keyset';
import { CollectionIndex, MOST_WAITING_TEXTS, PIECE_BITS, SHORTEST_INDEXED_TEXT } from './list-index';
import { replaceDamagedFile, WAL_KEPT_BYTES } from './derived-file';

export type Filter =
  | { path: string; equals: string | number | boolean | null }
  | { path: string; in: readonly (string | number)[] }
  | { path: string; gte?: string | number; lte?: string | number; lt?: string | number; gt?: string | number }
  /** The JSON array at `path` (a tag path of the collection's index) holds `value`. */
  | { path: string; contains: string | number }
  | { path: string; isNull: boolean };

/** Which documents of a collection, by the keys its projection's list index declares; in the collection's list order. */
export interface DocumentQuery {
  filters?: Filter[];
  /** Matched, after Persian folding, as a substring of the projection's search text. */
  text?: string;
  /** At most this many (`find` only: a page's window has its own size). */
  limit?: number;
}

/**
 * Documents a store reads through to when it holds none of its own for an id: the snapshot an
 * as-of store starts from (projections/snapshots/snapshot-store.ts). Only what a fold or a query
 * touches is read from it. A list reads the base's index of its collection's keys where the base
 * keeps one (listIndex), and otherwise copies the collection in whole when it is first listed.
 */
export interface DocumentBase {
  /** The document's JSON as the base holds it; null when absent (or not the base's to answer). */
  get(collection: string, id: string): string | null;
  /** Copies every document of the collection the base holds (within its scope) into `documents`, skipping any already there. */
  copyInto(collection: string): void;
  /** The collections the base holds documents of. */
  collections(): string[];
  /**
   * The base's own index of a collection's list keys, when it keeps one built from `definition`
   * (the snapshot file's, projections/snapshots/as-of-index.ts): a list then reads it, overlaid
   * with the documents this store folded since, rather than a copy of the collection.
   */
  listIndex?(collection: string, definition: string): SnapshotListIndex | null;
}

/** A base's index of one collection's list keys, as SQL on the store's own connection (see DocumentBase.listIndex). */
export interface SnapshotListIndex {
  /** The key table, qualified; its columns are the live key table's, and `id`. */
  keysTable: string;
  /** The counts per counted group and ordinal, qualified; null when the base's scope makes them not its own. */
  countsTable: string | null;
  /** The condition on a key row `k` of being the base's: valid at its snapshot, within its scope. */
  valid: string;
  ordinal: number;
  /** SQL of the JSON text of the document whose id the SQL expression `id` gives, as the base holds it. */
  documentOf(id: string): string;
}

export interface ReadModelStoreOptions {
  /**
   * Build a collection's list index when a list of it is first read, instead of at once and on
   * every write: for the throw-away stores of as-of reads, most of whose collections are never listed.
   */
  indexOnFirstRead?: boolean;
  /**
   * The only collections the store keeps, when it folds some projections and not others (the
   * stores of as-of queries leave out those read only live): a read of another one throws, rather
   * than answering that the document does not exist.
   */
  keeps?: readonly string[];
}

const STATEMENT_CACHE_SIZE = 200;

/** SQL of a JSON array of as many bound values: a counted group's key, as the counts tables key it. */
const jsonArrayOf = (values: readonly unknown[]): string => `json_array(${values.map(() => '?').join(', ')})`;

interface StoredDocument {
  doc: string;
  checksum: string | null;
}
/**
 * Up to this many documents matching a text are sorted; more are found by walking the list's order.
 * About the square root of 50 × 200,000: where reading the matches and reading the order cost alike.
 */
const FEW_TEXT_MATCHES = 3_000;
/**
 * Texts whose number of matches (few or many) is remembered, until the next write: a page and its
 * count ask it alike, and it takes reading up to FEW_TEXT_MATCHES of them.
 */
const DENSE_TEXTS_REMEMBERED = 256;
/** Common texts (each with the counted group asked) whose counts the text index's triggers keep: each costs every write of a search text a substring check. */
const COUNTED_TEXTS = 32;
/** Up to about 64 MB of answers (JavaScript strings take two bytes a character). */
const ANSWER_CACHE_CHARS = 32 * 1024 * 1024;

/**
 * The file's layout, in `PRAGMA user_version`. 7: search texts and power keys folded with a space
 * between two Persian letters taken out, as a ZWNJ is (`بین المللی` finds `بین‌المللی`). 6: the items of an entity's growing lists (a
 * meeting's outcomes, participants and working groups, a resolution's referrals and progress
 * reports) are documents of their own, so an event writes the item it changed, not the whole
 * entity. 5: beside the documents, per collection, a table of the keys its lists filter and sort
 * by, counts, a trigram index of its search text and tables of array items, kept by triggers
 * (projections/list-index.ts); the definitions they were built from in `list_indexes`. 4: each
 * document keeps the position of the last event folded into it (`folded_up_to`), so no event is
 * folded into it twice, and a checksum. 3: documents stored as SQLite's binary JSON. 2: documents
 * as text in a rowid table. 1: in a WITHOUT ROWID table. A file of a layout before 6 holds
 * documents of other shapes, or texts folded by an older rule: it is emptied and folded again from the
 * log (see ensureLayout).
 */
const LAYOUT_VERSION = 7;

const DOCUMENTS_TABLE = `
  CREATE TABLE IF NOT EXISTS documents (
    collection TEXT NOT NULL,
    id TEXT NOT NULL,
    doc BLOB NOT NULL,
    search TEXT NOT NULL DEFAULT '',
    folded_up_to TEXT,
    checksum TEXT,
    UNIQUE (collection, id)
  );
  CREATE TABLE IF NOT EXISTS checkpoints (name TEXT PRIMARY KEY, position TEXT NOT NULL, hash TEXT);
  CREATE TABLE IF NOT EXISTS list_indexes (collection TEXT PRIMARY KEY, definition TEXT NOT NULL);
`;

/**
 * A document's checksum: SHA-1 of its JSON text as written. SQLite gives the same text back from
 * the binary JSON (json(jsonb(t)) = t for JSON.stringify's output, held by a property test), so a
 * read recomputes it from what it fetched: bytes changed inside a document, which leave the page
 * whole and pass quick_check, are found there instead of being served as the record.
 */
export const checksumOf: (json: string) => string =
  // crypto.hash (Node 20.12+) hashes in one call, without a Hash object per document; the same digest.
  typeof (crypto as { hash?: unknown }).hash === 'function'
    ? (json) => (crypto as unknown as { hash(algorithm: string, data: string, encoding: 'base64'): string }).hash('sha1', json, 'base64')
    : (json) => crypto.createHash('sha1').update(json).digest('base64');

/** A read model's document no longer has the checksum it was written with: it is not served. */
export class ReadModelDamaged extends DomainError {
  constructor(
    readonly collection: string,
    readonly id: string,
  ) {
    super(
      `the read model's document ${collection}/${id} was damaged on disk: it is not served; the read models are rebuilt from the log at the next start`,
      'READ_MODEL_DAMAGED',
      { collection, id },
    );
  }
}

/** A page's SQL and its parameters, in the order SQLite binds them. */
interface Clause {
  sql: string;
  params: unknown[];
}

/**
 * Items on one side of a position in the order (sort key ascending with absent values first, as
 * SQLite orders NULL, then id). A row value compares as unknown against NULL, so absent sort
 * values are spelled out, and each condition is true or false for every row (its negation is exact).
 */
const positionCondition = (sortKey: string | null, position: KeysetPosition, side: '>' | '<' | '>=' | '<='): { sql: string; params: unknown[] } => {
  const strict = side === '>' || side === '<' ? side : side === '>=' ? '<' : '>';
  const negate = strict !== side;
  let sql: string;
  let params: unknown[];
  if (sortKey === null) {
    sql = `k.id ${strict} ?`;
    params = [position.id];
  } else {
    const value = position.values[0] ?? null;
    if (value === null) {
      sql = strict === '>' ? `((${sortKey} IS NULL AND k.id > ?) OR ${sortKey} IS NOT NULL)` : `(${sortKey} IS NULL AND k.id < ?)`;
      params = [position.id];
    } else {
      sql = strict === '>' ? `(${sortKey} IS NOT NULL AND (${sortKey}, k.id) > (?, ?))` : `((${sortKey}, k.id) < (?, ?) OR ${sortKey} IS NULL)`;
      params = [value, position.id];
    }
  }
  return { sql: negate ? `NOT ${sql}` : sql, params };
};

/**
 * Where the read models live: one SQLite file of JSON documents and the checkpoint of the log
 * position they reflect. Kept apart from the events so a rebuild can simply start a fresh file.
 */
export class ReadModelStore {
  private database!: Database.Database;
  private statements!: {
    get: Database.Statement;
    getFolded: Database.Statement<[string, string], { doc: string; checksum: string | null; folded_up_to: string | null }>;
    getManyFolded: Database.Statement<[string, string], { id: string; doc: string; checksum: string | null; folded_up_to: string | null }>;
    put: Database.Statement;
    remove: Database.Statement;
    getCheckpoint: Database.Statement;
    setCheckpoint: Database.Statement;
  };
  private readonly statementCache = new Map<string, Database.Statement>();
  /** Answers of `get`, per document, with the length of the JSON text they came from. */
  private readonly documentAnswers = new Map<string, { doc: object | null; chars: number }>();
  /** Answers of `find`: any write may change any of them. */
  private readonly pageAnswers = new Map<string, object>();
  /** Whether a text (by collection) matches many documents (see textMatches), until the next write. */
  private readonly denseTexts = new Map<string, boolean>();
  private documentChars = 0;
  private pageChars = 0;

  /** The list index of each collection that has one, by collection. */
  private readonly listIndexes = new Map<string, CollectionIndex>();
  /** Where documents this store has not written are read from (an as-of store's snapshot), until their collection is copied in. */
  private base: { documents: DocumentBase; copied: Set<string>; removed: Set<string> } | null = null;
  /** The layout of the file this store emptied on opening, to be folded again from the log; null when it was current or new. */
  rebuiltFromLayout: number | null = null;
  /** Collections whose list index is built in this file (all of them, unless built on first read). */
  private readonly indexed = new Set<string>();
  /**
   * Of those, the ones built without their text part, by a store that builds its indexes on first
   * read (an as-of store, no longer written): the trigram index was most of what the first page of
   * a list as of a past point cost, and only a text filter reads it, which builds it then.
   */
  private readonly withoutText = new Set<string>();

  /**
   * Whether this store keeps its temporary files in memory: a file store written event by event.
   * A write whose triggers touch more than 16 pages spilled its statement journal (the pages'
   * content before the statement, kept to undo it alone) to a temporary file, created and written
   * every time: 6% of a mutation's CPU. It never outlives the transaction, so memory is no risk.
   */
  private get journalsInMemory(): boolean {
    return this.file !== ':memory:' && !this.options.indexOnFirstRead;
  }
  /**
   * Documents written since the pieces of text waiting for the trigram indexes were last put in
   * (list-index.ts textStatements): a bound kept loosely, since a put-in that a rolled-back
   * transaction undoes leaves its pieces waiting with the count at 0. A search puts in whatever waits.
   */
  private writesSinceTextsPut = 0;

  constructor(
    private readonly file: string = ':memory:',
    projections: readonly Projection[] = [],
    private readonly options: ReadModelStoreOptions = {},
  ) {
    for (const projection of projections)
      if (projection.index) this.listIndexes.set(projection.collection, new CollectionIndex(projection.collection, projection.index));
    this.open();
  }

  /** The connection to the file: a replaced file has a new one, so hold the store, not this. */
  get db(): Database.Database {
    return this.database;
  }

  private open(): void {
    const { file, options } = this;
    this.database = new Database(file);
    const layout = this.db.pragma('user_version', { simple: true }) as number;
    if (layout > LAYOUT_VERSION) {
      this.db.close();
      throw new Error(`the read-model file ${file} has layout ${layout}, newer than this build's ${LAYOUT_VERSION}: run the newer build, or delete the file to rebuild it from the log`);
    }
    if (file !== ':memory:') {
      this.db.pragma('journal_mode = WAL');
      this.db.pragma(`journal_size_limit = ${WAL_KEPT_BYTES}`);
    }
    this.db.pragma('synchronous = NORMAL');
    this.ensureLayout(layout);
    this.indexed.clear();
    this.withoutText.clear();
    if (!options.indexOnFirstRead) {
      // An empty file (new, emptied for a rebuild, or put in place of a damaged one) is filled by a
      // fold of the whole log: its list indexes are built in bulk once it is (buildListIndexes), not
      // row by row by their triggers.
      const empty = this.db.prepare('SELECT 1 FROM documents LIMIT 1').get() === undefined;
      this.transaction(() => this.ensureListIndexes(empty));
    }
    // Texts left waiting by an earlier run count as written since: they are put in as soon as as many more are.
    this.writesSinceTextsPut = this.textsWaiting();
    if (this.journalsInMemory) this.db.pragma('temp_store = MEMORY');
    this.statements = {
      get: this.db.prepare('SELECT json(doc) AS doc, checksum FROM documents WHERE collection = ? AND id = ?'),
      getFolded: this.db.prepare('SELECT json(doc) AS doc, checksum, folded_up_to FROM documents WHERE collection = ? AND id = ?'),
      getManyFolded: this.db.prepare(
        'SELECT id, json(doc) AS doc, checksum, folded_up_to FROM documents WHERE collection = ? AND id IN (SELECT value FROM json_each(?))',
      ),
      // A document already folded as far or further (by another runner on this file) is not set back.
      put: this.db.prepare(
        `INSERT INTO documents (collection, id, doc, search, folded_up_to, checksum) VALUES (?, ?, jsonb(?), ?, ?, ?)
         ON CONFLICT (collection, id) DO UPDATE SET doc = excluded.doc, search = excluded.search, folded_up_to = excluded.folded_up_to, checksum = excluded.checksum
         WHERE documents.folded_up_to IS NULL OR excluded.folded_up_to IS NULL OR documents.folded_up_to < excluded.folded_up_to`,
      ),
      remove: this.db.prepare('DELETE FROM documents WHERE collection = ? AND id = ?'),
      getCheckpoint: this.db.prepare('SELECT position, hash FROM checkpoints WHERE name = ?'),
      setCheckpoint: this.db.prepare(
        'INSERT INTO checkpoints (name, position, hash) VALUES (?, ?, ?) ON CONFLICT (name) DO UPDATE SET position = excluded.position, hash = excluded.hash',
      ),
    };
  }

  /**
   * Creates the tables. A file of an older layout holds documents of other shapes (before layout 6 a
   * meeting held its outcomes, participants and working groups): it is emptied, checkpoint
   * included, and the runner folds the log into it again while /healthz says so. A file from a
   * newer build was refused before anything was written to it: its layout is not known here.
   */
  private ensureLayout(version: number): void {
    const tables = this.db.prepare(`SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`).pluck().all() as string[];
    this.db.transaction(() => {
      if (tables.includes('documents') && version < LAYOUT_VERSION) {
        this.rebuiltFromLayout = version;
        for (const trigger of this.db.prepare(`SELECT name FROM sqlite_schema WHERE type = 'trigger'`).pluck().all() as string[])
          this.db.exec(`DROP TRIGGER "${trigger}"`);
        // Text indexes first: dropping one drops its shadow tables.
        const textIndexes = this.db.prepare(`SELECT name FROM sqlite_schema WHERE type = 'table' AND sql LIKE 'CREATE VIRTUAL TABLE%'`).pluck().all() as string[];
        for (const table of textIndexes) this.db.exec(`DROP TABLE "${table}"`);
        const left = this.db.prepare(`SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`).pluck().all() as string[];
        for (const table of left) this.db.exec(`DROP TABLE "${table}"`);
      }
      this.db.exec(DOCUMENTS_TABLE);
      // Checksums came later: documents written before have none, and are checked once rewritten.
      const documentColumns = this.db.prepare(`SELECT name FROM pragma_table_info('documents')`).pluck().all();
      if (!documentColumns.includes('checksum')) this.db.exec('ALTER TABLE documents ADD COLUMN checksum TEXT');
      // The hash of each checkpoint's event came later: a column an older build simply does not read.
      const checkpointColumns = this.db.prepare(`SELECT name FROM pragma_table_info('checkpoints')`).pluck().all();
      if (!checkpointColumns.includes('hash')) this.db.exec('ALTER TABLE checkpoints ADD COLUMN hash TEXT');
      this.db.pragma(`user_version = ${LAYOUT_VERSION}`);
    })();
  }

  /**
   * Brings every collection's list index in line with its projection's declaration: one built
   * from another declaration (or none, as in a layout 3 file) is dropped and built again from the
   * documents the file holds, so a file never needs a rebuild from the log for a new filter.
   */
  private ensureListIndexes(later: boolean): void {
    const built = new Map(
      (this.db.prepare('SELECT collection, definition FROM list_indexes').all() as { collection: string; definition: string }[]).map((row) => [
        row.collection,
        row.definition,
      ]),
    );
    for (const [collection, definition] of built)
      if (this.listIndexes.get(collection)?.builtFrom !== definition) {
        CollectionIndex.drop(this.db, collection);
        this.db.prepare('DELETE FROM list_indexes WHERE collection = ?').run(collection);
      }
    for (const index of this.listIndexes.values())
      if (built.get(index.collection) === index.builtFrom) this.indexed.add(index.collection);
      else if (!later) this.buildListIndex(index);
  }

  /**
   * Builds every list index not built yet, from the documents stored: what the projection runner
   * calls once it has folded the log as it stood at start-up. A list read before that builds its
   * own collection's index then.
   */
  buildListIndexes(): void {
    const missing = [...this.listIndexes.values()].filter((index) => !this.indexed.has(index.collection));
    if (missing.length > 0) this.buildListIndexesNow(missing);
  }

  /**
   * Builds `indexes` in one transaction, with their sorts in temporary files on disk, as SQLite's
   * default is: in memory they would hold every key of a large collection at once. The setting
   * cannot change inside a transaction; a build there (none is, today) sorts in memory.
   */
  private buildListIndexesNow(indexes: readonly CollectionIndex[], text = true): void {
    const switching = this.journalsInMemory && !this.db.inTransaction;
    if (switching) this.db.pragma('temp_store = FILE');
    try {
      this.transaction(() => {
        for (const index of indexes) this.buildListIndex(index, text);
      });
    } finally {
      if (switching) this.db.pragma('temp_store = MEMORY');
    }
  }

  private buildListIndex(index: CollectionIndex, text = true): void {
    CollectionIndex.drop(this.db, index.collection);
    index.create(this.db, { text });
    this.db.prepare('INSERT OR REPLACE INTO list_indexes (collection, definition) VALUES (?, ?)').run(index.collection, index.builtFrom);
    this.indexed.add(index.collection);
    if (text) this.withoutText.delete(index.collection);
    else this.withoutText.add(index.collection);
  }

  /** Reads documents this store has not written from `documents` from now on (see DocumentBase). */
  readThrough(documents: DocumentBase): void {
    this.forgetAnswers();
    this.base = { documents, copied: new Set(), removed: new Set() };
    // What the fold removed, for lists read from the base's index: its rows are not the documents' any more.
    this.db.exec('CREATE TEMP TABLE IF NOT EXISTS overlay_removed (collection TEXT NOT NULL, id TEXT NOT NULL, PRIMARY KEY (collection, id)) WITHOUT ROWID');
    this.removedFromBase = this.db.prepare('INSERT OR IGNORE INTO temp.overlay_removed (collection, id) VALUES (?, ?)');
  }

  private removedFromBase: Database.Statement<[string, string]> | null = null;

  /**
   * A list of `collection` read from the base's index of it, overlaid with the documents this
   * store folded since (and without those it removed): when the base keeps an index built from
   * this store's declaration, the collection was not copied in, and the query filters by keys
   * alone. A text or a tag filter copies the collection in and reads it as the live store does.
   */
  private overlayOf(collection: string, query: DocumentQuery): { index: CollectionIndex; snapshot: SnapshotListIndex } | null {
    const base = this.base;
    const index = this.listIndexes.get(collection);
    if (!base?.documents.listIndex || !index || base.copied.has(collection)) return null;
    if (query.text || query.filters?.some((filter) => 'contains' in filter)) return null;
    const snapshot = base.documents.listIndex(collection, index.definition);
    if (!snapshot) return null;
    // This store's own index holds only the documents it folded: what overlays the base's. An
    // overlaid list never filters by text (above), so its text part is left out.
    if (!this.indexed.has(collection)) this.buildListIndexesNow([index], !this.options.indexOnFirstRead);
    return { index, snapshot };
  }

  /** The two sources of an overlaid list's key rows `k`: the base's, less the documents folded since, and the folded ones. */
  private overlayArms(index: CollectionIndex, snapshot: SnapshotListIndex, where: Clause[]): { base: Clause; folded: Clause } {
    const collection = `'${index.collection}'`;
    const params = where.flatMap((clause) => clause.params);
    return {
      base: {
        sql: `${snapshot.keysTable} k WHERE ${snapshot.valid}
                AND k.id NOT IN (SELECT id FROM main.documents WHERE collection = ${collection})
                AND k.id NOT IN (SELECT id FROM temp.overlay_removed WHERE collection = ${collection})
                AND ${this.conditions(where)}`,
        params,
      },
      folded: { sql: `main."${index.keysTable}" k WHERE ${this.conditions(where)}`, params },
    };
  }

  /** rowsSql over the overlay: both sources merged in the list's order, each read from its own index; the page's documents from where each came. */
  private overlayRowsSql(index: CollectionIndex, snapshot: SnapshotListIndex, where: Clause[], direction: 'ASC' | 'DESC'): Clause {
    const sortKey = index.orderColumn ? `k.${index.orderColumn}` : 'NULL';
    const order = (prefix: string) => [...(index.orderColumn ? ['sortValue'] : []), 'id'].map((key) => `${prefix}${key} ${direction}`).join(', ');
    const arms = this.overlayArms(index, snapshot, where);
    return {
      sql: `SELECT CASE p.folded WHEN 1 THEN json(d.doc) ELSE ${snapshot.documentOf('p.id')} END AS doc, d.checksum AS checksum, p.sortValue AS sortValue, p.id AS id
              FROM (SELECT k.id AS id, ${sortKey} AS sortValue, 0 AS folded FROM ${arms.base.sql}
                    UNION ALL
                    SELECT k.id AS id, ${sortKey} AS sortValue, 1 AS folded FROM ${arms.folded.sql}
                    ORDER BY ${order('')} LIMIT ?) p
              LEFT JOIN main.documents d ON p.folded = 1 AND d.collection = '${index.collection}' AND d.id = p.id
             ORDER BY ${order('p.')}`,
      params: [...arms.base.params, ...arms.folded.params],
    };
  }

  /**
   * countSql over the overlay: the base's count at its snapshot (one lookup, for equality on a
   * counted group) less the documents folded since that it counted, plus the folded ones that match.
   */
  private overlayCountSql(index: CollectionIndex, snapshot: SnapshotListIndex, where: Clause[], query: DocumentQuery): Clause {
    const arms = this.overlayArms(index, snapshot, where);
    const folded = `(SELECT count(*) FROM ${arms.folded.sql})`;
    const counted = snapshot.countsTable ? this.countedGroupOf(index, query.filters) : null;
    if (!counted) return { sql: `SELECT (SELECT count(*) FROM ${arms.base.sql}) + ${folded} AS count`, params: [...arms.base.params, ...arms.folded.params] };
    const collection = `'${index.collection}'`;
    return {
      sql: `SELECT coalesce((SELECT n FROM ${snapshot.countsTable} WHERE grouping = ? AND key = json_array(${counted.key.map(() => '?').join(', ')}) AND ordinal <= ${snapshot.ordinal}
                             ORDER BY ordinal DESC LIMIT 1), 0)
                 - (SELECT count(*) FROM (SELECT id FROM main.documents WHERE collection = ${collection} UNION SELECT id FROM temp.overlay_removed WHERE collection = ${collection}) s
                     CROSS JOIN ${snapshot.keysTable} k ON k.id = s.id WHERE ${snapshot.valid} AND ${this.conditions(where)})
                 + ${folded} AS count`,
      params: [counted.group, ...counted.key, ...arms.folded.params, ...arms.folded.params],
    };
  }

  private overlayExistsSql(index: CollectionIndex, snapshot: SnapshotListIndex, where: Clause[]): Clause {
    const arms = this.overlayArms(index, snapshot, where);
    return { sql: `SELECT 1 WHERE EXISTS (SELECT 1 FROM ${arms.base.sql}) OR EXISTS (SELECT 1 FROM ${arms.folded.sql})`, params: [...arms.base.params, ...arms.folded.params] };
  }

  /** Copies a collection in from the base, if there is one and it was not copied yet: before the collection is listed. */
  private copyFromBase(collection: string): void {
    const base = this.base;
    if (!base || base.copied.has(collection)) return;
    this.forgetAnswers();
    this.transaction(() => {
      base.documents.copyInto(collection);
      // What the fold removed since the snapshot stays removed.
      for (const key of base.removed) {
        const [removedFrom, id] = key.split('\u0000');
        if (removedFrom === collection) this.statements.remove.run(collection, id);
      }
    });
    base.copied.add(collection);
  }

  /** The list index of a collection, built now if this store builds them on first read. */
  private listIndexOf(collection: string, query: DocumentQuery): CollectionIndex {
    const index = this.listIndexes.get(collection);
    if (!index) throw new Error(`${collection} has no list index: declare one in its projection to list it`);
    this.copyFromBase(collection);
    // Its items' texts are part of its search texts (list-index.ts textStatements).
    if (index.spec.textOfItems) this.copyFromBase(index.spec.textOfItems.collection);
    const text = Boolean(query.text) || !this.options.indexOnFirstRead;
    // No answer of a list of it can be remembered before its index is built, and one built
    // without its text part answered no list that filters by text: nothing to forget.
    if (!this.indexed.has(collection) || (text && this.withoutText.has(collection))) this.buildListIndexesNow([index], text);
    return index;
  }

  /** The order a collection's lists are in: the name its cursors carry, and whether a sort key precedes the id. */
  listOrder(collection: string): { name: string; arity: number } {
    const index = this.listIndexes.get(collection);
    if (!index) throw new Error(`${collection} has no list index: declare one in its projection to list it`);
    return { name: index.orderName, arity: index.orderColumn ? 1 : 0 };
  }

  /** The document, frozen: it may be the very object other readers get until the next write. */
  get<Doc>(collection: string, id: string): Doc | null {
    this.assertKept(collection);
    const key = documentKey(collection, id);
    const known = this.documentAnswers.get(key);
    if (known) return known.doc as Doc | null;
    const row = this.statements.get.get(collection, id) as StoredDocument | undefined;
    const text = row ? this.intact(collection, id, row) : this.fromBase(collection, id);
    const doc = text === null ? null : deepFreeze(JSON.parse(text) as Doc);
    const chars = text?.length ?? 0;
    if (this.mayRemember(chars)) {
      this.documentAnswers.set(key, { doc: doc as object | null, chars });
      this.documentChars += chars;
    }
    return doc;
  }

  /** The document as stored, unfrozen and past the answer cache, with how far it is folded: for folds. */
  getFolded<Doc>(collection: string, id: string): FoldedDocument<Doc> {
    const row = this.statements.getFolded.get(collection, id);
    if (row) return { doc: JSON.parse(this.intact(collection, id, row)) as Doc, foldedUpTo: row.folded_up_to };
    // A document read through to the base (a snapshot) is folded from the snapshot's position on: every later event is new to it.
    const text = this.fromBase(collection, id);
    return { doc: text === null ? null : (JSON.parse(text) as Doc), foldedUpTo: null };
  }

  /** `getFolded` of many documents in one statement (a batch's): the ids given as a JSON array, looked up by the (collection, id) key. */
  getManyFolded<Doc>(collection: string, ids: readonly string[]): Map<string, FoldedDocument<Doc>> {
    const found = new Map<string, FoldedDocument<Doc>>();
    if (ids.length === 0) return found;
    for (const row of this.statements.getManyFolded.all(collection, JSON.stringify(ids)))
      found.set(row.id, { doc: JSON.parse(this.intact(collection, row.id, row)) as Doc, foldedUpTo: row.folded_up_to });
    for (const id of ids)
      if (!found.has(id)) {
        const text = this.fromBase(collection, id);
        found.set(id, { doc: text === null ? null : (JSON.parse(text) as Doc), foldedUpTo: null });
      }
    return found;
  }

  private assertKept(collection: string): void {
    if (this.options.keeps && !this.options.keeps.includes(collection))
      throw new Error(`${collection} is not kept by this store: it folds only ${this.options.keeps.join(', ')}`);
  }

  /** The base's text of a document this store holds no row for (null: none, or not the base's to answer). */
  private fromBase(collection: string, id: string): string | null {
    const base = this.base;
    if (!base || base.copied.has(collection) || base.removed.has(documentKey(collection, id))) return null;
    return base.documents.get(collection, id);
  }

  getMany<Doc>(collection: string, ids: readonly string[]): (Doc | null)[] {
    return ids.map((id) => this.get<Doc>(collection, id));
  }

  /** A document already serialised, its search text already folded (as a fold's batch hands them over). */
  write(change: DocumentChange): void {
    this.forgetAnswersAbout(change.collection, change.id);
    const key = documentKey(change.collection, change.id);
    if (change.json === null) {
      this.statements.remove.run(change.collection, change.id);
      this.base?.removed.add(key);
      this.removedFromBase?.run(change.collection, change.id);
    } else {
      this.statements.put.run(
        change.collection,
        change.id,
        change.json,
        change.search,
        change.position === undefined ? null : sortablePosition(change.position),
        // A store in memory (as of a point, thrown away after) has no disk to be damaged on.
        this.file === ':memory:' ? null : checksumOf(change.json),
      );
      this.base?.removed.delete(key);
    }
    if (++this.writesSinceTextsPut >= MOST_WAITING_TEXTS) this.putWaitingTexts();
  }

  /** How many pieces of text wait to enter the trigram indexes built in this file. */
  private textsWaiting(): number {
    let waiting = 0;
    for (const index of this.textIndexesBuilt()) waiting += this.prepared(`SELECT count(*) FROM "${index.waitingTextsTable}"`).pluck().get() as number;
    return waiting;
  }

  private textIndexesBuilt(): CollectionIndex[] {
    return [...this.listIndexes.values()].filter((index) => index.waitingTextsTable && this.indexed.has(index.collection) && !this.withoutText.has(index.collection));
  }

  /** Puts every waiting piece of text into its trigram index (list-index.ts putWaitingTexts). */
  private putWaitingTexts(): void {
    this.transaction(() => {
      for (const index of this.textIndexesBuilt()) index.putWaitingTexts(this.db);
    });
    this.writesSinceTextsPut = 0;
  }

  /** A text search reads the trigram index with every piece written so far in it. */
  private textIndexUpToDate(index: CollectionIndex): void {
    if (this.prepared(`SELECT EXISTS (SELECT 1 FROM "${index.waitingTextsTable}")`).pluck().get() === 0) return;
    this.transaction(() => index.putWaitingTexts(this.db));
  }

  checkpoint(name = 'projections'): string | null {
    const row = this.statements.getCheckpoint.get(name) as { position: string } | undefined;
    return row?.position ?? null;
  }

  /**
   * The hash of the checkpoint's event (null when it was not kept): with it a start notices a log
   * that was replaced or rewritten under the read models, though it reaches as far.
   */
  checkpointHash(name = 'projections'): string | null {
    const row = this.statements.getCheckpoint.get(name) as { hash: string | null } | undefined;
    return row?.hash ?? null;
  }

  setCheckpoint(position: string, name = 'projections', hash: string | null = null): void {
    this.statements.setCheckpoint.run(name, position, hash);
  }

  transaction<T>(work: () => T): T {
    try {
      return this.db.transaction(work)();
    } catch (error) {
      // A list index built inside the failed transaction was rolled back with it.
      if (this.indexed.size > 0 && this.db.open) {
        const built = new Set(this.db.prepare('SELECT collection FROM list_indexes').pluck().all() as string[]);
        for (const collection of this.indexed) if (!built.has(collection)) this.indexed.delete(collection);
      }
      throw error;
    }
  }

  /** Every document that matches, in the collection's list order (or the first `limit`), and how many match. */
  find<Doc>(collection: string, query: DocumentQuery = {}): { docs: Doc[]; totalCount: number } {
    const overlay = this.overlayOf(collection, query);
    const index = overlay?.index ?? this.listIndexOf(collection, query);
    const where = this.whereOf(index, query);
    const page = overlay ? this.overlayRowsSql(index, overlay.snapshot, where, 'ASC') : this.rowsSql(index, where, 'ASC');
    const count = overlay ? this.overlayCountSql(index, overlay.snapshot, where, query) : this.countSql(index, where, query);
    const limit = query.limit ?? -1;
    const answer = this.remembered(`find\u0000${page.sql}\u0000${JSON.stringify(page.params)}\u0000${limit}`, () => {
      const texts = (this.prepared(page.sql).all(...page.params, limit) as (StoredDocument & { id: string })[]).map((row) =>
        this.intact(collection, row.id, row),
      );
      const { count: totalCount } = this.prepared(count.sql).get(...count.params) as { count: number };
      return { texts, value: { docs: texts.map((text) => deepFreeze(JSON.parse(text) as object)), totalCount } };
    });
    return { docs: [...answer.docs] as Doc[], totalCount: answer.totalCount };
  }

  /** How many documents match (a list's `totalCount`), from the key table's indexes. */
  count(collection: string, query: DocumentQuery = {}): number {
    const overlay = this.overlayOf(collection, query);
    const index = overlay?.index ?? this.listIndexOf(collection, query);
    const where = this.whereOf(index, query);
    const count = overlay ? this.overlayCountSql(index, overlay.snapshot, where, query) : this.countSql(index, where, query);
    return (this.prepared(count.sql).get(...count.params) as { count: number }).count;
  }

  /**
   * One page of the documents that match, through a window of positions in the collection's list
   * order (its sort key, then id): the same documents whatever was added or removed elsewhere in
   * the list since the window's cursors were given out. `count` also counts every document that
   * matches. Read from the key table's indexes, then the page's documents by id.
   */
  page<Doc>(collection: string, query: DocumentQuery, window: KeysetWindow, count = true): KeysetPage<Doc> & { totalCount: number | null } {
    const overlay = this.overlayOf(collection, query);
    const index = overlay?.index ?? this.listIndexOf(collection, query);
    const where = this.whereOf(index, query);
    const sortKey = index.orderColumn && `k.${index.orderColumn}`;
    const bounds = [
      ...(window.after ? [positionCondition(sortKey, window.after, '>')] : []),
      ...(window.before ? [positionCondition(sortKey, window.before, '<')] : []),
    ];
    const direction = window.fromEnd ? 'DESC' : 'ASC';
    const rows = overlay ? this.overlayRowsSql(index, overlay.snapshot, [...where, ...bounds], direction) : this.rowsSql(index, [...where, ...bounds], direction);
    const farBound = window.fromEnd ? window.before : window.after;
    const beyondWhere = farBound && [...where, positionCondition(sortKey, farBound, window.fromEnd ? '>=' : '<=')];
    const beyond = beyondWhere && (overlay ? this.overlayExistsSql(index, overlay.snapshot, beyondWhere) : this.existsSql(index, beyondWhere));
    const total = count ? (overlay ? this.overlayCountSql(index, overlay.snapshot, where, query) : this.countSql(index, where, query)) : null;
    const key = ['page', rows.sql, JSON.stringify(rows.params), window.size, beyond?.sql, JSON.stringify(beyond?.params), total?.sql].join('\u0000');
    const answer = this.remembered(key, () => {
      const found = this.prepared(rows.sql).all(...rows.params, window.size + 1) as (StoredDocument & { sortValue: SortValue; id: string })[];
      const shown = found.slice(0, window.size).map((row) => ({ ...row, doc: this.intact(collection, row.id, row) }));
      if (window.fromEnd) shown.reverse();
      return {
        texts: shown.map((row) => row.doc),
        value: {
          items: shown.map((row) => ({
            item: deepFreeze(JSON.parse(row.doc) as object),
            position: { values: sortKey ? [row.sortValue] : [], id: row.id },
          })),
          more: found.length > window.size,
          beyond: beyond ? this.prepared(beyond.sql).get(...beyond.params) !== undefined : false,
          totalCount: total ? (this.prepared(total.sql).get(...total.params) as { count: number }).count : null,
        },
      };
    });
    return { ...answer, items: [...answer.items] } as unknown as KeysetPage<Doc> & { totalCount: number | null };
  }

  /** The SQL of a list's page (its last parameter is the limit) and of the plans tests check. */
  listSql(collection: string, query: DocumentQuery): { rows: Clause; count: Clause } {
    const overlay = this.overlayOf(collection, query);
    const index = overlay?.index ?? this.listIndexOf(collection, query);
    const where = this.whereOf(index, query);
    return overlay
      ? { rows: this.overlayRowsSql(index, overlay.snapshot, where, 'ASC'), count: this.overlayCountSql(index, overlay.snapshot, where, query) }
      : { rows: this.rowsSql(index, where, 'ASC'), count: this.countSql(index, where, query) };
  }

  private rowsSql(index: CollectionIndex, where: Clause[], direction: 'ASC' | 'DESC'): Clause {
    const sortKey = index.orderColumn ? `k.${index.orderColumn}` : 'NULL';
    const order = (table: string) =>
      [...(index.orderColumn ? [`${table}.${table === 'k' ? index.orderColumn : 'sortValue'}`] : []), `${table}.id`].map((key) => `${key} ${direction}`).join(', ');
    // The page's keys first, from the key table's indexes; then its documents, by id, and only those.
    return {
      sql: `SELECT json(d.doc) AS doc, d.checksum AS checksum, p.sortValue AS sortValue, p.id AS id
              FROM (SELECT k.id AS id, ${sortKey} AS sortValue FROM "${index.keysTable}" k WHERE ${this.conditions(where)} ORDER BY ${order('k')} LIMIT ?) p
              CROSS JOIN documents d ON d.collection = '${index.collection}' AND d.id = p.id
             ORDER BY ${order('p')}`,
      params: where.flatMap((clause) => clause.params),
    };
  }

  /**
   * How many match: one lookup in the collection's counts when the query is equality on exactly a
   * counted group of keys (or nothing), else a count of the matching index entries. A common text
   * with such filters (or none) is one lookup in the counts kept of common texts; any other text
   * query is counted from its matches (each one document of the collection, its items' texts
   * included), other filters checked on those rows only.
   */
  private countSql(index: CollectionIndex, where: Clause[], query: DocumentQuery): Clause {
    const counted = this.countedGroupOf(index, query.filters);
    const text = query.text ? normalizeForSearch(query.text) : '';
    if (!text) {
      if (counted) return { sql: `SELECT coalesce((SELECT n FROM "${index.countsTable}" WHERE grouping = ? AND key = ${jsonArrayOf(counted.key)}), 0) AS count`, params: [counted.group, ...counted.key] };
      return { sql: `SELECT count(*) AS count FROM "${index.keysTable}" k WHERE ${this.conditions(where)}`, params: where.flatMap((clause) => clause.params) };
    }
    const matches = this.textMatches(index, text);
    if (matches.dense && counted) return this.textCount(index, text, counted);
    const others = this.whereOf(index, { filters: query.filters });
    if (!others.length) return { sql: `SELECT count(*) AS count FROM (${matches.sql})`, params: matches.params };
    return {
      sql: `SELECT count(*) AS count FROM (${matches.sql}) m CROSS JOIN "${index.keysTable}" k ON k.doc_rowid = m.doc_rowid WHERE ${this.conditions(others)}`,
      params: [...matches.params, ...others.flatMap((clause) => clause.params)],
    };
  }

  /**
   * How many documents hold a common text, under equality on a counted group of keys (or none):
   * counted once per group from how many pieces of each document hold it (itself counted once per
   * text, from the trigram index), then kept up by triggers as pieces and keys are written
   * (list-index.ts textStatements), so that such a count after a write is one lookup.
   * A few texts and groups are kept, the oldest making way.
   */
  private textCount(index: CollectionIndex, text: string, counted: { group: number; key: string[] }): Clause {
    const texts = index.textTexts!;
    const counts = index.textCounts!;
    const matchCounts = index.textMatchCounts!;
    const { group } = counted;
    if (this.prepared(`SELECT 1 FROM "${texts}" WHERE text = ? AND grouping = ?`).get(text, group) === undefined)
      this.transaction(() => {
        // A write first, so the transaction sees the file as it is now: another process on it may have just kept this text.
        if (this.prepared(`INSERT OR IGNORE INTO "${texts}" (text, grouping) VALUES (?, ?)`).run(text, group).changes === 0) return;
        this.prepared(`DELETE FROM "${texts}" WHERE rowid NOT IN (SELECT rowid FROM "${texts}" ORDER BY rowid DESC LIMIT ${COUNTED_TEXTS})`).run();
        this.prepared(`DELETE FROM "${counts}" WHERE (text, grouping) NOT IN (SELECT text, grouping FROM "${texts}")`).run();
        this.prepared(`DELETE FROM "${matchCounts}" WHERE text NOT IN (SELECT text FROM "${texts}")`).run();
        // Counted from its documents (the kept pieces per document) under each group `groups` names, in one pass.
        const countFromMatches = (groups: string) =>
          this.prepared(
            `INSERT INTO "${counts}" (text, grouping, key, n)
               SELECT t.text, t.grouping, json_extract(s.counted, '$[' || t.grouping || ']') AS key, count(*) FROM "${matchCounts}" m
               JOIN "${texts}" t ON t.text = m.text JOIN "${index.searchTable}" s ON s.doc_rowid = m.doc_rowid
               WHERE m.text = ? AND ${groups} GROUP BY t.grouping, key ON CONFLICT (text, grouping, key) DO UPDATE SET n = n + excluded.n`,
          );
        if (this.prepared(`SELECT 1 FROM "${matchCounts}" WHERE text = ? LIMIT 1`).get(text) !== undefined) {
          // Kept already under another group: its documents are known.
          countFromMatches('t.grouping = ?').run(text, group);
          return;
        }
        // Its pieces per document counted once, from its trigram matches. The text is taken out of the kept ones meanwhile (its rows put back as
        // they were), so that the triggers on the pieces count no document one by one: they are counted after, in one pass, under each of its groups.
        const kept = this.prepared(`SELECT rowid, grouping FROM "${texts}" WHERE text = ?`).all(text) as { rowid: number; grouping: number }[];
        this.prepared(`DELETE FROM "${texts}" WHERE text = ?`).run(text);
        const pieces = this.pieceCounts(index, text);
        this.prepared(`INSERT INTO "${matchCounts}" (text, doc_rowid, n) SELECT ?, doc_rowid, n FROM (${pieces.sql}) WHERE n > 0`).run(text, ...pieces.params);
        for (const row of kept) this.prepared(`INSERT INTO "${texts}" (rowid, text, grouping) VALUES (?, ?, ?)`).run(row.rowid, text, row.grouping);
        countFromMatches('1').run(text);
      });
    return {
      sql: `SELECT coalesce((SELECT n FROM "${counts}" WHERE text = ? AND grouping = ? AND key = ${jsonArrayOf(counted.key)}), 0) AS count`,
      params: [text, group, ...counted.key],
    };
  }

  /** The counted group (and its key) that a query's filters name exactly, by equality on strings, if any: the whole collection for none. */
  private countedGroupOf(index: CollectionIndex, filters: readonly Filter[] = []): { group: number; key: string[] } | null {
    const equalities = new Map<string, string>();
    const countable = filters.every(
      (filter) => 'equals' in filter && typeof filter.equals === 'string' && !equalities.has(filter.path) && equalities.set(filter.path, filter.equals),
    );
    return countable ? index.countGroupOf(equalities) : null;
  }

  private existsSql(index: CollectionIndex, where: Clause[]): Clause {
    return { sql: `SELECT 1 FROM "${index.keysTable}" k WHERE ${this.conditions(where)} LIMIT 1`, params: where.flatMap((clause) => clause.params) };
  }

  private conditions(where: Clause[]): string {
    return where.length ? where.map((clause) => clause.sql).join(' AND ') : '1';
  }

  private whereOf(index: CollectionIndex, query: DocumentQuery): Clause[] {
    const where: Clause[] = [];
    for (const filter of query.filters ?? []) {
      if ('contains' in filter) {
        where.push({ sql: `k.doc_rowid IN (SELECT doc_rowid FROM "${index.tagTable(filter.path)}" WHERE value = ?)`, params: [filter.contains] });
        continue;
      }
      const col = `k.${index.column(filter.path)}`;
      if ('equals' in filter) {
        if (filter.equals === null) where.push({ sql: `${col} IS NULL`, params: [] });
        else where.push({ sql: `${col} = ?`, params: [typeof filter.equals === 'boolean' ? Number(filter.equals) : filter.equals] });
      } else if ('in' in filter) {
        if (filter.in.length === 0) where.push({ sql: '0', params: [] });
        else where.push({ sql: `${col} IN (${filter.in.map(() => '?').join(', ')})`, params: [...filter.in] });
      } else if ('isNull' in filter) {
        where.push({ sql: filter.isNull ? `${col} IS NULL` : `${col} IS NOT NULL`, params: [] });
      } else {
        for (const [op, sql] of [['gte', '>='], ['gt', '>'], ['lte', '<='], ['lt', '<']] as const) {
          const value = filter[op];
          if (value !== undefined) where.push({ sql: `${col} ${sql} ?`, params: [value] });
        }
      }
    }
    const text = query.text ? normalizeForSearch(query.text) : '';
    if (text) where.push(this.textCondition(index, text));
    return where;
  }

  /**
   * The documents whose folded search text holds `text` (a meeting's includes its outcomes'). Few
   * matches are read from the trigram index and sorted. Many (a common word) are met while the
   * list's own index is walked in order, each one's search text checked as it comes (a seek by
   * rowid), which finds a page long before reading, let alone sorting, every match would.
   */
  private textCondition(index: CollectionIndex, text: string): Clause {
    const matches = this.textMatches(index, text);
    if (!matches.dense) return { sql: `k.doc_rowid IN (${matches.sql})`, params: matches.params };
    const own = `instr(coalesce((SELECT s.search FROM "${index.searchTable}" s WHERE s.doc_rowid = k.doc_rowid), ''), ?) > 0`;
    if (!index.itemsSearchTable) return { sql: own, params: [text] };
    // Its items read by their owner's id (the items table's key) only when its own text does not hold it.
    return { sql: `(${own} OR EXISTS (SELECT 1 FROM "${index.itemsSearchTable}" i WHERE i.owner = k.id AND instr(i.search, ?) > 0))`, params: [text, text] };
  }

  /**
   * The rowids (`doc_rowid`) of the documents whose search text holds `text` (their own or one of
   * their items'), looked up in the trigram index (as an FTS5 phrase, which is the substring), and
   * whether they are many (see textCondition). A text of one or two characters has no trigram: it
   * is matched by reading the collection's search texts, and taken as many.
   */
  private textMatches(index: CollectionIndex, text: string): Clause & { dense: boolean } {
    if (!index.textTable || !index.searchTable) throw new Error(`${index.collection} has no text index: declare text in its projection's index`);
    if ([...text].length < SHORTEST_INDEXED_TEXT) {
      const pieces = this.shortTextPieces(index, text);
      return { sql: `SELECT DISTINCT doc_rowid FROM (${pieces.sql})`, params: pieces.params, dense: true };
    }
    this.textIndexUpToDate(index);
    const phrase = `"${text.replace(/"/g, '""')}"`;
    const key = `${index.collection}\u0000${phrase}`;
    let dense = this.denseTexts.get(key);
    if (dense === undefined) {
      const matches = this.prepared(`SELECT count(*) FROM (SELECT rowid FROM "${index.textTable}" WHERE "${index.textTable}" MATCH ? LIMIT ${FEW_TEXT_MATCHES})`)
        .pluck()
        .get(phrase) as number;
      dense = matches >= FEW_TEXT_MATCHES;
      if (this.denseTexts.size >= DENSE_TEXTS_REMEMBERED) this.denseTexts.clear();
      this.denseTexts.set(key, dense);
    }
    // A row of the index is a piece of a document's text, under a rowid that carries the document's (list-index.ts PIECE_BITS).
    return { sql: `SELECT DISTINCT rowid >> ${PIECE_BITS} AS doc_rowid FROM "${index.textTable}" WHERE "${index.textTable}" MATCH ?`, params: [phrase], dense };
  }

  /** Per document holding `text`, how many of its pieces (its own text, its items') hold it: `doc_rowid`, `n`. */
  private pieceCounts(index: CollectionIndex, text: string): Clause {
    if ([...text].length < SHORTEST_INDEXED_TEXT) {
      const pieces = this.shortTextPieces(index, text);
      return { sql: `SELECT doc_rowid, count(*) AS n FROM (${pieces.sql}) GROUP BY doc_rowid`, params: pieces.params };
    }
    this.textIndexUpToDate(index);
    const phrase = `"${text.replace(/"/g, '""')}"`;
    return { sql: `SELECT rowid >> ${PIECE_BITS} AS doc_rowid, count(*) AS n FROM "${index.textTable}" WHERE "${index.textTable}" MATCH ? GROUP BY 1`, params: [phrase] };
  }

  /** A text too short for trigrams: each piece holding it, by reading every search text (its items' of stored owners included), as `doc_rowid` of its document. */
  private shortTextPieces(index: CollectionIndex, text: string): Clause {
    const own = `SELECT doc_rowid FROM "${index.searchTable}" WHERE instr(search, ?) > 0`;
    if (!index.itemsSearchTable) return { sql: own, params: [text] };
    return {
      sql: `${own} UNION ALL SELECT o.rowid FROM "${index.itemsSearchTable}" i JOIN documents o ON o.collection = '${index.collection}' AND o.id = i.owner WHERE instr(i.search, ?) > 0`,
      params: [text, text],
    };
  }

  /** An answer kept until the next write (see `mayRemember`), with the JSON texts it was parsed from. */
  private remembered<T extends object>(key: string, compute: () => { texts: string[]; value: T }): T {
    const known = this.pageAnswers.get(key);
    if (known) return known as T;
    const { texts, value } = compute();
    const chars = texts.reduce((sum, text) => sum + text.length, 0);
    if (this.mayRemember(chars)) {
      this.pageAnswers.set(key, value);
      this.pageChars += chars;
    }
    return value;
  }

  /** Every document of a collection, for rebuild comparisons. */
  all<Doc>(collection: string): Doc[] {
    return [...this.documentTexts(collection)].map((text) => JSON.parse(text) as Doc);
  }

  /**
   * The JSON text of every document of a collection, in id order, one at a time: a replay file
   * streams them out without holding a collection in memory. The statement stays open, keeping
   * its place, while the caller waits between documents.
   */
  documentTexts(collection: string): IterableIterator<string> {
    this.assertKept(collection);
    this.copyFromBase(collection);
    return this.db.prepare('SELECT json(doc) FROM documents WHERE collection = ? ORDER BY id').pluck().iterate(collection) as IterableIterator<string>;
  }

  collections(): string[] {
    for (const collection of this.base?.documents.collections() ?? []) this.copyFromBase(collection);
    return (this.prepared('SELECT DISTINCT collection FROM documents ORDER BY collection').all() as { collection: string }[]).map(
      (row) => row.collection,
    );
  }

  /** Told of every damaged document found, before the read is refused (the app shows it and rebuilds at the next start). */
  onDamage: ((damage: ReadModelDamaged) => void) | null = null;

  /** The document's text, once its checksum holds (a document written before checksums has none to hold). */
  private intact(collection: string, id: string, row: StoredDocument): string {
    if (row.checksum === null || checksumOf(row.doc) === row.checksum) return row.doc;
    const damage = new ReadModelDamaged(collection, id);
    this.onDamage?.(damage);
    throw damage;
  }

  /**
   * A statement prepared once per SQL text: a list query's SQL depends only on which filters it
   * uses (values are bound), so the same few texts come back on every request. Bounded, because an
   * `in` filter's text grows with its list.
   */
  private prepared(sql: string): Database.Statement {
    let statement = this.statementCache.get(sql);
    if (statement) {
      this.statementCache.delete(sql);
    } else {
      statement = this.db.prepare(sql);
      if (this.statementCache.size >= STATEMENT_CACHE_SIZE) this.statementCache.delete(this.statementCache.keys().next().value!);
    }
    this.statementCache.set(sql, statement);
    return statement;
  }

  /**
   * Empties the read models (to be folded again from the log): the list indexes go with the
   * documents, to be built in bulk once the fold is done (buildListIndexes), not row by row.
   */
  clear(): void {
    this.forgetAnswers();
    this.transaction(() => {
      for (const collection of this.db.prepare('SELECT collection FROM list_indexes').pluck().all() as string[]) CollectionIndex.drop(this.db, collection);
      this.db.exec('DELETE FROM list_indexes; DELETE FROM documents; DELETE FROM checkpoints;');
    });
    this.indexed.clear();
    this.withoutText.clear();
  }

  /**
   * Answers are kept, parsed and frozen, until a write may change them: reads repeat (the same
   * meeting, the same first page of a list), and fetching, filtering and parsing large documents
   * cost more than the rest of a request. Frozen, one parsed copy serves every reader. Documents
   * are written only through this store (`write`, `clear`): a write forgets the document's own
   * answer and every list page. Nothing is kept while a transaction is open, so a rollback can
   * leave nothing behind. The JSON text's length bounds the memory held.
   */
  private mayRemember(chars: number): boolean {
    if (this.db.inTransaction) return false;
    if (this.documentChars + this.pageChars + chars > ANSWER_CACHE_CHARS) this.forgetAnswers();
    return true;
  }

  private forgetAnswersAbout(collection: string, id: string): void {
    const key = documentKey(collection, id);
    const known = this.documentAnswers.get(key);
    if (known) {
      this.documentAnswers.delete(key);
      this.documentChars -= known.chars;
    }
    if (this.pageAnswers.size > 0) {
      this.pageAnswers.clear();
      this.pageChars = 0;
    }
    this.denseTexts.clear();
  }

  private forgetAnswers(): void {
    this.denseTexts.clear();
    this.documentAnswers.clear();
    this.pageAnswers.clear();
    this.documentChars = 0;
    this.pageChars = 0;
  }

  /**
   * A file found damaged while it is served (pages SQLite calls malformed, which a rebuild in place
   * cannot be trusted to delete): it is closed, moved aside with its -wal and -shm for a post-mortem,
   * and an empty file of the current layout takes its place, for the log to fill again. Returns
   * where the damaged file went.
   */
  replaceWithEmptyFile(): string {
    this.forgetAnswers();
    this.statementCache.clear();
    if (this.file === ':memory:') {
      this.clear();
      return ':memory:';
    }
    return replaceDamagedFile(this.file, () => this.close(), () => this.open());
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}
