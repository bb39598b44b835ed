import { statSync } from 'node:fs';
import Database from 'better-sqlite3';
import fc from 'fast-check';
import { WAL_KEPT_BYTES } from '../../projections/derived-file';
import { checksumOf, ReadModelDamaged, ReadModelStore } from '../../projections/read-model-store';
import type { Projection } from '../../projections/projection';
import { sortablePosition } from '../../src/eventstore/position';
import { putDocument, removeDocument } from '../support/read-model-documents';
import { useTempDir } from '../eventstore/temp-event-log';

interface Meeting {
  id: string;
  status: string;
  start: string;
}

const meeting = (id: string, status: string, start: string): Meeting => ({ id, status, start });
const inSession = { filters: [{ path: '$.status', equals: 'IN_SESSION' }] };

/** The lists of these meetings: by status, in order of start, and by text. */
const meetings = {
  collection: 'meetings',
  index: { order: '$.start', keys: ['$.status'], indexes: [['$.status']], text: true },
} as unknown as Projection;

describe('ReadModelStore: repeated reads are answered from what SQLite last said, until a write', () => {
  const dir = useTempDir('daftar-read-models-');
  let store: ReadModelStore;

  beforeEach(() => {
    store = new ReadModelStore(dir.path(`read-models-${Date.now()}-${Math.random()}.sqlite`), [meetings]);
    putDocument(store, 'meetings', 'm1', meeting('m1', 'IN_SESSION', '2025-03-02'), 'نشست تبریز');
    putDocument(store, 'meetings', 'm2', meeting('m2', 'SCHEDULED', '2025-03-01'));
  });
  afterEach(() => store.close());

  it('sees every put, remove and clear in the reads that follow', () => {
    expect(store.get('meetings', 'm2')).toEqual(meeting('m2', 'SCHEDULED', '2025-03-01'));
    expect(store.find('meetings', inSession)).toEqual({ docs: [meeting('m1', 'IN_SESSION', '2025-03-02')], totalCount: 1 });

    putDocument(store, 'meetings', 'm2', meeting('m2', 'IN_SESSION', '2025-03-01'));
    expect(store.get('meetings', 'm2')).toEqual(meeting('m2', 'IN_SESSION', '2025-03-01'));
    expect(store.find<Meeting>('meetings', inSession).docs.map((doc) => doc.id)).toEqual(['m2', 'm1']);

    removeDocument(store, 'meetings', 'm1');
    expect(store.get('meetings', 'm1')).toBeNull();
    expect(store.find('meetings', inSession)).toEqual({ docs: [meeting('m2', 'IN_SESSION', '2025-03-01')], totalCount: 1 });
    expect(store.find('meetings', { text: 'تبریز' }).totalCount).toBe(0);

    store.clear();
    expect(store.get('meetings', 'm2')).toBeNull();
    expect(store.find('meetings', inSession)).toEqual({ docs: [], totalCount: 0 });
  });

  it('hands every reader one frozen document: changing it throws, and no later answer changes', () => {
    const first = store.get<Meeting>('meetings', 'm1')!;
    expect(store.get<Meeting>('meetings', 'm1')).toBe(first);
    expect(() => {
      first.status = 'CLOSED';
    }).toThrow(TypeError);
    const page = store.find<Meeting>('meetings', inSession);
    expect(() => {
      page.docs[0].status = 'CLOSED';
    }).toThrow(TypeError);
    const ids = page.docs.map((doc) => doc.id);
    page.docs.pop();
    expect(store.find<Meeting>('meetings', inSession).docs.map((doc) => doc.id)).toEqual(ids);
    expect(store.get<Meeting>('meetings', 'm1')!.status).toBe('IN_SESSION');
  });

  it('forgets, on a write, the written document and every list page, and keeps what the write cannot change', () => {
    const m1 = store.get<Meeting>('meetings', 'm1')!;
    const m2 = store.get<Meeting>('meetings', 'm2')!;
    const before = store.find<Meeting>('meetings', inSession);
    putDocument(store, 'meetings', 'm1', { ...m1, status: 'CLOSED' });
    expect(store.get<Meeting>('meetings', 'm2')).toBe(m2);
    expect(store.get<Meeting>('meetings', 'm1')!.status).toBe('CLOSED');
    expect(before.totalCount).toBe(1);
    expect(store.find<Meeting>('meetings', inSession).totalCount).toBe(0);
    removeDocument(store, 'meetings', 'm2');
    expect(store.get('meetings', 'm2')).toBeNull();
  });

  it('keeps nothing a rolled-back transaction read or wrote', () => {
    expect(() =>
      store.transaction(() => {
        putDocument(store, 'meetings', 'm1', meeting('m1', 'CLOSED', '2025-03-02'));
        expect(store.get<Meeting>('meetings', 'm1')!.status).toBe('CLOSED');
        expect(store.find('meetings', inSession).totalCount).toBe(0);
        throw new Error('the batch failed');
      }),
    ).toThrow('the batch failed');
    expect(store.get<Meeting>('meetings', 'm1')!.status).toBe('IN_SESSION');
    expect(store.find('meetings', inSession).totalCount).toBe(1);
  });

  it('answers list pages through windows of positions, and counts per filter', () => {
    for (let n = 3; n <= 12; n++) putDocument(store, 'meetings', `m${String(n).padStart(2, '0')}`, meeting(`m${n}`, 'IN_SESSION', `2025-04-${String(n).padStart(2, '0')}`));
    const ids = (page: { items: { item: Meeting }[] }) => page.items.map(({ item }) => item.id);
    const first = store.page<Meeting>('meetings', inSession, { size: 4, fromEnd: false });
    expect(first.totalCount).toBe(11);
    expect(ids(first)).toEqual(['m1', 'm3', 'm4', 'm5']);
    expect(first).toMatchObject({ more: true, beyond: false });
    const after = first.items[3].position;
    expect(after).toEqual({ values: ['2025-04-05'], id: 'm05' });
    const second = store.page<Meeting>('meetings', inSession, { after, size: 4, fromEnd: false });
    expect(ids(second)).toEqual(['m6', 'm7', 'm8', 'm9']);
    expect(second).toMatchObject({ more: true, beyond: true, totalCount: 11 });
    // The item the cursor names leaves the list: the next page still starts after its place.
    putDocument(store, 'meetings', 'm05', meeting('m5', 'CLOSED', '2025-04-05'));
    expect(ids(store.page<Meeting>('meetings', inSession, { after, size: 4, fromEnd: false }))).toEqual(['m6', 'm7', 'm8', 'm9']);
    const last = store.page<Meeting>('meetings', inSession, { before: second.items[0].position, size: 2, fromEnd: true });
    expect(ids(last)).toEqual(['m3', 'm4']);
    expect(last).toMatchObject({ more: true, beyond: true, totalCount: 10 });
    expect(store.find('meetings', { filters: [{ path: '$.status', in: ['SCHEDULED'] }] }).totalCount).toBe(1);
    expect(store.find('meetings', { filters: [{ path: '$.status', in: ['SCHEDULED', 'IN_SESSION', 'CLOSED'] }] }).totalCount).toBe(12);
  });

  it('places documents without a sort value first, and pages across them', () => {
    putDocument(store, 'meetings', 'm0', { id: 'm0', status: 'IN_SESSION' });
    putDocument(store, 'meetings', 'm00', { id: 'm00', status: 'IN_SESSION' });
    const ids = (page: { items: { item: Meeting }[] }) => page.items.map(({ item }) => item.id);
    const first = store.page<Meeting>('meetings', inSession, { size: 1, fromEnd: false });
    expect(ids(first)).toEqual(['m0']);
    const rest = store.page<Meeting>('meetings', inSession, { after: first.items[0].position, size: 5, fromEnd: false });
    expect(ids(rest)).toEqual(['m00', 'm1']);
    expect(rest).toMatchObject({ more: false, beyond: true });
    const back = store.page<Meeting>('meetings', inSession, { before: rest.items[1].position, size: 5, fromEnd: true });
    expect(ids(back)).toEqual(['m0', 'm00']);
    expect(back).toMatchObject({ more: false, beyond: true });
  });
});

describe('ReadModelStore: a list index built from the documents', () => {
  const dir = useTempDir('daftar-read-model-bulk-index-');
  const tagged = {
    collection: 'meetings',
    index: { order: '$.start', keys: ['$.status'], indexes: [['$.status']], counts: [['$.status']], tags: ['$.rooms'], text: true },
  } as unknown as Projection;
  const documents = Array.from({ length: 40 }, (_, n) => ({
    doc: { ...meeting(`m${String(n).padStart(2, '0')}`, n % 3 === 0 ? 'CLOSED' : 'IN_SESSION', `2025-03-${String((n % 28) + 1).padStart(2, '0')}`), rooms: [`r${n % 4}`, `r${n % 5}`] },
    search: n % 2 === 0 ? `نشست تبریز ${n}` : `نشست ارومیه ${n}`,
  }));
  const tablesOf = (store: ReadModelStore) =>
    Object.fromEntries(
      (store.db.prepare(`SELECT name FROM sqlite_schema WHERE type = 'table' AND (name GLOB 'keys_*' OR name GLOB 'tags_*' OR name GLOB 'search_*')`).pluck().all() as string[])
        .sort()
        .map((table) => {
          const columns = store.db.prepare(`SELECT count(*) FROM pragma_table_info(?)`).pluck().get(table) as number;
          return [table, store.db.prepare(`SELECT * FROM "${table}" ORDER BY ${Array.from({ length: columns }, (_, n) => n + 1).join(', ')}`).all()];
        }),
    );
  const answers = (store: ReadModelStore) => [
    store.find<Meeting>('meetings', { text: 'تبریز' }).docs.map((doc) => doc.id),
    store.find<Meeting>('meetings', { filters: [{ path: '$.rooms', contains: 'r2' }] }).docs.map((doc) => doc.id),
    store.count('meetings', { filters: [{ path: '$.status', equals: 'CLOSED' }] }),
    store.find<Meeting>('meetings', inSession).docs.map((doc) => doc.id),
  ];

  it('holds what the triggers would have kept: keys, counts, tags, search texts and the text index', () => {
    // An empty file leaves its indexes to be built once it is filled; built at once, the triggers keep them.
    const kept = new ReadModelStore(dir.path('kept.sqlite'), [tagged]);
    kept.buildListIndexes();
    const built = new ReadModelStore(dir.path('built.sqlite'), [tagged]);
    for (const { doc, search } of documents) {
      putDocument(kept, 'meetings', doc.id, doc, search);
      putDocument(built, 'meetings', doc.id, doc, search);
    }
    removeDocument(kept, 'meetings', 'm07');
    removeDocument(built, 'meetings', 'm07');
    built.buildListIndexes();
    // The triggers left the pieces of text waiting for the trigram index (m07's taken out again); a text search puts them in first.
    const rows = (store: ReadModelStore, table: string) => store.db.prepare(`SELECT count(*) FROM "${table}"`).pluck().get();
    expect([rows(kept, 'search_meetings_waiting'), rows(kept, 'text_meetings')]).toEqual([40, 0]);
    expect(answers(built)).toEqual(answers(kept));
    expect([rows(kept, 'search_meetings_waiting'), rows(kept, 'text_meetings')]).toEqual([0, 39]);
    expect(tablesOf(built)).toEqual(tablesOf(kept));
    // The text index was built with room for every text at once, and left with FTS5's own bound for the writes that follow.
    expect(built.db.prepare(`SELECT v FROM text_meetings_config WHERE k = 'hashsize'`).pluck().get()).toBe(1024 * 1024);
    // Kept up by its triggers from then on.
    putDocument(built, 'meetings', 'm99', { ...meeting('m99', 'CLOSED', '2025-04-01'), rooms: ['r2'] }, 'نشست تبریز ۹۹');
    putDocument(kept, 'meetings', 'm99', { ...meeting('m99', 'CLOSED', '2025-04-01'), rooms: ['r2'] }, 'نشست تبریز ۹۹');
    expect(answers(built)).toEqual(answers(kept));
    kept.close();
    built.close();
  });
});

describe('ReadModelStore: the file layout', () => {
  const dir = useTempDir('daftar-read-model-layout-');

  it.each([
    [0, `CREATE TABLE documents (collection TEXT NOT NULL, id TEXT NOT NULL, doc TEXT NOT NULL, search TEXT NOT NULL DEFAULT '', PRIMARY KEY (collection, id)) WITHOUT ROWID;
      CREATE TABLE checkpoints (name TEXT PRIMARY KEY, position TEXT NOT NULL);`, 'json'],
    [2, `CREATE TABLE documents (collection TEXT NOT NULL, id TEXT NOT NULL, doc TEXT NOT NULL, search TEXT NOT NULL DEFAULT '', UNIQUE (collection, id));
      CREATE TABLE checkpoints (name TEXT PRIMARY KEY, position TEXT NOT NULL);`, 'json'],
    [3, `CREATE TABLE documents (collection TEXT NOT NULL, id TEXT NOT NULL, doc BLOB NOT NULL, search TEXT NOT NULL DEFAULT '', UNIQUE (collection, id));
      CREATE TABLE checkpoints (name TEXT PRIMARY KEY, position TEXT NOT NULL);`, 'jsonb'],
    [4, `CREATE TABLE documents (collection TEXT NOT NULL, id TEXT NOT NULL, doc BLOB NOT NULL, search TEXT NOT NULL DEFAULT '', folded_up_to TEXT, checksum TEXT, UNIQUE (collection, id));
      CREATE TABLE checkpoints (name TEXT PRIMARY KEY, position TEXT NOT NULL, hash TEXT);`, 'jsonb'],
    [5, `CREATE TABLE documents (collection TEXT NOT NULL, id TEXT NOT NULL, doc BLOB NOT NULL, search TEXT NOT NULL DEFAULT '', folded_up_to TEXT, checksum TEXT, UNIQUE (collection, id));
      CREATE TABLE checkpoints (name TEXT PRIMARY KEY, position TEXT NOT NULL, hash TEXT);
      CREATE TABLE list_indexes (collection TEXT PRIMARY KEY, definition TEXT NOT NULL);
      CREATE TABLE keys_meetings_of_layout_5 (doc_rowid INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE);
      CREATE VIRTUAL TABLE text_meetings_of_layout_5 USING fts5(search, tokenize = 'trigram');
      CREATE TRIGGER keys_meetings_of_layout_5_inserted AFTER INSERT ON documents BEGIN INSERT INTO keys_meetings_of_layout_5 (doc_rowid, id) VALUES (new.rowid, new.id); END;
      INSERT INTO list_indexes VALUES ('meetings', '{}');`, 'jsonb'],
  ] as const)('empties a file of layout %i (documents of older shapes), checkpoint and derived tables included, so that the log is folded into it again', (layout, tables, encoding) => {
    const file = dir.path(`layout-${layout}.sqlite`);
    const old = new Database(file);
    old.exec(`${tables}
      CREATE TABLE audit_log (position TEXT PRIMARY KEY);
      INSERT INTO checkpoints (name, position) VALUES ('projections', '42');
      PRAGMA user_version = ${layout};`);
    old
      .prepare(`INSERT INTO documents (collection, id, doc, search) VALUES (?, ?, ${encoding}(?), ?)`)
      .run('meetings', 'm1', JSON.stringify(meeting('m1', 'IN_SESSION', '2025-03-02')), 'نشست تبریز');
    old.close();

    const store = new ReadModelStore(file, [meetings]);
    expect(store.rebuiltFromLayout).toBe(layout);
    expect(store.checkpoint()).toBeNull();
    expect(store.get('meetings', 'm1')).toBeNull();
    expect(store.db.prepare(`SELECT name FROM sqlite_schema WHERE name IN ('audit_log', 'keys_meetings_of_layout_5', 'keys_meetings_of_layout_5_inserted', 'text_meetings_of_layout_5')`).all()).toEqual([]);
    store.write({ collection: 'meetings', id: 'm1', json: JSON.stringify(meeting('m1', 'IN_SESSION', '2025-03-02')), search: 'نشست تبریز', position: '12' });
    expect(store.getFolded('meetings', 'm1')).toEqual({ doc: meeting('m1', 'IN_SESSION', '2025-03-02'), foldedUpTo: sortablePosition('12') });
    expect(store.find<Meeting>('meetings', { text: 'تبریز' }).docs.map((doc) => doc.id)).toEqual(['m1']);
    expect(store.find<Meeting>('meetings', inSession).docs.map((doc) => doc.id)).toEqual(['m1']);
    store.close();

    const reopened = new ReadModelStore(file, [meetings]);
    expect(reopened.rebuiltFromLayout).toBeNull();
    expect(reopened.db.pragma('user_version', { simple: true })).toBe(7);
    expect(reopened.all('meetings')).toHaveLength(1);
    reopened.close();
  });

  it('leaves the list indexes of an empty file to be built in bulk once it is filled, or when a list of it is read first', () => {
    const file = dir.path('filled-from-empty.sqlite');
    const organizations = { collection: 'organizations', index: { keys: [], indexes: [], text: true } } as unknown as Projection;
    const keyTables = (store: ReadModelStore) =>
      store.db.prepare(`SELECT name FROM sqlite_schema WHERE type = 'table' AND name GLOB 'keys_*' AND name NOT GLOB '*_counts' ORDER BY name`).pluck().all();
    const store = new ReadModelStore(file, [meetings, organizations]);
    putDocument(store, 'meetings', 'm1', meeting('m1', 'IN_SESSION', '2025-03-02'), 'نشست تبریز');
    putDocument(store, 'organizations', 'o1', { id: 'o1' }, 'استانداری');
    expect(keyTables(store)).toEqual([]);
    expect(store.find<Meeting>('meetings', { text: 'تبریز' }).docs.map((doc) => doc.id)).toEqual(['m1']);
    expect(keyTables(store)).toEqual(['keys_meetings']);
    putDocument(store, 'meetings', 'm2', meeting('m2', 'IN_SESSION', '2025-03-01'), 'نشست خوی');
    expect(store.find<Meeting>('meetings', inSession).docs.map((doc) => doc.id)).toEqual(['m2', 'm1']);
    store.buildListIndexes();
    expect(keyTables(store)).toEqual(['keys_meetings', 'keys_organizations']);
    expect(store.find('organizations', { text: 'استانداری' }).totalCount).toBe(1);
    store.close();

    const reopened = new ReadModelStore(file, [meetings, organizations]);
    putDocument(reopened, 'organizations', 'o2', { id: 'o2' }, 'استانداری آذربایجان');
    expect(reopened.find('organizations', { text: 'استانداری' }).totalCount).toBe(2);
    reopened.clear();
    expect(keyTables(reopened)).toEqual([]);
    reopened.close();
  });

  it('keeps the statement journals of its writes in memory, and sorts its bulk index builds in files on disk', () => {
    const store = new ReadModelStore(dir.path('temporary-files.sqlite'), [meetings]);
    const tempStore = () => store.db.pragma('temp_store', { simple: true });
    // 2: MEMORY. A trigger-heavy write spilled its statement journal to a new temporary file each time.
    expect(tempStore()).toBe(2);
    putDocument(store, 'meetings', 'm1', meeting('m1', 'IN_SESSION', '2025-03-02'), 'نشست تبریز');
    const duringBuild: unknown[] = [];
    const exec = store.db.exec.bind(store.db);
    const spied = jest.spyOn(store.db, 'exec').mockImplementation((source: string) => {
      duringBuild.push(tempStore());
      return exec(source);
    });
    store.buildListIndexes();
    spied.mockRestore();
    // 1: FILE, as SQLite's default: in memory a large collection's sort would hold all its keys at once.
    expect(new Set(duringBuild)).toEqual(new Set([1]));
    expect(tempStore()).toBe(2);
    expect(store.find<Meeting>('meetings', { text: 'تبریز' }).docs.map((doc) => doc.id)).toEqual(['m1']);
    store.close();

    const asOf = new ReadModelStore(':memory:', [meetings], { indexOnFirstRead: true });
    expect(asOf.db.pragma('temp_store', { simple: true })).toBe(0);
    asOf.close();
  });

  it('gives back the room a large write took in its -wal once a checkpoint has copied it in', () => {
    const file = dir.path('wal-kept.sqlite');
    const store = new ReadModelStore(file, [meetings]);
    const walBytes = () => statSync(`${file}-wal`).size;
    const text = 'ن'.repeat(2_000);
    // More than WAL_KEPT_BYTES in one transaction: each document fills a page or more.
    store.transaction(() => {
      for (let n = 0; n < 20_000; n++) putDocument(store, 'meetings', `m${n}`, { ...meeting(`m${n}`, 'IN_SESSION', '2025-03-02'), note: text });
    });
    expect(walBytes()).toBeGreaterThan(WAL_KEPT_BYTES);
    store.db.pragma('wal_checkpoint(PASSIVE)');
    // The next write starts the -wal over, and cuts it to the limit.
    putDocument(store, 'meetings', 'after', meeting('after', 'CLOSED', '2025-03-03'));
    expect(walBytes()).toBeLessThanOrEqual(WAL_KEPT_BYTES);
    expect(store.get('meetings', 'm19999')).toMatchObject({ id: 'm19999', note: text });
    store.close();
  });

  it("builds a collection's list index again when its declaration changes, and drops one no longer declared", () => {
    const file = dir.path('redeclared.sqlite');
    const first = new ReadModelStore(file, [meetings]);
    putDocument(first, 'meetings', 'm1', { ...meeting('m1', 'IN_SESSION', '2025-03-02'), room: 'الف' });
    putDocument(first, 'meetings', 'm2', { ...meeting('m2', 'IN_SESSION', '2025-03-01'), room: 'ب' });
    expect(() => first.find('meetings', { filters: [{ path: '$.room', equals: 'الف' }] })).toThrow(/no list key \$\.room/);
    first.close();

    const byRoom = { ...meetings, index: { ...meetings.index!, keys: ['$.status', '$.room'], indexes: [['$.status'], ['$.room']] } } as Projection;
    const second = new ReadModelStore(file, [byRoom]);
    expect(second.find<Meeting>('meetings', { filters: [{ path: '$.room', equals: 'الف' }] }).docs.map((doc) => doc.id)).toEqual(['m1']);
    second.close();

    const undeclared = new ReadModelStore(file, []);
    expect(undeclared.db.prepare(`SELECT name FROM sqlite_schema WHERE name GLOB '*_meetings*'`).pluck().all()).toEqual([]);
    expect(() => undeclared.find('meetings')).toThrow(/meetings has no list index/);
    expect(undeclared.get('meetings', 'm1')).toMatchObject({ id: 'm1' });
    undeclared.close();
  });

  it('refuses a file of a newer layout, and leaves it as it is', () => {
    const file = dir.path('layout-99.sqlite');
    const newer = new Database(file);
    newer.pragma('user_version = 99');
    newer.exec('CREATE TABLE documents (anything TEXT)');
    newer.close();
    expect(() => new ReadModelStore(file)).toThrow(/layout 99, newer than this build's/);
    const after = new Database(file, { readonly: true });
    expect(after.pragma('user_version', { simple: true })).toBe(99);
    expect(after.pragma('journal_mode', { simple: true })).toBe('delete');
    after.close();
  });
});

describe('ReadModelStore: a document is never set back to an earlier fold', () => {
  const change = (status: string, position: string) => ({
    collection: 'meetings',
    id: 'm1',
    json: JSON.stringify(meeting('m1', status, '2025-03-02')),
    search: '',
    position,
  });

  it('keeps a document written at a later position when a write from an earlier one comes after it', () => {
    const store = new ReadModelStore();
    store.write(change('SCHEDULED', '9'));
    store.write(change('CLOSED', '11'));
    store.write(change('IN_SESSION', '10'));
    store.write(change('IN_SESSION', '11'));
    expect(store.get('meetings', 'm1')).toEqual(meeting('m1', 'CLOSED', '2025-03-02'));
    expect(store.getFolded('meetings', 'm1').foldedUpTo).toBe(sortablePosition('11'));
    store.write(change('CANCELLED', '12'));
    expect(store.get('meetings', 'm1')).toEqual(meeting('m1', 'CANCELLED', '2025-03-02'));
  });

  it('orders positions by number, not by text', () => {
    expect(sortablePosition('9') < sortablePosition('10')).toBe(true);
    expect(sortablePosition('10/2') < sortablePosition('10/11')).toBe(true);
    expect(sortablePosition('9/900') < sortablePosition('10/2')).toBe(true);
    expect(() => sortablePosition('ten')).toThrow(RangeError);
  });
});

describe('ReadModelStore: document checksums', () => {
  const dir = useTempDir('daftar-read-model-checksums-');
  it('hold for any JSON a fold writes: SQLite gives back from the binary JSON the very text written', () => {
    const store = new ReadModelStore(dir.path('checksums.sqlite'));
    try {
      fc.assert(
        fc.property(fc.jsonValue({ maxDepth: 4 }), fc.fullUnicodeString(), (value, text) => {
          const doc = { value, text, numbers: [1e21, 0.1, 5e-324, -7] };
          const json = JSON.stringify(doc);
          store.write({ collection: 'anything', id: 'a', json, search: '' });
          const stored = store.db.prepare(`SELECT json(doc) AS text, checksum FROM documents WHERE id = 'a'`).get() as { text: string; checksum: string };
          expect(stored).toEqual({ text: json, checksum: checksumOf(json) });
          expect(store.get('anything', 'a')).toEqual(JSON.parse(json));
        }),
        { numRuns: 500 },
      );
    } finally {
      store.close();
    }
  });

  it('are not kept by a store in memory (as of a point), which has no disk to be damaged on', () => {
    const store = new ReadModelStore();
    const json = JSON.stringify({ id: 'a', name: 'سازمان' });
    store.write({ collection: 'anything', id: 'a', json, search: '' });
    expect(store.db.prepare(`SELECT checksum FROM documents WHERE id = 'a'`).pluck().get()).toBeNull();
    expect(store.get('anything', 'a')).toEqual(JSON.parse(json));
    store.close();
  });

  it('refuse a document changed in the file, by get and by find, and tell whoever listens', () => {
    const organizations = { collection: 'organizations', index: { keys: [], indexes: [] } } as unknown as Projection;
    const store = new ReadModelStore(dir.path('damaged-document.sqlite'), [organizations]);
    try {
      store.write({ collection: 'organizations', id: 'o1', json: JSON.stringify({ id: 'o1', name: 'استانداری' }), search: '' });
      store.db.prepare(`UPDATE documents SET doc = jsonb(?) WHERE id = 'o1'`).run(JSON.stringify({ id: 'o1', name: 'استانداری تقلبی' }));
      const told: string[] = [];
      store.onDamage = (damage) => told.push(`${damage.collection}/${damage.id}`);
      expect(() => store.get('organizations', 'o1')).toThrow(ReadModelDamaged);
      expect(() => store.find('organizations')).toThrow(/organizations\/o1 was damaged on disk/);
      expect(told).toEqual(['organizations/o1', 'organizations/o1']);
    } finally {
      store.close();
    }
  });
});
