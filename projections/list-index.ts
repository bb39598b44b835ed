import type { Database } from 'better-sqlite3';

/**
 * What a collection's lists filter and sort by, declared beside its projection: the read-model
 * store keeps a table of these keys per collection, indexed, so a list page reads index entries
 * and the few documents it shows, however many documents the collection holds.
 */
export interface ListIndex {
  /** The sort key's path: the collection's lists are in this order, ties (and absent values) broken by id; id alone without it. */
  order?: string;
  /** Document paths a list may filter by (`$.state.status`): one column each. */
  keys: readonly string[];
  /** Indexes over keys, first column first; each ends with the sort key and id, so a filtered page is read in order. */
  indexes: readonly (readonly string[])[];
  /**
   * Groups of keys whose documents are counted per combination of values as they are written, so
   * the `totalCount` of a list filtered by exactly those keys' equality is one lookup rather than a
   * count of its matches. The whole collection is always counted.
   */
  counts?: readonly (readonly string[])[];
  /** Paths of arrays whose items the `contains` filter looks up (`$.referredToIds`). */
  tags?: readonly string[];
  /** The `text` filter looks up the folded search text in a trigram index. */
  text?: boolean;
  /**
   * The `text` filter also matches a document when the text is in one of its items (documents of
   * another collection, whose `owner` path holds this document's id): a meeting by its outcomes'
   * texts, kept beside its own search texts per owner (see textStatements).
   */
  textOfItems?: { collection: string; owner: string };
}

/**
 * A row of a trigram index is a piece of a document's search text (its own, or one of its items')
 * under the rowid of the document × 2^PIECE_BITS + the rowid of the piece's document: a match gives
 * its document by a shift, and an item's write touches its own text alone, not its owner's.
 * Rowids stay below 2^32 while a file has held fewer than four billion documents.
 */
export const PIECE_BITS = 32;

/** How many characters a trigram index can look up: a shorter text is matched by reading every search text of the collection. */
export const SHORTEST_INDEXED_TEXT = 3;

/** FTS5's own bound on the terms it holds in memory before writing a segment (FTS5_DEFAULT_HASHSIZE). */
const FTS5_DEFAULT_HASH_BYTES = 1024 * 1024;
/** That bound while a text index is built in bulk: a million events' outcome texts fit in one segment. */
const BULK_TEXT_INDEX_HASH_BYTES = 256 * 1024 * 1024;
/**
 * How many pieces may wait to enter a trigram index (see textStatements) before a write puts them
 * in: what a text search after many writes pays for first, about 9 µs a piece of an outcome's
 * length (9 ms for a thousand, against 1 ms for ten).
 */
export const MOST_WAITING_TEXTS = 1_000;

const IDENTIFIER = /^[A-Za-z][A-Za-z0-9]*$/;
const JSON_PATH = /^\$(\.[A-Za-z_][A-Za-z0-9_]*)+$/;

const columnName = (path: string): string => `k_${path.slice(2).replace(/\./g, '_')}`;

/** A text as an SQL string literal (paths and names written into the statements these indexes are made of). */
export const quoted = (text: string): string => `'${text.replace(/'/g, "''")}'`;

/**
 * The SQL objects that keep one collection's list keys beside its documents: a key table whose
 * rowid is the document's (so the text index and the tag tables point at it directly), its
 * indexes, counts, tag tables, search texts and trigram index, all maintained by triggers on
 * `documents`, so every way a document is written (a fold, a snapshot copied in, an upgrade) keeps
 * them in step.
 */
export class CollectionIndex {
  readonly keysTable: string;
  readonly textTable: string | null;
  /** The search texts the trigram index is built over (its external content). */
  readonly searchTable: string | null;
  /** The common texts whose counts are kept (see textStatements), each with the counted group it is kept under, oldest first. */
  readonly textTexts: string | null;
  /** How many documents hold each kept text, per counted group and key, kept by triggers as pieces and keys are written. */
  readonly textCounts: string | null;
  /** Per kept text and document, how many of the document's pieces (its own text, its items') hold the text. */
  readonly textMatchCounts: string | null;
  /** The texts of the items whose texts match their owner too (textOfItems), by owner and item. */
  readonly itemsSearchTable: string | null;
  /** The pieces written since the trigram index was last brought up to date, and those taken out of it (see textStatements). */
  readonly waitingTextsTable: string | null;
  readonly countsTable: string;
  readonly orderColumn: string | null;
  /** The order's name, carried by cursors: the sort key's last path segment, or `id`. */
  readonly orderName: string;
  /** Everything the index's keys depend on: an as-of index of a snapshot built from another definition is built again. */
  readonly definition: string;
  /** Everything the tables and triggers of the index in a read-model file depend on: a file built from another builds them again. */
  readonly builtFrom: string;
  private readonly columns: Map<string, string>;
  private readonly tagTables: Map<string, string>;
  /** Each counted group of keys, by its number in the counts table (0: the whole collection). */
  private readonly countGroups: (readonly string[])[];

  constructor(
    readonly collection: string,
    readonly spec: ListIndex,
  ) {
    if (!IDENTIFIER.test(collection)) throw new Error(`a collection with a list index must be named by letters and digits: ${collection}`);
    const paths = [...new Set([...(spec.order ? [spec.order] : []), ...spec.keys])];
    for (const path of [...paths, ...(spec.tags ?? [])]) if (!JSON_PATH.test(path)) throw new Error(`not a safe JSON path: ${path}`);
    for (const group of [...spec.indexes, ...(spec.counts ?? [])])
      for (const path of group) if (!paths.includes(path)) throw new Error(`${collection}: index or count over ${path}, which is not a key`);
    this.columns = new Map(paths.map((path) => [path, columnName(path)]));
    this.keysTable = `keys_${collection}`;
    this.countsTable = `keys_${collection}_counts`;
    this.textTable = spec.text ? `text_${collection}` : null;
    this.searchTable = spec.text ? `search_${collection}` : null;
    this.textTexts = spec.text ? `search_${collection}_texts` : null;
    this.textCounts = spec.text ? `search_${collection}_counts` : null;
    this.textMatchCounts = spec.text ? `search_${collection}_matches` : null;
    this.itemsSearchTable = spec.text && spec.textOfItems ? `search_${collection}_items` : null;
    this.waitingTextsTable = spec.text ? `search_${collection}_waiting` : null;
    this.orderColumn = spec.order ? this.columns.get(spec.order)! : null;
    this.orderName = spec.order ? spec.order.slice(spec.order.lastIndexOf('.') + 1) : 'id';
    this.tagTables = new Map((spec.tags ?? []).map((path) => [path, `tags_${collection}_${columnName(path).slice(2)}`]));
    this.countGroups = [[], ...(spec.counts ?? []).map((group) => [...group].sort())];
    // 5: a collection whose items' texts match keeps them apart, not joined to its own, and the kept counts count per document how many of its pieces hold a kept text (textStatements). 4: kept counts of common texts.
    const keysDefinition = { ...spec, keys: paths, layout: spec.text ? 5 : 3 };
    this.definition = JSON.stringify(keysDefinition);
    // Pieces of text wait in a table of their own to enter the trigram index (textStatements): its triggers changed, its keys did not.
    this.builtFrom = spec.text ? JSON.stringify({ ...keysDefinition, texts: 'waiting' }) : this.definition;
  }

  /** The key table's column for a path a list filters or sorts by; a path that is not a key is a mistake of the caller. */
  column(path: string): string {
    if (path === 'id') return 'id';
    const column = this.columns.get(path);
    if (!column) throw new Error(`${this.collection} has no list key ${path}: declare it in the projection's index`);
    return column;
  }

  /** Each key's path and column, the sort key's first: what an as-of index in the snapshot file keeps (projections/snapshots/as-of-index.ts). */
  keyColumns(): [path: string, column: string][] {
    return [...this.columns];
  }

  /** SQL of the key of counted group `number` from a key table row: as the counts tables key it. */
  countedKeyOf(number: number, row: string): string {
    return `json_array(${this.countGroups[number].map((path) => `${row}.${this.column(path)}`).join(', ')})`;
  }

  /** Each counted group of keys, in its number's order (0: the whole collection). */
  countedGroups(): readonly (readonly string[])[] {
    return this.countGroups;
  }

  tagTable(path: string): string {
    const table = this.tagTables.get(path);
    if (!table) throw new Error(`${this.collection} has no tags at ${path}: declare them in the projection's index`);
    return table;
  }

  /** The counted group (and its key's values, in the group's order) that equality filters on exactly `values`' paths name, if any. */
  countGroupOf(values: ReadonlyMap<string, string>): { group: number; key: string[] } | null {
    const paths = [...values.keys()].sort();
    const group = this.countGroups.findIndex((candidate) => candidate.length === paths.length && candidate.every((path, i) => path === paths[i]));
    return group < 0 ? null : { group, key: this.countGroups[group].map((path) => values.get(path)!) };
  }

  /**
   * Creates the tables, fills them from the documents already stored, then indexes them and
   * installs the triggers that keep them in step: built in bulk (a sort per index, one pass of the
   * text index) rather than row by row, which a rebuild of a large log leaves until it has folded it.
   * Without `text`, the search texts and their trigram index are left out: for a store no longer
   * written, whose lists have not filtered by text yet.
   */
  create(db: Database, { text = true }: { text?: boolean } = {}): void {
    const { collection, keysTable, countsTable } = this;
    const columns = [...this.columns.values()];
    const extracted = (row: 'new' | 'd') => [...this.columns.keys()].map((path) => `json_extract(${row}.doc, ${quoted(path)})`);
    const ofCollection = (row: 'new' | 'old') => `${row}.collection = ${quoted(collection)}`;
    const groupKey = (row: 'new' | 'old' | 'k', group: readonly string[]) => `json_array(${group.map((path) => `${row}.${this.column(path)}`).join(', ')})`;
    const add = (group: readonly string[], number: number) =>
      `INSERT INTO "${countsTable}" (grouping, key, n) VALUES (${number}, ${groupKey('new', group)}, 1) ON CONFLICT (grouping, key) DO UPDATE SET n = n + 1;`;
    const subtract = (group: readonly string[], number: number) =>
      `UPDATE "${countsTable}" SET n = n - 1 WHERE grouping = ${number} AND key = ${groupKey('old', group)};`;
    const statements = [
      // Columns without a type keep JSON's own types (text, integer, real, null), as json_extract gives them.
      `CREATE TABLE "${keysTable}" (${['doc_rowid INTEGER PRIMARY KEY', 'id TEXT NOT NULL UNIQUE', ...columns].join(', ')})`,
      `INSERT INTO "${keysTable}" (${['doc_rowid', 'id', ...columns].join(', ')})
         SELECT ${['d.rowid', 'd.id', ...extracted('d')].join(', ')} FROM documents d WHERE d.collection = ${quoted(collection)}`,
      ...this.spec.indexes.map(
        (index, number) =>
          `CREATE INDEX "${keysTable}_${number}" ON "${keysTable}" (${[...new Set([...index.map((path) => this.column(path)), ...(this.orderColumn ? [this.orderColumn] : []), 'id'])].join(', ')})`,
      ),
      ...(this.orderColumn ? [`CREATE INDEX "${keysTable}_order" ON "${keysTable}" (${this.orderColumn}, id)`] : []),
      `CREATE TABLE "${countsTable}" (grouping INTEGER NOT NULL, key TEXT NOT NULL, n INTEGER NOT NULL, PRIMARY KEY (grouping, key)) WITHOUT ROWID`,
      ...this.countGroups.map(
        (group, number) =>
          `INSERT INTO "${countsTable}" (grouping, key, n) SELECT ${number}, ${groupKey('k', group)}, count(*) FROM "${keysTable}" k GROUP BY ${groupKey('k', group)}`,
      ),
      `CREATE TRIGGER "${keysTable}_inserted" AFTER INSERT ON documents WHEN ${ofCollection('new')} BEGIN
         INSERT INTO "${keysTable}" (${['doc_rowid', 'id', ...columns].join(', ')}) VALUES (${['new.rowid', 'new.id', ...extracted('new')].join(', ')});
       END`,
      ...(columns.length
        ? [
            `CREATE TRIGGER "${keysTable}_updated" AFTER UPDATE OF doc ON documents WHEN ${ofCollection('new')} BEGIN
               UPDATE "${keysTable}" SET ${columns.map((column, i) => `${column} = ${extracted('new')[i]}`).join(', ')}
                WHERE doc_rowid = new.rowid AND (${columns.map((column, i) => `${column} IS NOT ${extracted('new')[i]}`).join(' OR ')});
             END`,
          ]
        : []),
      `CREATE TRIGGER "${keysTable}_deleted" AFTER DELETE ON documents WHEN ${ofCollection('old')} BEGIN DELETE FROM "${keysTable}" WHERE doc_rowid = old.rowid; END`,
      `CREATE TRIGGER "${countsTable}_inserted" AFTER INSERT ON "${keysTable}" BEGIN ${this.countGroups.map(add).join(' ')} END`,
      `CREATE TRIGGER "${countsTable}_deleted" AFTER DELETE ON "${keysTable}" BEGIN ${this.countGroups.map(subtract).join(' ')} END`,
      ...this.countGroups.flatMap((group, number) =>
        group.length === 0
          ? []
          : [
              `CREATE TRIGGER "${countsTable}_updated_${number}" AFTER UPDATE ON "${keysTable}" WHEN ${groupKey('old', group)} IS NOT ${groupKey('new', group)} BEGIN
                 ${subtract(group, number)} ${add(group, number)}
               END`,
            ],
      ),
    ];
    for (const [path, table] of this.tagTables) {
      const items = (row: 'new') => `SELECT DISTINCT value, ${row}.rowid FROM json_each(${row}.doc, ${quoted(path)}) WHERE value IS NOT NULL`;
      statements.push(
        `CREATE TABLE "${table}" (value, doc_rowid INTEGER NOT NULL, PRIMARY KEY (value, doc_rowid)) WITHOUT ROWID`,
        `INSERT OR IGNORE INTO "${table}" (value, doc_rowid)
           SELECT DISTINCT j.value, d.rowid FROM documents d, json_each(d.doc, ${quoted(path)}) j WHERE d.collection = ${quoted(collection)} AND j.value IS NOT NULL`,
        `CREATE INDEX "${table}_by_document" ON "${table}" (doc_rowid)`,
        `CREATE TRIGGER "${table}_inserted" AFTER INSERT ON documents WHEN ${ofCollection('new')} BEGIN INSERT OR IGNORE INTO "${table}" (value, doc_rowid) ${items('new')}; END`,
        `CREATE TRIGGER "${table}_updated" AFTER UPDATE OF doc ON documents
           WHEN ${ofCollection('new')} AND json_extract(old.doc, ${quoted(path)}) IS NOT json_extract(new.doc, ${quoted(path)})
           BEGIN DELETE FROM "${table}" WHERE doc_rowid = old.rowid; INSERT OR IGNORE INTO "${table}" (value, doc_rowid) ${items('new')}; END`,
        `CREATE TRIGGER "${table}_deleted" AFTER DELETE ON documents WHEN ${ofCollection('old')} BEGIN DELETE FROM "${table}" WHERE doc_rowid = old.rowid; END`,
      );
    }
    if (this.textTable && text) statements.push(...this.textStatements());
    for (const statement of statements) db.exec(statement);
  }

  /**
   * The search texts, the trigram index over them and the triggers that keep both in step. The
   * search table holds each document's own text (a row for every document, its text possibly
   * empty) and its key in each counted group of keys (`counted`). A collection whose items' texts
   * match too (a meeting by its outcomes') keeps the items' texts beside it, per owner and item
   * (`<search table>_items`). The trigram index holds the pieces, a document's own text and each of
   * its items', each a row under a rowid that carries its document's (PIECE_BITS): a match gives the
   * document by a shift, with no seek per item, and an item's write indexes its own text alone.
   *
   * The triggers do not write the trigram index: a piece written or taken out waits in
   * `<search table>_waiting` (putWaitingTexts puts them in, before a text search reads the index,
   * and once MOST_WAITING_TEXTS wait). FTS5 writes out what it holds in memory as a segment of its
   * own at every statement's savepoint, so a piece written by a trigger, one document at a time,
   * was a segment each, merged again and again as they piled up: about a tenth of the CPU of a
   * `recordOutcome`. Put in together, they make one.
   *
   * The counts of the common texts a list asked for (textTexts), each under the counted group it was
   * asked with, are kept per key of that group (textCounts). They count documents, and a document
   * may hold a text in several pieces: `<search table>_matches` keeps, per kept text and document,
   * how many of its pieces hold it, and a kept count moves only when that number leaves or reaches 0
   * (or the document's keys change). A write checks the pieces it writes against the kept texts (an
   * `instr` each) and looks up a few rows: it never reads its owner's other items.
   */
  private textStatements(): string[] {
    const { collection } = this;
    const { textTable, searchTable, textTexts, textCounts, waitingTextsTable: waitingTable } = this as {
      textTable: string;
      searchTable: string;
      textTexts: string;
      textCounts: string;
      waitingTextsTable: string;
    };
    const matchesTable = this.textMatchCounts!;
    const ofCollection = (row: 'new' | 'old') => `${row}.collection = ${quoted(collection)}`;
    // The document's key in each counted group, in the groups' order: as the key table's counts key them.
    const countedOf = (row: 'new' | 'old' | 'd') =>
      `json_array(${this.countGroups.map((group) => `json_array(${group.map((path) => `json_extract(${row}.doc, ${quoted(path)})`).join(', ')})`).join(', ')})`;
    const keptTexts = `(SELECT DISTINCT text FROM "${textTexts}")`;
    // Adds `by` to the kept counts of `text` (every group it is kept under), under the key of the document `docRowid` in each.
    const count = (text: string, docRowid: string, by: string) =>
      `INSERT INTO "${textCounts}" (text, grouping, key, n)
         SELECT t.text, t.grouping, json_extract(s.counted, '$[' || t.grouping || ']'), ${by} FROM "${textTexts}" t JOIN "${searchTable}" s ON s.doc_rowid = ${docRowid}
         WHERE t.text = ${text} ON CONFLICT (text, grouping, key) DO UPDATE SET n = n + excluded.n;`;
    // Adds to the number of pieces of the document `docRowid` that hold each kept text: `change(t.text)` for each (rows where it is 0 left out).
    const bump = (docRowid: string, change: (text: string) => string, where = '1') =>
      `INSERT INTO "${matchesTable}" (text, doc_rowid, n) SELECT text, ${docRowid}, d FROM (SELECT t.text, ${change('t.text')} AS d FROM ${keptTexts} t WHERE ${where}) WHERE d <> 0
         ON CONFLICT (text, doc_rowid) DO UPDATE SET n = n + excluded.n;`;
    const holds = (search: string, text: string) => `(instr(${search}, ${text}) > 0)`;
    const items = this.spec.textOfItems;
    // Read only where the items' texts match too (`items`), when the constructor named it.
    const itemsTable = this.itemsSearchTable!;
    // A row of the trigram index: a piece of a document's text (its own, or an item's) under a rowid that carries the document's.
    const piece = (ownerRowid: string, pieceRowid: string) => `((${ownerRowid}) << ${PIECE_BITS} | (${pieceRowid}))`;
    // The pieces `select` gives (rowid, search) wait to enter the trigram index, in place of any earlier text of theirs still waiting.
    const toIndex = (select: string) =>
      `INSERT INTO "${waitingTable}" (rowid, search, indexed) SELECT rowid, search, 0 FROM (${select}) WHERE true ON CONFLICT (rowid) DO UPDATE SET search = excluded.search;`;
    // The pieces `select` gives (rowid) wait to leave it: those that were in it are deleted from it, those still waiting never enter.
    const fromIndex = (select: string) =>
      `INSERT INTO "${waitingTable}" (rowid, search, indexed) SELECT rowid, NULL, 1 FROM (${select}) WHERE true ON CONFLICT (rowid) DO UPDATE SET search = NULL;`;
    const statements = [
      // Search texts apart from the keys, so that reading them all (a text too short for trigrams) reads nothing else.
      `CREATE TABLE "${searchTable}" (doc_rowid INTEGER PRIMARY KEY, search TEXT NOT NULL, counted TEXT NOT NULL)`,
      `INSERT INTO "${searchTable}" (doc_rowid, search, counted) SELECT d.rowid, d.search, ${countedOf('d')} FROM documents d WHERE d.collection = ${quoted(collection)}`,
      // Filled as counts are asked (ReadModelStore.textCount), in that order (rowid): the oldest make way.
      `CREATE TABLE "${textTexts}" (text TEXT NOT NULL, grouping INTEGER NOT NULL, UNIQUE (text, grouping))`,
      `CREATE TABLE "${textCounts}" (text TEXT NOT NULL, grouping INTEGER NOT NULL, key TEXT NOT NULL, n INTEGER NOT NULL, PRIMARY KEY (text, grouping, key)) WITHOUT ROWID`,
      // Rows of 0 are taken out, so a document holds a kept text exactly when it has a row for it.
      `CREATE TABLE "${matchesTable}" (text TEXT NOT NULL, doc_rowid INTEGER NOT NULL, n INTEGER NOT NULL, PRIMARY KEY (text, doc_rowid)) WITHOUT ROWID`,
      `CREATE TRIGGER "${matchesTable}_inserted" AFTER INSERT ON "${matchesTable}" WHEN new.n > 0 BEGIN ${count('new.text', 'new.doc_rowid', '1')} END`,
      `CREATE TRIGGER "${matchesTable}_updated" AFTER UPDATE OF n ON "${matchesTable}" WHEN (old.n > 0) IS NOT (new.n > 0) BEGIN
         ${count('new.text', 'new.doc_rowid', 'CASE WHEN new.n > 0 THEN 1 ELSE -1 END')}
         DELETE FROM "${matchesTable}" WHERE new.n = 0 AND text = new.text AND doc_rowid = new.doc_rowid;
       END`,
      // Keys changed: the document's kept texts move from its old key to its new one.
      `CREATE TRIGGER "${searchTable}_rekeyed" AFTER UPDATE OF counted ON "${searchTable}" BEGIN
         INSERT INTO "${textCounts}" (text, grouping, key, n)
           SELECT t.text, t.grouping, json_extract(c.counted, '$[' || t.grouping || ']'), c.by FROM "${matchesTable}" m
           JOIN "${textTexts}" t ON t.text = m.text JOIN (SELECT old.counted AS counted, -1 AS by UNION ALL SELECT new.counted, 1) c
           WHERE m.text IN ${keptTexts} AND m.doc_rowid = new.doc_rowid ON CONFLICT (text, grouping, key) DO UPDATE SET n = n + excluded.n;
       END`,
      // The trigram index keeps no copy of the texts (contentless; a row is deleted by its rowid alone); case is already folded.
      `CREATE VIRTUAL TABLE "${textTable}" USING fts5(search, content = '', contentless_delete = 1, tokenize = 'trigram case_sensitive 1')`,
      // indexed: whether the trigram index holds a row of this rowid, to be deleted before its waiting text (if any) goes in.
      `CREATE TABLE "${waitingTable}" (rowid INTEGER PRIMARY KEY, search TEXT, indexed INTEGER NOT NULL)`,
      // FTS5 writes its pending terms out as a segment each time they pass `hashsize` (1 MiB by
      // default) and merges those segments as they pile up: over a million events' outcomes that
      // was 43,000 segment rows and 8.7 s, superlinear in the texts (0.5 s at 100,000 events). With
      // room for all of them the bulk inserts below write each term once (2.5–3.4 s), for up to that
      // much memory while they run; the default is put back for the row-by-row writes that follow.
      `INSERT INTO "${textTable}" ("${textTable}", rank) VALUES ('hashsize', ${BULK_TEXT_INDEX_HASH_BYTES})`,
      `INSERT INTO "${textTable}" (rowid, search) SELECT ${piece('doc_rowid', 'doc_rowid')}, search FROM "${searchTable}" WHERE search <> ''`,
    ];
    // An owner's pieces of its items, as rows of the trigram index (`ownerRowid`, `ownerId`: the owner's).
    const itemPieces = (ownerRowid: string, ownerId: string) => `SELECT ${piece(ownerRowid, 'i.item_rowid')} AS rowid, i.search FROM "${itemsTable}" i WHERE i.owner = ${ownerId}`;
    if (items) {
      const owner = (row: 'new' | 'old' | 'd') => `json_extract(${row}.doc, ${quoted(items.owner)})`;
      const ofItems = (row: 'new' | 'old') => `${row}.collection = ${quoted(items.collection)}`;
      const ownerOf = (id: string) => `(SELECT rowid FROM documents WHERE collection = ${quoted(collection)} AND id = ${id})`;
      // The item `old.id` as the items table holds it taken out: its piece, its matches (while its owner is stored), its row.
      const removeItem = `
        ${fromIndex(`SELECT ${piece('o.rowid', 'i.item_rowid')} AS rowid FROM "${itemsTable}" i JOIN documents o ON o.collection = ${quoted(collection)} AND o.id = i.owner WHERE i.item = old.id`)}
        INSERT INTO "${matchesTable}" (text, doc_rowid, n) SELECT t.text, o.rowid, -1 FROM "${itemsTable}" i JOIN documents o ON o.collection = ${quoted(collection)} AND o.id = i.owner
          JOIN ${keptTexts} t ON ${holds('i.search', 't.text')} WHERE i.item = old.id ON CONFLICT (text, doc_rowid) DO UPDATE SET n = n + excluded.n;
        DELETE FROM "${itemsTable}" WHERE item = old.id;`;
      // The item `new` added: its row, its piece and its matches while its owner is stored (else added with it).
      const addItem = `
        INSERT INTO "${itemsTable}" (owner, item, item_rowid, search) SELECT ${owner('new')}, new.id, new.rowid, new.search WHERE new.search <> '' AND ${owner('new')} IS NOT NULL;
        ${toIndex(`SELECT ${piece('o.rowid', 'new.rowid')} AS rowid, new.search AS search FROM documents o WHERE new.search <> '' AND o.collection = ${quoted(collection)} AND o.id = ${owner('new')}`)}
        ${bump(ownerOf(owner('new')), (text) => holds('new.search', text), `${ownerOf(owner('new'))} IS NOT NULL`)}`;
      statements.push(
        `CREATE TABLE "${itemsTable}" (owner TEXT NOT NULL, item TEXT NOT NULL, item_rowid INTEGER NOT NULL, search TEXT NOT NULL, PRIMARY KEY (owner, item)) WITHOUT ROWID`,
        `INSERT INTO "${itemsTable}" (owner, item, item_rowid, search)
           SELECT ${owner('d')}, d.id, d.rowid, d.search FROM documents d WHERE d.collection = ${quoted(items.collection)} AND d.search <> '' AND ${owner('d')} IS NOT NULL`,
        `CREATE INDEX "${itemsTable}_by_item" ON "${itemsTable}" (item)`,
        `INSERT INTO "${textTable}" (rowid, search) SELECT ${piece('o.rowid', 'i.item_rowid')}, i.search FROM "${itemsTable}" i JOIN documents o ON o.collection = ${quoted(collection)} AND o.id = i.owner`,
        `CREATE TRIGGER "${itemsTable}_inserted" AFTER INSERT ON documents WHEN ${ofItems('new')} AND new.search <> '' BEGIN ${addItem} END`,
        `CREATE TRIGGER "${itemsTable}_updated" AFTER UPDATE OF doc, search ON documents
           WHEN ${ofItems('new')} AND (old.search IS NOT new.search OR ${owner('old')} IS NOT ${owner('new')}) BEGIN ${removeItem} ${addItem} END`,
        `CREATE TRIGGER "${itemsTable}_deleted" AFTER DELETE ON documents WHEN ${ofItems('old')} AND old.search <> '' BEGIN ${removeItem} END`,
      );
    }
    statements.push(`INSERT INTO "${textTable}" ("${textTable}", rank) VALUES ('hashsize', ${FTS5_DEFAULT_HASH_BYTES})`);
    statements.push(
      // The document's own piece, and its items' (stored before it), with their matches; the search row first, which the matches' triggers read.
      `CREATE TRIGGER "${searchTable}_inserted" AFTER INSERT ON documents WHEN ${ofCollection('new')} BEGIN
         INSERT INTO "${searchTable}" (doc_rowid, search, counted) VALUES (new.rowid, new.search, ${countedOf('new')});
         ${toIndex(`SELECT ${piece('new.rowid', 'new.rowid')} AS rowid, new.search AS search WHERE new.search <> ''`)}
         ${bump('new.rowid', (text) => holds('new.search', text))}
         ${
           items
             ? `${toIndex(itemPieces('new.rowid', 'new.id'))}
                ${bump('new.rowid', (text) => `(SELECT count(*) FROM "${itemsTable}" i WHERE i.owner = new.id AND ${holds('i.search', text)})`)}`
             : ''
         }
       END`,
      // Keys changed: its kept texts move to its new key (searchTable_rekeyed). Whichever of this and the next runs first, the kept counts end the same.
      `CREATE TRIGGER "${searchTable}_keys_updated" AFTER UPDATE OF doc ON documents WHEN ${ofCollection('new')} AND ${countedOf('old')} IS NOT ${countedOf('new')} BEGIN
         UPDATE "${searchTable}" SET counted = ${countedOf('new')} WHERE doc_rowid = new.rowid;
       END`,
      // Text changed: its own piece, checked against the kept texts.
      `CREATE TRIGGER "${searchTable}_updated" AFTER UPDATE OF search ON documents WHEN ${ofCollection('new')} AND old.search IS NOT new.search BEGIN
         UPDATE "${searchTable}" SET search = new.search WHERE doc_rowid = new.rowid;
         ${fromIndex(`SELECT ${piece('old.rowid', 'old.rowid')} AS rowid WHERE old.search <> ''`)}
         ${toIndex(`SELECT ${piece('new.rowid', 'new.rowid')} AS rowid, new.search AS search WHERE new.search <> ''`)}
         ${bump('new.rowid', (text) => `${holds('new.search', text)} - ${holds('old.search', text)}`)}
       END`,
      // Its kept counts taken off while its keys are still known, then its rows.
      `CREATE TRIGGER "${searchTable}_deleted" AFTER DELETE ON documents WHEN ${ofCollection('old')} BEGIN
         INSERT INTO "${textCounts}" (text, grouping, key, n)
           SELECT t.text, t.grouping, json_extract(s.counted, '$[' || t.grouping || ']'), -1 FROM "${matchesTable}" m
           JOIN "${textTexts}" t ON t.text = m.text JOIN "${searchTable}" s ON s.doc_rowid = m.doc_rowid
           WHERE m.text IN ${keptTexts} AND m.doc_rowid = old.rowid ON CONFLICT (text, grouping, key) DO UPDATE SET n = n + excluded.n;
         DELETE FROM "${matchesTable}" WHERE text IN ${keptTexts} AND doc_rowid = old.rowid;
         DELETE FROM "${searchTable}" WHERE doc_rowid = old.rowid;
         ${fromIndex(`SELECT ${piece('old.rowid', 'old.rowid')} AS rowid WHERE old.search <> ''`)}
         ${items ? fromIndex(`SELECT rowid FROM (${itemPieces('old.rowid', 'old.id')})`) : ''}
       END`,
    );
    return statements;
  }

  /**
   * Puts the pieces waiting (textStatements) into the trigram index, in one statement each way:
   * first out those it holds and that changed or went, then in the texts that wait. Call it in a
   * transaction: a half-done pass would put a piece in twice.
   */
  putWaitingTexts(db: Database): void {
    const { textTable, waitingTextsTable: waiting } = this;
    if (!textTable || !waiting) return;
    db.exec(`DELETE FROM "${textTable}" WHERE rowid IN (SELECT rowid FROM "${waiting}" WHERE indexed = 1);
      INSERT INTO "${textTable}" (rowid, search) SELECT rowid, search FROM "${waiting}" WHERE search IS NOT NULL;
      DELETE FROM "${waiting}";`);
  }

  /** Drops a collection's index as a file holds it, whatever its definition was: triggers, key, count, tag and search tables, text index. */
  static drop(db: Database, collection: string): void {
    const named = (type: string, ...patterns: string[]) =>
      db
        .prepare(`SELECT name FROM sqlite_schema WHERE type = ? AND (${patterns.map(() => 'name GLOB ?').join(' OR ')})`)
        .pluck()
        .all(type, ...patterns) as string[];
    for (const trigger of named('trigger', `keys_${collection}_*`, `tags_${collection}_*`, `text_${collection}_*`, `search_${collection}_*`)) db.exec(`DROP TRIGGER "${trigger}"`);
    // The text index first: its content is the search table. Dropping it drops its shadow tables (text_<collection>_data, …).
    for (const table of [
      ...named('table', `text_${collection}`),
      ...named('table', `keys_${collection}`, `keys_${collection}_counts`, `tags_${collection}_*`, `search_${collection}`, `search_${collection}_*`),
    ])
      db.exec(`DROP TABLE IF EXISTS "${table}"`);
  }
}
