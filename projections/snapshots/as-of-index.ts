import type { Database, Statement } from 'better-sqlite3';
import { quoted, type CollectionIndex } from '../list-index';

/** The `to_ordinal` of a key row that no later snapshot has closed yet. */
export const OPEN_ORDINAL = Number.MAX_SAFE_INTEGER;

/**
 * A collection's list keys as every snapshot of the file holds them, kept in the snapshot file
 * beside the document versions, so that a list as of a past point reads an index rather than a
 * copy of the collection (ReadModelStore's overlay of the documents folded since). One row per
 * document and span of snapshots over which its keys stayed the same: valid at snapshot k when
 * `from_ordinal <= k < to_ordinal`. Sealing a snapshot closes the rows of the documents whose keys
 * it changed (or removed) and opens their new ones, so its cost follows what changed in the
 * interval, not the collection. Counts per counted group of keys are kept per snapshot in the same
 * way: a row for each snapshot that changed a count, the count at k being the latest row ≤ k.
 * The key columns are the live key table's (projections/list-index.ts), so a list's filters and
 * cursors read both alike; tags and texts are not kept: a list filtered by them copies the
 * collection in, as before.
 */
export class AsOfIndex {
  readonly keysTable: string;
  readonly countsTable: string;
  private readonly columns: [path: string, column: string][];
  private statements: { close: Statement<{ ordinal: number }>; open: Statement<{ ordinal: number }>; count: Statement<{ ordinal: number }>[] } | null = null;
  private statementsOf: Database | null = null;
  private sealingTable: string | null = null;

  constructor(readonly index: CollectionIndex) {
    this.keysTable = `asof_keys_${index.collection}`;
    this.countsTable = `asof_counts_${index.collection}`;
    this.columns = index.keyColumns();
  }

  get collection(): string {
    return this.index.collection;
  }

  get definition(): string {
    return this.index.definition;
  }

  private extracted(row: string): string[] {
    return this.columns.map(([path]) => `json_extract(${row}.doc, ${quoted(path)})`);
  }

  private groupKey(row: string, group: readonly string[]): string {
    return `json_array(${group.map((path) => `${row}.${this.index.column(path)}`).join(', ')})`;
  }

  /**
   * Creates the tables and fills them from every document version the file holds (for a file of
   * the layout before, or an index declared anew), in bulk; then the indexes and triggers.
   */
  create(db: Database): void {
    const { keysTable, countsTable, collection } = this;
    const columns = this.columns.map(([, column]) => column);
    const groups = this.index.countedGroups();
    const orderColumn = this.index.orderColumn;
    const indexColumns = (first: readonly string[]) =>
      [...new Set([...first, ...(orderColumn ? [orderColumn] : []), 'id'])].concat('from_ordinal', 'to_ordinal').join(', ');
    const statements = [
      `CREATE TABLE "${keysTable}" (${['id TEXT NOT NULL', 'from_ordinal INTEGER NOT NULL', 'to_ordinal INTEGER NOT NULL', ...columns, 'PRIMARY KEY (id, from_ordinal)'].join(', ')}) WITHOUT ROWID`,
      // A row per version whose keys differ from the version before it (or that follows a removal), closed by the next such row.
      `WITH v AS (
         SELECT id, ordinal, doc IS NULL AS gone, ${this.columns.length ? `json_array(${this.extracted('d').join(', ')})` : `'[]'`} AS keys
           ${this.columns.map(([path, column]) => `, json_extract(d.doc, ${quoted(path)}) AS ${column}`).join('')}
           FROM document_versions d WHERE d.collection = ${quoted(collection)}),
       marked AS (SELECT *, lag(gone) OVER w AS previous_gone, lag(keys) OVER w AS previous_keys FROM v WINDOW w AS (PARTITION BY id ORDER BY ordinal)),
       kept AS (SELECT * FROM marked WHERE previous_gone IS NULL OR gone <> previous_gone OR (NOT gone AND keys IS NOT previous_keys)),
       spans AS (SELECT *, lead(ordinal) OVER (PARTITION BY id ORDER BY ordinal) AS next FROM kept)
       INSERT INTO "${keysTable}" (${['id', 'from_ordinal', 'to_ordinal', ...columns].join(', ')})
       SELECT ${['id', 'ordinal', `coalesce(next, ${OPEN_ORDINAL})`, ...columns].join(', ')} FROM spans WHERE NOT gone`,
      `CREATE TABLE "${countsTable}" (grouping INTEGER NOT NULL, key TEXT NOT NULL, ordinal INTEGER NOT NULL, n INTEGER NOT NULL, PRIMARY KEY (grouping, key, ordinal)) WITHOUT ROWID`,
      `INSERT INTO "${countsTable}" (grouping, key, ordinal, n)
       SELECT grouping, key, ordinal, sum(delta) OVER (PARTITION BY grouping, key ORDER BY ordinal) FROM (
         SELECT grouping, key, ordinal, sum(delta) AS delta FROM (${groups
           .map(
             (group, number) =>
               `SELECT ${number} AS grouping, ${this.groupKey('k', group)} AS key, from_ordinal AS ordinal, 1 AS delta FROM "${keysTable}" k
                UNION ALL SELECT ${number}, ${this.groupKey('k', group)}, to_ordinal, -1 FROM "${keysTable}" k WHERE to_ordinal <> ${OPEN_ORDINAL}`,
           )
           .join(' UNION ALL ')})
          GROUP BY grouping, key, ordinal)`,
      ...this.index.spec.indexes.map((first, number) => `CREATE INDEX "${keysTable}_${number}" ON "${keysTable}" (${indexColumns(first.map((path) => this.index.column(path)))})`),
      ...(orderColumn ? [`CREATE INDEX "${keysTable}_order" ON "${keysTable}" (${indexColumns([])})`] : []),
    ];
    for (const statement of statements) db.exec(statement);
  }

  /**
   * Seals the documents waiting in `sealing` (a table of `collection, id, doc`, one row per
   * document) into the keys as snapshot `ordinal`: the
   * open row of each one whose keys changed (or that was removed) is closed at `ordinal`, and a row
   * opened for each one that has no open row left; then, per counted group, the count of each key
   * those rows changed, as of `ordinal`: one row per key, not per document (a sitting's forty
   * outcomes change their meeting's counts once). Reads only the pending documents and their rows.
   */
  seal(db: Database, ordinal: number, sealing: string): void {
    if (this.statementsOf !== db || this.sealingTable !== sealing || !this.statements) {
      const { keysTable, collection } = this;
      const columns = this.columns.map(([, column]) => column);
      const changed = this.columns.map(([path, column]) => `k.${column} IS NOT json_extract(p.doc, ${quoted(path)})`);
      this.statements = {
        close: db.prepare(
          `UPDATE "${keysTable}" SET to_ordinal = @ordinal WHERE (id, from_ordinal) IN (
             SELECT k.id, k.from_ordinal FROM ${sealing} p CROSS JOIN "${keysTable}" k
              WHERE p.collection = ${quoted(collection)} AND k.id = p.id AND k.to_ordinal = ${OPEN_ORDINAL}
                AND (${['p.doc IS NULL', ...changed].join(' OR ')}))`,
        ),
        open: db.prepare(
          `INSERT INTO "${keysTable}" (${['id', 'from_ordinal', 'to_ordinal', ...columns].join(', ')})
           SELECT ${['p.id', '@ordinal', String(OPEN_ORDINAL), ...this.extracted('p')].join(', ')} FROM ${sealing} p
            WHERE p.collection = ${quoted(collection)} AND p.doc IS NOT NULL
              AND NOT EXISTS (SELECT 1 FROM "${keysTable}" k WHERE k.id = p.id AND k.to_ordinal = ${OPEN_ORDINAL})`,
        ),
        count: this.index.countedGroups().map((group, number) =>
          db.prepare(
            `INSERT INTO "${this.countsTable}" (grouping, key, ordinal, n)
             SELECT ${number}, d.key, @ordinal,
                    coalesce((SELECT c.n FROM "${this.countsTable}" c WHERE c.grouping = ${number} AND c.key = d.key AND c.ordinal < @ordinal
                               ORDER BY c.ordinal DESC LIMIT 1), 0) + d.delta
               FROM (SELECT ${this.groupKey('k', group)} AS key, sum(CASE WHEN k.from_ordinal = @ordinal THEN 1 ELSE -1 END) AS delta
                       FROM ${sealing} p CROSS JOIN "${keysTable}" k
                      WHERE p.collection = ${quoted(collection)} AND k.id = p.id AND (k.from_ordinal = @ordinal OR k.to_ordinal = @ordinal)
                      GROUP BY 1) d
              WHERE d.delta <> 0
             ON CONFLICT (grouping, key, ordinal) DO UPDATE SET n = excluded.n`,
          ),
        ),
      };
      this.statementsOf = db;
      this.sealingTable = sealing;
    }
    this.statements.close.run({ ordinal });
    this.statements.open.run({ ordinal });
    for (const count of this.statements.count) count.run({ ordinal });
  }

  /** Empties the keys and counts (the file is built again from the first event). */
  clear(db: Database): void {
    db.exec(`DELETE FROM "${this.keysTable}"; DELETE FROM "${this.countsTable}";`);
  }

  /** Drops a collection's as-of index as a file holds it, whatever its definition was. */
  static drop(db: Database, collection: string): void {
    db.exec(`DROP TABLE IF EXISTS "asof_keys_${collection}"; DROP TABLE IF EXISTS "asof_counts_${collection}";`);
  }
}
