import { copyFileSync } from 'node:fs';
import fc from 'fast-check';
import { join } from 'node:path';
import { MOST_WAITING_TEXTS } from '../../projections/list-index';
import { ReadModelStore, type DocumentQuery } from '../../projections/read-model-store';
import type { KeysetPosition } from '../../projections/keyset';
import type { Projection } from '../../projections/projection';
import { normalizeForSearch } from '../../src/core/persian-text';
import { projections } from '../../src/read-models';
import { putDocument, removeDocument } from '../support/read-model-documents';
import { useTempDir } from '../eventstore/temp-event-log';

/**
 * A meeting matches a text by its own search text or by one of its outcomes': the store keeps
 * each apart (a piece of the meeting's text), and counts a meeting once however many of its pieces
 * hold a text. Its lists are checked here against a model of the writes
 * (the texts folded and searched in memory), through every way an outcome's text reaches its
 * meeting's: recorded, amended, withdrawn, recorded before its meeting is stored, and with texts
 * common enough (thousands of matches) that a page is found by walking the list's order.
 */

interface Meeting {
  id: string;
  status: string;
  start: string;
}
interface Outcome {
  id: string;
  meetingId: string;
  seq: number;
}

const meetingsSpec = {
  collection: 'meetings',
  index: { order: '$.start', keys: ['$.status'], indexes: [['$.status']], counts: [['$.status']], text: true, textOfItems: { collection: 'outcomes', owner: '$.meetingId' } },
} as unknown as Projection;
const outcomesSpec = { collection: 'outcomes', index: { order: '$.seq', keys: ['$.meetingId'], indexes: [['$.meetingId']], text: true } } as unknown as Projection;

/** What the writes left: each meeting's text and its outcomes' texts, as written (unfolded). */
class Model {
  readonly meetings = new Map<string, { doc: Meeting; text: string }>();
  readonly outcomes = new Map<string, { doc: Outcome; text: string }>();

  constructor(private readonly store: ReadModelStore) {}

  meeting(doc: Meeting, text: string): void {
    this.meetings.set(doc.id, { doc, text });
    putDocument(this.store, 'meetings', doc.id, doc, text);
  }

  outcome(doc: Outcome, text: string): void {
    this.outcomes.set(doc.id, { doc, text });
    putDocument(this.store, 'outcomes', doc.id, doc, text);
  }

  removeMeeting(id: string): void {
    this.meetings.delete(id);
    removeDocument(this.store, 'meetings', id);
  }

  removeOutcome(id: string): void {
    this.outcomes.delete(id);
    removeDocument(this.store, 'outcomes', id);
  }

  /** The ids of the meetings the query matches, in the list's order (start, then id). */
  matches(query: DocumentQuery): string[] {
    const text = normalizeForSearch(query.text ?? '');
    const status = query.filters?.find((filter) => 'equals' in filter)?.equals;
    const holds = (piece: string) => normalizeForSearch(piece).includes(text);
    const byOutcome = new Set([...this.outcomes.values()].filter((outcome) => holds(outcome.text)).map((outcome) => outcome.doc.meetingId));
    return [...this.meetings.values()]
      .filter(({ doc }) => status === undefined || doc.status === status)
      .filter(({ doc, text: own }) => holds(own) || byOutcome.has(doc.id))
      .map(({ doc }) => doc)
      .sort((a, b) => (a.start === b.start ? (a.id < b.id ? -1 : 1) : a.start < b.start ? -1 : 1))
      .map((doc) => doc.id);
  }

  /** Per stored meeting holding `text`, how many of its pieces (its own text, its outcomes') hold it. */
  pieces(text: string): Record<string, number> {
    const holds = (piece: string) => normalizeForSearch(piece).includes(text);
    const counts: Record<string, number> = {};
    for (const { doc, text: own } of this.meetings.values()) if (holds(own)) counts[doc.id] = 1;
    for (const { doc, text: piece } of this.outcomes.values())
      if (this.meetings.has(doc.meetingId) && holds(piece)) counts[doc.meetingId] = (counts[doc.meetingId] ?? 0) + 1;
    return counts;
  }
}

/** Per meeting, how many of its pieces the store counts as holding a kept text. */
const keptPieces = (store: ReadModelStore, text: string) =>
  Object.fromEntries(
    store.db.prepare('SELECT d.id, m.n FROM search_meetings_matches m JOIN documents d ON d.rowid = m.doc_rowid WHERE m.text = ?').raw().all(text) as [string, number][],
  );

/** The whole list as the store pages it (50 at a time, each page after the last), and its count. */
const listed = (store: ReadModelStore, query: DocumentQuery) => {
  const ids: string[] = [];
  let after: KeysetPosition | undefined;
  let totalCount: number | null = null;
  for (;;) {
    const page = store.page<Meeting>('meetings', query, { after, size: 50, fromEnd: false });
    totalCount ??= page.totalCount;
    ids.push(...page.items.map(({ item }) => item.id));
    if (!page.more) break;
    after = page.items[page.items.length - 1].position;
  }
  return { ids, totalCount };
};

const COMMON = 'گردشگری';
const RARE = 'ترانزیت';
const ACROSS: DocumentQuery = { text: 'شماره 1توسعه' };
const pad = (n: number) => String(n).padStart(5, '0');

describe("ReadModelStore: a meeting's list by text, its own or its outcomes'", () => {
  const dir = useTempDir('daftar-items-text-');
  let store: ReadModelStore;
  let model: Model;

  beforeEach(() => {
    store = new ReadModelStore(dir.path(`read-models-${Date.now()}-${Math.random()}.sqlite`), [meetingsSpec, outcomesSpec]);
    store.buildListIndexes();
    model = new Model(store);
    // 5,000 meetings: a third match COMMON by their title, another third by an outcome only (3,333: more than a page walks past).
    store.transaction(() => {
      for (let n = 0; n < 5_000; n++) {
        const id = `m${pad(n)}`;
        model.meeting({ id, status: n % 4 === 0 ? 'CLOSED' : 'IN_SESSION', start: `2025-${String((n % 12) + 1).padStart(2, '0')}-${String((n % 28) + 1).padStart(2, '0')}` }, n % 3 === 0 ? `نشست ${COMMON} شماره ${n}` : `نشست شماره ${n}`);
        if (n % 3 === 1) model.outcome({ id: `o${pad(n)}`, meetingId: id, seq: n }, `توسعه ${COMMON}‌ استان`);
        if (n % 97 === 5) model.outcome({ id: `r${pad(n)}`, meetingId: id, seq: n }, `خط ${RARE} ریلی`);
      }
    });
  });
  afterEach(() => store.close());

  const queries: [string, DocumentQuery][] = [
    ['a common word', { text: COMMON }],
    ['a common word, its ZWNJ and Arabic letters folded', { text: 'گردش\u200cگري' }],
    ['a common word with a status', { text: COMMON, filters: [{ path: '$.status', equals: 'CLOSED' }] }],
    ['a rare word', { text: RARE }],
    ['a rare word with a status', { text: RARE, filters: [{ path: '$.status', equals: 'IN_SESSION' }] }],
    ['two letters', { text: 'تر' }],
    // The end of a meeting's own text and the start of its outcome's are not one text.
    ['across a meeting and its outcome', ACROSS],
    ['a title and its number', { text: 'شماره 3999' }],
  ];
  const expectModel = () => {
    for (const [name, query] of queries) {
      const expected = model.matches(query);
      expect({ name, ...listed(store, query) }).toEqual({ name, ids: expected, totalCount: expected.length });
    }
  };

  it('lists and counts what the model matches, as outcomes are recorded, amended and withdrawn and meetings retitled', () => {
    expect(model.matches({ text: COMMON }).length).toBeGreaterThan(3_000);
    expect(model.matches(ACROSS)).toEqual([]);
    expectModel();

    store.transaction(() => {
      // An outcome amended away from the word, one amended to it, one withdrawn (its document removed).
      model.outcome({ id: 'o00001', meetingId: 'm00001', seq: 1 }, 'توسعه صنایع');
      model.outcome({ id: 'o00005', meetingId: 'm00005', seq: 5 }, `${RARE} و ${COMMON}`);
      model.removeOutcome('o00004');
      model.removeOutcome(`r${pad(5)}`);
      // A meeting retitled both ways, one removed with its outcome left behind.
      model.meeting({ id: 'm00000', status: 'CLOSED', start: '2025-01-01' }, 'نشست بی‌نام');
      model.meeting({ id: 'm00002', status: 'CLOSED', start: '2025-03-03' }, `${RARE} ${COMMON}`);
      model.removeMeeting('m00007');
      // An outcome stored before its meeting (as a copy from a snapshot may come), then the meeting.
      model.outcome({ id: 'o-early', meetingId: 'm-late', seq: 9 }, `${RARE} زودتر`);
      model.meeting({ id: 'm-late', status: 'IN_SESSION', start: '2025-06-15' }, 'نشست دیرتر');
      // An outcome moved to another meeting.
      model.outcome({ id: `r${pad(102)}`, meetingId: 'm00003', seq: 102 }, `خط ${RARE} ریلی`);
      // The word in a meeting's title and in its outcome: one meeting, two pieces.
      model.outcome({ id: 'o-both', meetingId: 'm00006', seq: 6 }, `بند ${COMMON}`);
    });
    expectModel();
    // A meeting holding the word in its title and in outcomes is one meeting, as many pieces.
    expect(keptPieces(store, COMMON)).toEqual(model.pieces(COMMON));
    expect(Math.max(...Object.values(keptPieces(store, COMMON)))).toBeGreaterThan(1);
    // The trigram index's own structure holds (contentless, it has no texts to check against: the answers above do that).
    expect(() => store.db.exec("INSERT INTO text_meetings (text_meetings) VALUES ('integrity-check')")).not.toThrow();
  });

  it('keeps the counts of the common texts asked, alone and per status, exact through writes and a rolled-back transaction, the oldest making way for more', () => {
    // Texts of one or two characters are common by definition: 40 of them, more than are kept.
    const texts = Array.from({ length: 40 }, (_, n) => String(n));
    const queries = texts.flatMap((text) => [{ text }, ...['CLOSED', 'IN_SESSION'].map((status) => ({ text, filters: [{ path: '$.status', equals: status }] }))]);
    const counts = () => queries.map((query) => store.count('meetings', query));
    const modelCounts = () => queries.map((query) => model.matches(query).length);
    expect(counts()).toEqual(modelCounts());
    // Each text under the whole collection's group (0) and the status's (1): the last 32 such pairs kept.
    const kept = () => store.db.prepare('SELECT text, grouping FROM search_meetings_texts ORDER BY rowid').raw().all();
    const last = texts.slice(-16).flatMap((text) => [[text, 0], [text, 1]]);
    expect(kept()).toEqual(last);
    expect(() =>
      store.transaction(() => {
        model.meeting({ id: 'm-gone', status: 'CLOSED', start: '2025-01-01' }, 'نشست 39 39');
        throw new Error('rolled back');
      }),
    ).toThrow('rolled back');
    model.removeMeeting('m-gone');
    store.transaction(() => {
      model.meeting({ id: 'm-new', status: 'CLOSED', start: '2025-01-01' }, 'نشست 3839');
      model.outcome({ id: 'o-new', meetingId: 'm00011', seq: 1 }, 'بند 39');
      model.outcome({ id: 'o00010', meetingId: 'm00010', seq: 10 }, 'بند 12');
      model.removeOutcome('o00013');
      model.removeMeeting('m00039');
      // Closed with its text unchanged, and closed and retitled.
      model.meeting({ ...model.meetings.get('m00038')!.doc, status: 'CLOSED' }, model.meetings.get('m00038')!.text);
      model.meeting({ ...model.meetings.get('m00035')!.doc, status: 'CLOSED' }, 'نشست 3535');
    });
    expect(kept()).toEqual(last);
    expect(store.db.prepare("SELECT n FROM search_meetings_counts WHERE text = '39' AND grouping = 0").pluck().get()).toBe(model.matches({ text: '39' }).length);
    expect(counts()).toEqual(modelCounts());

    // One meeting through its pieces one by one: a second piece, its title away, a new status, the last piece gone.
    const steps: (() => void)[] = [
      () => model.meeting({ id: 'm20000', status: 'IN_SESSION', start: '2025-02-02' }, 'نشست 2929'),
      () => model.outcome({ id: 'o20000a', meetingId: 'm20000', seq: 1 }, 'بند 29'),
      () => model.outcome({ id: 'o20000b', meetingId: 'm20000', seq: 2 }, 'بند 2929'),
      () => model.meeting({ id: 'm20000', status: 'IN_SESSION', start: '2025-02-02' }, 'نشست بی‌نام'),
      () => model.meeting({ id: 'm20000', status: 'CLOSED', start: '2025-02-02' }, 'نشست بی‌نام'),
      () => model.outcome({ id: 'o20000a', meetingId: 'm00001', seq: 1 }, 'بند 29'),
      () => model.removeOutcome('o20000b'),
      () => model.outcome({ id: 'o20000c', meetingId: 'm20000', seq: 3 }, 'بند 29'),
      () => model.removeMeeting('m20000'),
    ];
    for (const step of steps) {
      store.transaction(step);
      expect(counts()).toEqual(modelCounts());
      for (const text of texts.slice(-16)) expect({ text, pieces: keptPieces(store, text) }).toEqual({ text, pieces: model.pieces(text) });
    }
  });

  it('keeps the count of a text no meeting holds yet under a second group, then counts the first meeting to hold it under both', () => {
    // Two letters no text holds: common by definition, kept with no pieces at all.
    const text = 'ژژ';
    const queries = [{ text }, { text, filters: [{ path: '$.status', equals: 'CLOSED' }] }];
    const counts = () => queries.map((query) => store.count('meetings', query));
    expect(counts()).toEqual([0, 0]);
    store.transaction(() => model.outcome({ id: 'o-zh', meetingId: 'm00004', seq: 4 }, `بند ${text}`));
    expect(model.matches({ text }).length).toBe(1);
    expect(counts()).toEqual(queries.map((query) => model.matches(query).length));
    expect(counts()).toEqual([1, 1]);
  });

  it('holds, built in bulk from the documents, what its triggers kept', () => {
    // Rowids differ with the order of the writes: the search texts by document id.
    const searchTexts = (of: ReadModelStore) => [
      of.db.prepare('SELECT d.id, s.search FROM search_meetings s JOIN documents d ON d.rowid = s.doc_rowid ORDER BY d.id').all(),
      of.db.prepare('SELECT owner, item, search FROM search_meetings_items ORDER BY owner, item').all(),
      of.db.prepare('SELECT d.id, s.search FROM search_outcomes s JOIN documents d ON d.rowid = s.doc_rowid ORDER BY d.id').all(),
    ];
    const built = new ReadModelStore(dir.path(`built-${Date.now()}.sqlite`), [meetingsSpec, outcomesSpec]);
    built.transaction(() => {
      // Outcomes first: the bulk build joins each meeting's texts from its outcomes, whichever was stored first.
      for (const { doc, text } of model.outcomes.values()) putDocument(built, 'outcomes', doc.id, doc, text);
      for (const { doc, text } of model.meetings.values()) putDocument(built, 'meetings', doc.id, doc, text);
    });
    built.buildListIndexes();
    expect(searchTexts(built)).toEqual(searchTexts(store));
    for (const [name, query] of queries) expect({ name, ...listed(built, query) }).toEqual({ name, ...listed(store, query) });
    built.close();
  });
});

describe('ReadModelStore: pieces of text wait to enter the trigram index until a text search, or until many wait', () => {
  const dir = useTempDir('daftar-waiting-texts-');
  const waiting = (store: ReadModelStore) => store.db.prepare('SELECT count(*) FROM search_meetings_waiting').pluck().get() as number;
  const indexed = (store: ReadModelStore) => store.db.prepare('SELECT count(*) FROM text_meetings').pluck().get() as number;
  const words = ['گردشگری', 'ترانزیت', 'بازرگان', 'صنایع دستی'];
  const textOf = fc.subarray(words, { minLength: 0, maxLength: 2 }).map((picked) => picked.join(' '));
  const id = (prefix: string) => fc.integer({ min: 0, max: 5 }).map((n) => `${prefix}${n}`);
  type Step =
    | { kind: 'meeting'; id: string; text: string }
    | { kind: 'outcome'; id: string; meetingId: string; text: string }
    | { kind: 'removeMeeting' | 'removeOutcome'; id: string }
    | { kind: 'search'; text: string }
    | { kind: 'rolledBack'; id: string; text: string };
  const step: fc.Arbitrary<Step> = fc.oneof(
    fc.record({ kind: fc.constant('meeting' as const), id: id('m'), text: textOf }),
    fc.record({ kind: fc.constant('outcome' as const), id: id('o'), meetingId: id('m'), text: textOf }),
    fc.record({ kind: fc.constantFrom('removeMeeting' as const, 'removeOutcome' as const), id: id('') }),
    fc.record({ kind: fc.constant('search' as const), text: fc.constantFrom(...words, 'گردش') }),
    fc.record({ kind: fc.constant('rolledBack' as const), id: id('o'), text: textOf }),
  );

  it('answers every text search as the model does, whatever was written, rewritten, removed or rolled back while pieces waited', () => {
    let run = 0;
    fc.assert(
      fc.property(fc.array(step, { maxLength: 40 }), (steps) => {
        const store = new ReadModelStore(dir.path(`waiting-${run++}.sqlite`), [meetingsSpec, outcomesSpec]);
        store.buildListIndexes();
        const model = new Model(store);
        try {
          for (const next of steps) {
            if (next.kind === 'meeting') model.meeting({ id: next.id, status: 'IN_SESSION', start: '2025-01-01' }, next.text);
            else if (next.kind === 'outcome') model.outcome({ id: next.id, meetingId: next.meetingId, seq: 1 }, next.text);
            else if (next.kind === 'removeMeeting') model.removeMeeting(`m${next.id}`);
            else if (next.kind === 'removeOutcome') model.removeOutcome(`o${next.id}`);
            else if (next.kind === 'rolledBack')
              expect(() =>
                store.transaction(() => {
                  putDocument(store, 'outcomes', next.id, { id: next.id, meetingId: 'm0', seq: 1 }, `${next.text} ترانزیت`);
                  throw new Error('rolled back');
                }),
              ).toThrow('rolled back');
            else if (next.kind === 'search') {
              expect(listed(store, { text: next.text }).ids).toEqual(model.matches({ text: next.text }));
              expect(waiting(store)).toBe(0);
            }
          }
          for (const word of words) expect(listed(store, { text: word }).ids).toEqual(model.matches({ text: word }));
        } finally {
          store.close();
        }
      }),
      { numRuns: 60 },
    );
  });

  it('keeps them waiting across a restart, and puts them in once as many wait as a search would put in at a time', () => {
    const file = dir.path('restarted.sqlite');
    const store = new ReadModelStore(file, [meetingsSpec, outcomesSpec]);
    store.buildListIndexes();
    putDocument(store, 'meetings', 'm1', { id: 'm1', status: 'IN_SESSION', start: '2025-01-01' }, `نشست ${RARE}`);
    putDocument(store, 'outcomes', 'o1', { id: 'o1', meetingId: 'm1', seq: 1 }, `بند ${COMMON}`);
    expect([waiting(store), indexed(store)]).toEqual([2, 0]);
    store.close();

    const reopened = new ReadModelStore(file, [meetingsSpec, outcomesSpec]);
    expect(waiting(reopened)).toBe(2);
    expect(reopened.find<Meeting>('meetings', { text: COMMON }).docs.map((meeting) => meeting.id)).toEqual(['m1']);
    expect([waiting(reopened), indexed(reopened)]).toEqual([0, 2]);
    putDocument(reopened, 'meetings', 'm1', { id: 'm1', status: 'IN_SESSION', start: '2025-01-01' }, `نشست ${RARE} دوم`);
    reopened.close();
    // Those left waiting by the run before count towards the bound (the outcomes' own index has one too, o1's).
    const again = new ReadModelStore(file, [meetingsSpec, outcomesSpec]);
    const left = waiting(again) + (again.db.prepare('SELECT count(*) FROM search_outcomes_waiting').pluck().get() as number);
    expect(left).toBe(2);
    again.transaction(() => {
      for (let n = 2; n < MOST_WAITING_TEXTS - left + 1; n++) putDocument(again, 'outcomes', `o${n}`, { id: `o${n}`, meetingId: 'm1', seq: n }, `بند ${n}`);
    });
    expect(waiting(again)).toBe(MOST_WAITING_TEXTS - left);
    putDocument(again, 'outcomes', 'o-last', { id: 'o-last', meetingId: 'm1', seq: 0 }, 'بند آخر');
    expect(waiting(again)).toBe(0);
    expect(again.count('meetings', { text: 'بند آخر' })).toBe(1);
    expect(again.count('meetings', { text: `${RARE} دوم` })).toBe(1);
    again.close();
  });
});

describe('ReadModelStore: a file whose meetings kept their outcomes apart (main before the joined texts)', () => {
  const dir = useTempDir('daftar-items-text-upgrade-');
  /**
   * Written by the build of 28c40c1 (meetings' list index of layout 3: a trigram index of the
   * meetings' own texts and one of their outcomes'): the meetings and meetingOutcomes projections
   * folded over bench/scale-log.ts's 300 events of seed 7, list indexes built, checkpointed, vacuumed.
   */
  const FIXTURE = join(__dirname, 'fixtures', 'read-models-outcome-texts-apart', 'read-models.sqlite');
  const definitionOf = (store: ReadModelStore, collection: string) =>
    JSON.parse(store.db.prepare('SELECT definition FROM list_indexes WHERE collection = ?').pluck().get(collection) as string) as { layout: number; text?: boolean; texts?: string };
  const answers = (store: ReadModelStore) =>
    ['پایانهمرزی', 'گردشگری', 'تبریز', 'نمایشگاه مشترک', 'شماره 3', 'ری'].flatMap((text) =>
      [[], [{ path: '$.state.status', equals: 'IN_SESSION' }]].map((filters) => {
        const page = store.page<{ id: string }>('meetings', { text, filters }, { size: 5, fromEnd: false });
        return { text, filters, ids: page.items.map(({ item }) => item.id), totalCount: page.totalCount };
      }),
    );

  it('is upgraded in place at open: the meetings index built again from the documents it holds, nothing folded again', () => {
    const file = dir.path('read-models.sqlite');
    copyFileSync(FIXTURE, file);
    const store = new ReadModelStore(file, projections);
    expect(store.rebuiltFromLayout).toBeNull();
    expect(store.checkpoint()).not.toBeNull();
    expect(definitionOf(store, 'meetings')).toMatchObject({ layout: 5, texts: 'waiting' });
    // Outcomes are searched in their meetings' texts: their own trigram index is gone.
    expect(definitionOf(store, 'meetingOutcomes')).not.toHaveProperty('text');
    expect(store.db.prepare(`SELECT name FROM sqlite_schema WHERE name GLOB 'text_meetingOutcomes*' OR name GLOB 'search_meetingOutcomes*'`).all()).toEqual([]);
    // The same answers as a file given the same documents fresh.
    const fresh = new ReadModelStore(dir.path('fresh.sqlite'), projections);
    fresh.transaction(() => {
      for (const row of store.db.prepare('SELECT collection, id, json(doc) AS json, search FROM documents').all() as { collection: string; id: string; json: string; search: string }[])
        fresh.write({ collection: row.collection, id: row.id, json: row.json, search: row.search });
    });
    fresh.buildListIndexes();
    const upgraded = answers(store);
    expect(upgraded).toEqual(answers(fresh));
    // Matches by an outcome's text alone were found, and the counts are of meetings.
    expect(upgraded.find((answer) => answer.text === 'پایانهمرزی' && answer.filters.length === 0)!.totalCount).toBeGreaterThan(0);
    expect(store.count('meetings', { text: 'پایانهمرزی' })).toBeLessThanOrEqual(store.count('meetings'));
    fresh.close();
    store.close();

    const reopened = new ReadModelStore(file, projections);
    expect(answers(reopened)).toEqual(upgraded);
    reopened.close();
  });
});
