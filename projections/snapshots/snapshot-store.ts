import Database from 'better-sqlite3';
import { replaceDamagedFile, WAL_KEPT_BYTES } from '../derived-file';
import type { DocumentChange, DocumentWriter } from '../projection';
import type { DocumentBase, ReadModelStore, SnapshotListIndex } from '../read-model-store';
import type { Projection } from '../projection';
import { CollectionIndex } from '../list-index';
import { AsOfIndex } from './as-of-index';

/** The snapshot file in DATA_DIR, beside the events and the read models. */
export const SNAPSHOTS_FILE = 'snapshots.sqlite';

/** One snapshot: the read models after the first `eventCount` events of the log, ending at `position`. */
export interface Snapshot {
  ordinal: number;
  eventCount: number;
  position: string;
  /** The hash of the event at `position`: proves the snapshot belongs to this log. */
  hash: string;
  recordedAt: string;
}

/** How far the snapshot builder has folded the log. */
export interface SnapshotProgress {
  position: string | null;
  /** The hash of the event at `position`. */
  hash: string | null;
  eventCount: number;
  every: number;
}

/**
 * Bumped when the layout changes, or the documents it copies change: an older file is then dropped
 * and rebuilt, never misread. 5: beside the document versions, each listed collection's keys as
 * every snapshot holds them (as-of-index.ts), with the definitions they were built from in
 * `list_indexes`; a file of layout 4 is upgraded in place, its keys built from its versions.
 * 4: search texts folded with spaces between Persian letters taken out.
 */
const LAYOUT_VERSION = 5;
/** The connection's own table of the documents the snapshot being sealed changed (see SnapshotStore). */
const SEALING = 'temp.sealing_documents';
/** The layout a file is upgraded from in place rather than dropped. */
const UPGRADED_LAYOUT = 4;
/** The page cache of the reader connection (SQLite's default is 2 MiB), in KiB. */
const READER_CACHE_KIB = 32 * 1024;

interface SnapshotRow {
  ordinal: number;
  event_count: number;
  position: string;
  hash: string;
  recorded_at: string;
}

const toSnapshot = (row: SnapshotRow): Snapshot => ({
  ordinal: row.ordinal,
  eventCount: row.event_count,
  position: row.position,
  hash: row.hash,
  recordedAt: row.recorded_at,
});

/**
 * Snapshots of the read models, kept cheap at millions of events: each snapshot stores only the
 * documents that changed since the one before (`document_versions`, keyed by collection, id and
 * snapshot ordinal), so "the read models at snapshot k" is, per document, its latest version with
 * ordinal ≤ k. The documents a snapshot changed are gathered in a temporary table of the
 * connection (`temp.sealing_documents`) while it is sealed, and the file only keeps what they
 * become: before, they were written to `pending_documents` in the file and deleted again in the
 * same transaction, a second copy of every changed document through the page cache, the WAL and
 * its checkpoint (the seals' commits of a cold start at a million events: 26 s → 21.5 s).
 * `pending_documents` stays for a file an earlier build left documents waiting in: they are sealed
 * with the next snapshot, under what was written since.
 */
export class SnapshotStore {
  private database!: Database.Database;
  /**
   * A read-only connection of its own for the documents as-of stores read through to, one at a
   * time. It lives as long as the file, so its page cache stays warm from one as-of store to the
   * next; the file attached to each new as-of store's connection starts cold (at a million
   * events, 25–34 µs a document against 10–12 here within one read transaction).
   */
  private reader!: Database.Database;
  private readerVersionAt!: Database.Statement<[string, string, number], string | null>;
  /** Counts the connections to the file: a store that read it before it was replaced goes on reading its own. */
  private openings = 0;
  private statements!: {
    pending: Database.Statement<[{ collection: string; id: string }], { doc: string | null }>;
    latestVersion: Database.Statement<[string, string], { doc: string | null }>;
    putPending: Database.Statement<[string, string, string | null, string]>;
    getState: Database.Statement<[string], { value: string }>;
    setState: Database.Statement<[string, string]>;
    snapshots: Database.Statement<[], SnapshotRow>;
    insertKeys: Database.Statement<[number]>;
    insertVersions: Database.Statement<[number]>;
    takeLeftPending: Database.Statement<[]>;
    clearSealing: Database.Statement<[]>;
    clearPending: Database.Statement<[]>;
    insertSnapshot: Database.Statement<[number, number, string, string, string]>;
  };

  /**
   * `readOnly`: for a command beside the server that owns the folder (replay): nothing is written,
   * and a file of another layout is refused rather than rebuilt.
   */
  constructor(
    readonly file: string,
    private readonly options: {
      readOnly?: boolean;
      /** The projections whose list indexes the file keeps as of each snapshot; without them, as-of lists copy their collection in. */
      projections?: readonly Projection[];
    } = {},
  ) {
    if (file === ':memory:') throw new Error('snapshots need a file: as-of reads attach it to their own connection');
    this.asOfIndexes = (options.projections ?? []).flatMap((projection) =>
      projection.index ? [new AsOfIndex(new CollectionIndex(projection.collection, projection.index))] : [],
    );
    this.open();
  }

  private readonly asOfIndexes: AsOfIndex[];
  /** The layout the file was upgraded from on opening (its as-of indexes built from its versions), null when it was current or new. */
  upgradedFromLayout: number | null = null;

  /** The connection to the file: a replaced file has a new one, so hold the store, not this. */
  get db(): Database.Database {
    return this.database;
  }

  private open(): void {
    const { file, options } = this;
    this.database = new Database(file, { readonly: options.readOnly ?? false, fileMustExist: options.readOnly ?? false });
    this.db.pragma('busy_timeout = 5000');
    if (options.readOnly) {
      const version = this.db.pragma('user_version', { simple: true }) as number;
      // A file of the layout before is read as it is: it has no as-of indexes, so as-of lists copy their collection in.
      if (version !== LAYOUT_VERSION && version !== UPGRADED_LAYOUT) {
        this.db.close();
        throw new Error(`the snapshot file ${file} has layout ${version}, not ${LAYOUT_VERSION}: it is rebuilt by the server, and not read meanwhile`);
      }
    } else {
      this.db.pragma('journal_mode = WAL');
      this.db.pragma(`journal_size_limit = ${WAL_KEPT_BYTES}`);
      this.db.pragma('synchronous = NORMAL');
      this.ensureLayout();
    }
    this.reader = options.readOnly ? this.database : new Database(file, { readonly: true, fileMustExist: true });
    this.reader.pragma(`cache_size = -${READER_CACHE_KIB}`);
    this.readerVersionAt = this.reader
      .prepare<[string, string, number], string | null>('SELECT doc FROM document_versions WHERE collection = ? AND id = ? AND ordinal <= ? ORDER BY ordinal DESC LIMIT 1')
      .pluck();
    this.openings++;
    this.db.exec(`CREATE TEMP TABLE IF NOT EXISTS ${SEALING} (collection TEXT NOT NULL, id TEXT NOT NULL, doc TEXT, search TEXT NOT NULL, UNIQUE (collection, id))`);
    this.statements = {
      pending: this.db.prepare(`SELECT doc FROM ${SEALING} WHERE collection = @collection AND id = @id UNION ALL SELECT doc FROM pending_documents WHERE collection = @collection AND id = @id LIMIT 1`),
      latestVersion: this.db.prepare(
        'SELECT doc FROM document_versions WHERE collection = ? AND id = ? ORDER BY ordinal DESC LIMIT 1',
      ),
      putPending: this.db.prepare(
        `INSERT INTO ${SEALING} (collection, id, doc, search) VALUES (?, ?, ?, ?) ON CONFLICT (collection, id) DO UPDATE SET doc = excluded.doc, search = excluded.search`,
      ),
      getState: this.db.prepare('SELECT value FROM snapshot_state WHERE name = ?'),
      setState: this.db.prepare(
        'INSERT INTO snapshot_state (name, value) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET value = excluded.value',
      ),
      snapshots: this.db.prepare('SELECT ordinal, event_count, position, hash, recorded_at FROM snapshots ORDER BY ordinal'),
      insertKeys: this.db.prepare(`INSERT OR IGNORE INTO document_keys (collection, id, first_ordinal) SELECT collection, id, ? FROM ${SEALING}`),
      insertVersions: this.db.prepare(
        `INSERT OR REPLACE INTO document_versions (collection, id, ordinal, doc, search) SELECT collection, id, ?, doc, search FROM ${SEALING}`,
      ),
      // What an earlier build left waiting, under anything written since.
      takeLeftPending: this.db.prepare(`INSERT OR IGNORE INTO ${SEALING} (collection, id, doc, search) SELECT collection, id, doc, search FROM pending_documents`),
      clearSealing: this.db.prepare(`DELETE FROM ${SEALING}`),
      clearPending: this.db.prepare('DELETE FROM pending_documents'),
      insertSnapshot: this.db.prepare(
        'INSERT OR REPLACE INTO snapshots (ordinal, event_count, position, hash, recorded_at) VALUES (?, ?, ?, ?, ?)',
      ),
    };
  }

  private ensureLayout(): void {
    const version = this.db.pragma('user_version', { simple: true }) as number;
    this.upgradedFromLayout = version === UPGRADED_LAYOUT ? version : null;
    if (version !== 0 && version !== LAYOUT_VERSION && version !== UPGRADED_LAYOUT)
      this.db.exec(`
        DROP TABLE IF EXISTS snapshot_state; DROP TABLE IF EXISTS snapshots; DROP TABLE IF EXISTS document_keys;
        DROP TABLE IF EXISTS document_versions; DROP TABLE IF EXISTS pending_documents;`);
    this.db.exec(`
      CREATE TABLE IF NOT EXISTS snapshot_state (name TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
      CREATE TABLE IF NOT EXISTS snapshots (
        ordinal     INTEGER PRIMARY KEY,
        event_count INTEGER NOT NULL,
        position    TEXT NOT NULL,
        hash        TEXT NOT NULL,
        recorded_at TEXT NOT NULL
      );
      -- Every document ever snapshotted, with the snapshot it first appeared in: as-of reads seek
      -- each one's latest version instead of scanning every version ever stored.
      CREATE TABLE IF NOT EXISTS document_keys (
        collection    TEXT NOT NULL,
        id            TEXT NOT NULL,
        first_ordinal INTEGER NOT NULL,
        PRIMARY KEY (collection, id)
      ) WITHOUT ROWID;
      -- doc NULL: the projection removed the document in that interval.
      CREATE TABLE IF NOT EXISTS document_versions (
        collection TEXT NOT NULL,
        id         TEXT NOT NULL,
        ordinal    INTEGER NOT NULL,
        doc        TEXT,
        search     TEXT NOT NULL,
        UNIQUE (collection, id, ordinal)
      );
      -- Rowid tables (layout 2): documents are kilobytes, and SQLite suits WITHOUT ROWID to rows
      -- under a twentieth of a page (layout 1 used it, and paid for it in every write).
      CREATE TABLE IF NOT EXISTS pending_documents (
        collection TEXT NOT NULL,
        id         TEXT NOT NULL,
        doc        TEXT,
        search     TEXT NOT NULL,
        UNIQUE (collection, id)
      );
      CREATE TABLE IF NOT EXISTS list_indexes (collection TEXT PRIMARY KEY, definition TEXT NOT NULL);
    `);
    // In one transaction with the layout's number: a file upgraded halfway is upgraded again at the next start.
    this.db.transaction(() => {
      this.ensureAsOfIndexes();
      this.db.pragma(`user_version = ${LAYOUT_VERSION}`);
    })();
  }

  /**
   * Brings each collection's as-of index in line with its projection's declaration: one built from
   * another declaration (or none, in a file of layout 4) is dropped and built again from the
   * document versions the file holds, so no snapshot is refolded from the log for it.
   */
  private ensureAsOfIndexes(): void {
    const built = new Map(
      (this.db.prepare('SELECT collection, definition FROM list_indexes').all() as { collection: string; definition: string }[]).map((row) => [row.collection, row.definition]),
    );
    for (const [collection, definition] of built)
      if (this.asOfIndexes.find((index) => index.collection === collection)?.definition !== definition) {
        AsOfIndex.drop(this.db, collection);
        this.db.prepare('DELETE FROM list_indexes WHERE collection = ?').run(collection);
      }
    for (const index of this.asOfIndexes)
      if (built.get(index.collection) !== index.definition) {
        AsOfIndex.drop(this.db, index.collection);
        index.create(this.db);
        this.db.prepare('INSERT INTO list_indexes (collection, definition) VALUES (?, ?)').run(index.collection, index.definition);
      }
  }

  /** The fold's view while building: documents as of the last snapshot plus what changed since. */
  readonly writer: DocumentWriter = {
    get: <Doc>(collection: string, id: string): Doc | null => {
      const row = this.statements.pending.get({ collection, id }) ?? this.statements.latestVersion.get(collection, id);
      return row?.doc ? (JSON.parse(row.doc) as Doc) : null;
    },
    write: (change: DocumentChange): void => {
      this.statements.putPending.run(change.collection, change.id, change.json, change.search);
    },
  };

  progress(): SnapshotProgress | null {
    const value = this.statements.getState.get('progress')?.value;
    return value ? (JSON.parse(value) as SnapshotProgress) : null;
  }

  setProgress(progress: SnapshotProgress): void {
    this.statements.setState.run('progress', JSON.stringify(progress));
  }

  /** Seals what changed since the previous snapshot as snapshot `ordinal`. */
  takeSnapshot(snapshot: Snapshot): void {
    if (this.statements.takeLeftPending.run().changes > 0) this.statements.clearPending.run();
    for (const index of this.asOfIndexes) index.seal(this.db, snapshot.ordinal, SEALING);
    this.statements.insertKeys.run(snapshot.ordinal);
    this.statements.insertVersions.run(snapshot.ordinal);
    this.statements.clearSealing.run();
    this.statements.insertSnapshot.run(
      snapshot.ordinal,
      snapshot.eventCount,
      snapshot.position,
      snapshot.hash,
      snapshot.recordedAt,
    );
  }

  /** One document as snapshot `ordinal` holds it (null: absent or removed then), parsed. */
  documentAt<Doc>(collection: string, id: string, ordinal: number): Doc | null {
    const text = this.documentTextAt(collection, id, ordinal);
    return text ? (JSON.parse(text) as Doc) : null;
  }

  /** Which opening of the file this is: a replaced file is opened again. */
  get opening(): number {
    return this.openings;
  }

  /** One document's JSON as snapshot `ordinal` holds it (null: absent or removed then), read on the reader connection. */
  documentTextAt(collection: string, id: string, ordinal: number): string | null {
    return this.readerVersionAt.get(collection, id, ordinal) ?? null;
  }

  /**
   * Runs `work` with the reader's reads in one read transaction: one lock on the file and one view
   * of it for all of them, instead of one each (a fold reads hundreds of documents through).
   */
  readingTogether<T>(work: () => T): T {
    if (this.reader.inTransaction) return work();
    this.reader.exec('BEGIN');
    try {
      return work();
    } finally {
      this.reader.exec('COMMIT');
    }
  }

  snapshots(): Snapshot[] {
    return this.statements.snapshots.all().map(toSnapshot);
  }

  transaction<T>(work: () => T): T {
    return this.db.transaction(work)();
  }

  /** Forgets everything: the builder starts again from the first event. */
  clear(): void {
    this.db.exec(
      `DELETE FROM snapshot_state; DELETE FROM snapshots; DELETE FROM document_keys; DELETE FROM document_versions; DELETE FROM pending_documents; DELETE FROM ${SEALING};`,
    );
    for (const index of this.asOfIndexes) index.clear(this.db);
  }

  /**
   * A file found damaged while it is served: closed, moved aside with its -wal and -shm for a
   * post-mortem, and an empty file of the current layout put in its place, for the builder to fill
   * again from the log. Returns where the damaged file went.
   */
  replaceWithEmptyFile(): string {
    if (this.options.readOnly) throw new Error('a snapshot file opened read-only is not replaced');
    return replaceDamagedFile(this.file, () => this.close(), () => this.open());
  }

  close(): void {
    if (this.reader !== this.database && this.reader.open) this.reader.close();
    if (this.db.open) this.db.close();
  }
}

/**
 * Copies the documents of snapshot `ordinal` into `target` inside SQLite (the snapshot file is
 * attached to the target's own connection), so no document passes through JavaScript.
 */
export const copySnapshotInto = (snapshotFile: string, ordinal: number, target: ReadModelStore): void => {
  target.db.prepare('ATTACH DATABASE ? AS snapshot_file').run(snapshotFile);
  try {
    target.db
      .prepare(
        // CROSS JOIN keeps SQLite driving from the keys: one seek per document for its latest
        // version, so the cost follows the number of documents, not of versions ever stored.
        `INSERT INTO main.documents (collection, id, doc, search)
         SELECT k.collection, k.id, jsonb(v.doc), v.search
           FROM snapshot_file.document_keys k
          CROSS JOIN snapshot_file.document_versions v
          WHERE k.first_ordinal <= @ordinal
            AND v.collection = k.collection AND v.id = k.id
            AND v.ordinal = (SELECT max(w.ordinal) FROM snapshot_file.document_versions w
                              WHERE w.collection = k.collection AND w.id = k.id AND w.ordinal <= @ordinal)
            AND v.doc IS NOT NULL`,
      )
      .run({ ordinal });
  } finally {
    target.db.exec('DETACH DATABASE snapshot_file');
  }
};

/**
 * Snapshot `ordinal` as the base an as-of store reads through to (see DocumentBase): the snapshot
 * file attached to the store's own connection, one document sought at a time as a fold or a
 * lookup needs it, a list read from the file's index of its keys at the snapshot (listIndex, where
 * the file keeps one built from the store's declaration) or else copied in. With `ownerId`, only that entity and
 * its items (ids `<ownerId>/…`) are the base's: the store of one entity as of a point.
 */
export const snapshotBase = (target: ReadModelStore, snapshots: SnapshotStore, ordinal: number, ownerId?: string): DocumentBase => {
  target.db.prepare('ATTACH DATABASE ? AS snapshot_file').run(snapshots.file);
  const opening = snapshots.opening;
  const versionAt = target.db
    .prepare<[string, string, number], string | null>(
      'SELECT doc FROM snapshot_file.document_versions WHERE collection = ? AND id = ? AND ordinal <= ? ORDER BY ordinal DESC LIMIT 1',
    )
    .pluck();
  // The snapshots' reader, unless the file was replaced since (found damaged): then the file
  // attached here, which is still the one this store started from.
  const documentAt = (collection: string, id: string): string | null =>
    snapshots.opening === opening ? snapshots.documentTextAt(collection, id, ordinal) : (versionAt.get(collection, id, ordinal) ?? null);
  const inScope = (id: string) => ownerId === undefined || id === ownerId || id.startsWith(`${ownerId}/`);
  // CROSS JOIN keeps SQLite driving from the keys: one seek per document for its latest version.
  const copy = target.db.prepare(
    `INSERT OR IGNORE INTO main.documents (collection, id, doc, search)
     SELECT k.collection, k.id, jsonb(v.doc), v.search
       FROM snapshot_file.document_keys k
      CROSS JOIN snapshot_file.document_versions v
      WHERE k.collection = @collection ${ownerId === undefined ? '' : 'AND (k.id = @owner OR (k.id >= @from AND k.id < @to))'}
        AND k.first_ordinal <= @ordinal
        AND v.collection = k.collection AND v.id = k.id
        AND v.ordinal = (SELECT max(w.ordinal) FROM snapshot_file.document_versions w
                          WHERE w.collection = k.collection AND w.id = k.id AND w.ordinal <= @ordinal)
        AND v.doc IS NOT NULL`,
  );
  const hasListIndexes =
    target.db.prepare(`SELECT 1 FROM snapshot_file.sqlite_schema WHERE type = 'table' AND name = 'list_indexes'`).get() !== undefined;
  const definitionOf = hasListIndexes ? target.db.prepare<[string], string>('SELECT definition FROM snapshot_file.list_indexes WHERE collection = ?').pluck() : null;
  const sql = (text: string) => `'${text.replace(/'/g, "''")}'`;
  const scope = ownerId === undefined ? '' : ` AND (k.id = ${sql(ownerId)} OR (k.id >= ${sql(`${ownerId}/`)} AND k.id < ${sql(`${ownerId}0`)}))`;
  const listIndex = (collection: string, definition: string): SnapshotListIndex | null =>
    definitionOf?.get(collection) === definition
      ? {
          keysTable: `snapshot_file."asof_keys_${collection}"`,
          // The counts are of the whole collection: a base scoped to one entity counts its own rows.
          countsTable: ownerId === undefined ? `snapshot_file."asof_counts_${collection}"` : null,
          valid: `k.from_ordinal <= ${ordinal} AND k.to_ordinal > ${ordinal}${scope}`,
          ordinal,
          documentOf: (id) =>
            `(SELECT v.doc FROM snapshot_file.document_versions v WHERE v.collection = ${sql(collection)} AND v.id = ${id} AND v.ordinal <= ${ordinal} ORDER BY v.ordinal DESC LIMIT 1)`,
        }
      : null;
  return {
    listIndex,
    get: (collection, id) => (inScope(id) ? documentAt(collection, id) : null),
    // An entity's items sort between "<id>/" and "<id>0", '0' following '/'.
    copyInto: (collection) => copy.run({ collection, ordinal, ...(ownerId !== undefined && { owner: ownerId, from: `${ownerId}/`, to: `${ownerId}0` }) }),
    collections: () =>
      target.db.prepare('SELECT DISTINCT collection FROM snapshot_file.document_keys WHERE first_ordinal <= ? ORDER BY collection').pluck().all(ordinal) as string[],
  };
};
