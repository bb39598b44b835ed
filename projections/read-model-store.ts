import { createHash } from 'node:crypto';
import Database from 'better-sqlite3';
import { DomainError } from '../src/core/errors';
import { normalizeForSearch } from '../src/core/persian-text';
import { deepFreeze } from '../src/core/deep-freeze';
import { sortablePosition } from '../src/eventstore/position';
import { documentKey, type DocumentChange, type FoldedDocument } from './projection';
import type { KeysetPage, KeysetPosition, KeysetWindow, SortValue } from './keyset';

export type Filter =
  | { path: string; equals: string | number | boolean | null }
  | { path: string; in: readonly (string | number)[] }
  | { path: string; gte?: string | number; lte?: string | number; lt?: string | number; gt?: string | number }
  /** The JSON array at `path` holds `value`. */
  | { path: string; contains: string | number }
  | { path: string; isNull: boolean };

export interface DocumentQuery {
  filters?: Filter[];
  /** Matched against the projection's search text after Persian folding. */
  text?: string;
  /** The path of the sort key, ascending, ties broken by id; without it, id alone, which for time-ordered ids is creation order. */
  orderBy?: string;
  /** At most this many (`find` only: a page's window has its own size). */
  limit?: number;
}

const STATEMENT_CACHE_SIZE = 200;

interface StoredDocument {
  doc: string;
  checksum: string | null;
}
/** Up to about 64 MB of answers (JavaScript strings take two bytes a character). */
const ANSWER_CACHE_CHARS = 32 * 1024 * 1024;

/**
 * The file's layout, in `PRAGMA user_version`. 4: each document keeps the position of the last
 * event folded into it (`folded_up_to`), so no event is folded into it twice. 3: documents stored as SQLite's binary JSON (JSONB),
 * which `json_extract` reads without parsing the whole document: a list filtered and sorted by
 * fields of 20,000 meetings took 450–630 ms as text, 165 ms as JSONB. 2: documents as text in a
 * rowid table. 1: in a WITHOUT ROWID table, which SQLite suits to rows under a twentieth of a
 * page; documents are kilobytes, and lookups and rewrites of them there were a fifth of a rebuild.
 */
const LAYOUT_VERSION = 4;

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
`;

/**
 * A document's checksum: SHA-1 of its JSON text as written. SQLite gives the same text back from
 * the binary JSON (json(jsonb(t)) = t for JSON.stringify's output, held by a property test), so a
 * read recomputes it from what it fetched: bytes changed inside a document, which leave the page
 * whole and pass quick_check, are found there instead of being served as the record.
 */
export const checksumOf = (json: string): string => createHash('sha1').update(json).digest('base64');

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

const JSON_PATH = /^\$(\.[A-Za-z_][A-Za-z0-9_]*)+$/;

const column = (path: string): string => {
  if (path === 'id') return 'id';
  if (!JSON_PATH.test(path)) throw new Error(`not a safe JSON path: ${path}`);
  return `json_extract(doc, '${path}')`;
};

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
    sql = `id ${strict} ?`;
    params = [position.id];
  } else {
    const value = position.values[0] ?? null;
    if (value === null) {
      sql = strict === '>' ? `((${sortKey} IS NULL AND id > ?) OR ${sortKey} IS NOT NULL)` : `(${sortKey} IS NULL AND id < ?)`;
      params = [position.id];
    } else {
      sql = strict === '>' ? `(${sortKey} IS NOT NULL AND (${sortKey}, id) > (?, ?))` : `((${sortKey}, id) < (?, ?) OR ${sortKey} IS NULL)`;
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
  readonly db: Database.Database;
  private readonly statements: {
    get: Database.Statement;
    getFolded: Database.Statement<[string, string], { doc: string; checksum: string | null; folded_up_to: string | null }>;
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
  private documentChars = 0;
  private pageChars = 0;

  constructor(file: string = ':memory:') {
    this.db = new Database(file);
    const layout = this.db.pragma('user_version', { simple: true }) as number;
    if (layout > LAYOUT_VERSION) {
      this.db.close();
      throw new Error(`the read-model file ${file} has layout ${layout}, newer than this build's ${LAYOUT_VERSION}: run the newer build, or delete the file to rebuild it from the log`);
    }
    if (file !== ':memory:') this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = NORMAL');
    this.ensureLayout(layout);
    this.statements = {
      get: this.db.prepare('SELECT json(doc) AS doc, checksum FROM documents WHERE collection = ? AND id = ?'),
      getFolded: this.db.prepare('SELECT json(doc) AS doc, checksum, folded_up_to FROM documents WHERE collection = ? AND id = ?'),
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
   * Creates the tables, or brings an older file to the current layout in one transaction, its
   * documents and checkpoint copied as they are (no rebuild from the log). A file from a newer
   * build was refused before anything was written to it: its layout is not known here.
   */
  private ensureLayout(version: number): void {
    const hasDocuments = this.db.prepare(`SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'documents'`).get() !== undefined;
    this.db.transaction(() => {
      if (hasDocuments && version === 3) {
        this.db.exec('ALTER TABLE documents ADD COLUMN folded_up_to TEXT');
      } else if (hasDocuments && version < LAYOUT_VERSION) {
        this.db.exec('ALTER TABLE documents RENAME TO documents_older_layout');
        this.db.exec(DOCUMENTS_TABLE);
        this.db.exec(
          'INSERT INTO documents (collection, id, doc, search) SELECT collection, id, jsonb(doc), search FROM documents_older_layout ORDER BY collection, id',
        );
        this.db.exec('DROP TABLE documents_older_layout');
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

  /** The document, frozen: it may be the very object other readers get until the next write. */
  get<Doc>(collection: string, id: string): Doc | null {
    const key = documentKey(collection, id);
    const known = this.documentAnswers.get(key);
    if (known) return known.doc as Doc | null;
    const row = this.statements.get.get(collection, id) as StoredDocument | undefined;
    const text = row ? this.intact(collection, id, row) : null;
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
    return row ? { doc: JSON.parse(this.intact(collection, id, row)) as Doc, foldedUpTo: row.folded_up_to } : { doc: null, foldedUpTo: null };
  }

  getMany<Doc>(collection: string, ids: readonly string[]): (Doc | null)[] {
    return ids.map((id) => this.get<Doc>(collection, id));
  }

  /** A document already serialised, its search text already folded (as a fold's batch hands them over). */
  write(change: DocumentChange): void {
    this.forgetAnswersAbout(change.collection, change.id);
    if (change.json === null) this.statements.remove.run(change.collection, change.id);
    else
      this.statements.put.run(
        change.collection,
        change.id,
        change.json,
        change.search,
        change.position === undefined ? null : sortablePosition(change.position),
        checksumOf(change.json),
      );
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
    return this.db.transaction(work)();
  }

  /** Every document that matches, in the query's order (or the first `limit`), and how many match. */
  find<Doc>(collection: string, query: DocumentQuery = {}): { docs: Doc[]; totalCount: number } {
    const { whereSql, params } = this.whereOf(collection, query);
    const sql = `SELECT id, json(doc) AS doc, checksum FROM documents WHERE ${whereSql} ORDER BY ${this.orderOf(query, 'ASC')} LIMIT ?`;
    const answer = this.remembered(`find\u0000${sql}\u0000${JSON.stringify(params)}\u0000${query.limit ?? -1}`, () => {
      const texts = (this.prepared(sql).all(...params, query.limit ?? -1) as (StoredDocument & { id: string })[]).map((row) =>
        this.intact(collection, row.id, row),
      );
      const { count } = this.prepared(`SELECT count(*) AS count FROM documents WHERE ${whereSql}`).get(...params) as { count: number };
      return { texts, value: { docs: texts.map((text) => deepFreeze(JSON.parse(text) as object)), totalCount: count } };
    });
    return { docs: [...answer.docs] as Doc[], totalCount: answer.totalCount };
  }

  /**
   * One page of the documents that match, through a window of positions in the query's order (its
   * sort key, then id): the same documents whatever was added or removed elsewhere in the list since
   * the window's cursors were given out. `count` also counts every document that matches.
   */
  page<Doc>(collection: string, query: DocumentQuery, window: KeysetWindow, count = true): KeysetPage<Doc> & { totalCount: number | null } {
    const { whereSql, params } = this.whereOf(collection, query);
    const sortKey = query.orderBy ? column(query.orderBy) : null;
    const bounds = [
      ...(window.after ? [positionCondition(sortKey, window.after, '>')] : []),
      ...(window.before ? [positionCondition(sortKey, window.before, '<')] : []),
    ];
    const pageWhere = [whereSql, ...bounds.map((bound) => bound.sql)].join(' AND ');
    const pageParams = [...params, ...bounds.flatMap((bound) => bound.params)];
    const sql = `SELECT json(doc) AS doc, checksum, ${sortKey ?? 'NULL'} AS sortValue, id FROM documents WHERE ${pageWhere} ORDER BY ${this.orderOf(query, window.fromEnd ? 'DESC' : 'ASC')} LIMIT ?`;
    const farBound = window.fromEnd ? window.before : window.after;
    const beyond = farBound && positionCondition(sortKey, farBound, window.fromEnd ? '>=' : '<=');
    const beyondSql = beyond && `SELECT 1 FROM documents WHERE ${whereSql} AND ${beyond.sql} LIMIT 1`;
    const beyondParams = beyond ? [...params, ...beyond.params] : [];
    const answer = this.remembered(`page\u0000${sql}\u0000${JSON.stringify(pageParams)}\u0000${window.size}\u0000${beyondSql}\u0000${JSON.stringify(beyondParams)}\u0000${count}`, () => {
      const rows = this.prepared(sql).all(...pageParams, window.size + 1) as (StoredDocument & { sortValue: SortValue; id: string })[];
      const shown = rows.slice(0, window.size).map((row) => ({ ...row, doc: this.intact(collection, row.id, row) }));
      if (window.fromEnd) shown.reverse();
      const totalCount = count
        ? (this.prepared(`SELECT count(*) AS count FROM documents WHERE ${whereSql}`).get(...params) as { count: number }).count
        : null;
      return {
        texts: shown.map((row) => row.doc),
        value: {
          items: shown.map((row) => ({
            item: deepFreeze(JSON.parse(row.doc) as object),
            position: { values: sortKey ? [row.sortValue] : [], id: row.id },
          })),
          more: rows.length > window.size,
          beyond: beyondSql ? this.prepared(beyondSql).get(...beyondParams) !== undefined : false,
          totalCount,
        },
      };
    });
    return { ...answer, items: [...answer.items] } as unknown as KeysetPage<Doc> & { totalCount: number | null };
  }

  private whereOf(collection: string, query: DocumentQuery): { whereSql: string; params: unknown[] } {
    const where: string[] = ['collection = ?'];
    const params: unknown[] = [collection];
    for (const filter of query.filters ?? []) {
      const col = column(filter.path);
      if ('equals' in filter) {
        if (filter.equals === null) where.push(`${col} IS NULL`);
        else {
          where.push(`${col} = ?`);
          params.push(typeof filter.equals === 'boolean' ? Number(filter.equals) : filter.equals);
        }
      } else if ('in' in filter) {
        if (filter.in.length === 0) where.push('0');
        else {
          where.push(`${col} IN (${filter.in.map(() => '?').join(', ')})`);
          params.push(...filter.in);
        }
      } else if ('contains' in filter) {
        where.push(`EXISTS (SELECT 1 FROM json_each(doc, '${filter.path}') WHERE json_each.value = ?)`);
        params.push(filter.contains);
      } else if ('isNull' in filter) {
        where.push(filter.isNull ? `${col} IS NULL` : `${col} IS NOT NULL`);
      } else {
        for (const [op, sql] of [['gte', '>='], ['gt', '>'], ['lte', '<='], ['lt', '<']] as const) {
          const value = filter[op];
          if (value !== undefined) {
            where.push(`${col} ${sql} ?`);
            params.push(value);
          }
        }
      }
    }
    const text = query.text ? normalizeForSearch(query.text) : '';
    if (text) {
      where.push('instr(search, ?) > 0');
      params.push(text);
    }
    return { whereSql: where.join(' AND '), params };
  }

  private orderOf(query: DocumentQuery, direction: 'ASC' | 'DESC'): string {
    return [...(query.orderBy ? [column(query.orderBy)] : []), 'id'].map((key) => `${key} ${direction}`).join(', ');
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
    return this.db.prepare('SELECT json(doc) FROM documents WHERE collection = ? ORDER BY id').pluck().iterate(collection) as IterableIterator<string>;
  }

  collections(): string[] {
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

  clear(): void {
    this.forgetAnswers();
    this.db.exec('DELETE FROM documents; DELETE FROM checkpoints;');
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
  }

  private forgetAnswers(): void {
    this.documentAnswers.clear();
    this.pageAnswers.clear();
    this.documentChars = 0;
    this.pageChars = 0;
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}
