import type { RecordedEvent } from '../../src/eventstore/event-store';
import { createMemoryEventStore } from '../../src/eventstore/memory';
import { silentLogger } from '../../src/logger';
import { projections } from '../../src/read-models';
import { DocumentCache } from '../../projections/document-cache';
import type { Projection } from '../../projections/projection';
import { ProjectionRunner } from '../../projections/projection-runner';
import { applyEvents } from '../../projections/apply-events';
import type { DocumentChange, DocumentWriter } from '../../projections/projection';
import { ReadModelStore } from '../../projections/read-model-store';
import { putDocument } from '../support/read-model-documents';
import { sortablePosition } from '../../src/eventstore/position';
import { writeScaleLog } from '../../bench/scale-log';

const recorded = (streamId: string, revision: number, type: string, data: object = {}): RecordedEvent => ({
  eventId: `${streamId}-${revision}`,
  type,
  data,
  schemaVersion: 1,
  streamId,
  revision,
  position: String(revision + 1),
  recordedAt: '2025-03-21T08:30:00.000Z',
  metadata: { occurredAt: '2025-03-21T08:30:00.000Z', actor: { id: 'clerk-1', name: 'منشی', role: 'CLERK' } },
  hash: 'h',
  previousHash: 'p',
});

/** A counter per stream, removed by a `Reset` event; `Noted` leaves it as it is. */
const counters: Projection<{ id: string; count: number }> = {
  collection: 'counters',
  categories: ['counter'],
  documentIdOf: (event) => event.streamId.slice('counter-'.length),
  evolve: (doc, event) => {
    if (event.type === 'Reset') return null;
    if (event.type === 'Noted') return doc;
    return { id: event.streamId.slice('counter-'.length), count: (doc?.count ?? 0) + 1 };
  },
  searchText: (doc) => `شمارنده ${doc.count}`,
  index: { keys: [], indexes: [], text: true },
};

/** Counts what reaches the store, to see how often each document is read and written. */
const countingWriter = (store: ReadModelStore) => {
  const calls = { get: 0, put: 0, remove: 0 };
  const writer: DocumentWriter = {
    get: <Doc>(collection: string, id: string) => {
      calls.get++;
      return store.get<Doc>(collection, id);
    },
    write: (change) => {
      if (change.json === null) calls.remove++;
      else calls.put++;
      store.write(change);
    },
  };
  return { writer, calls };
};

/** A counter document as a fold's batch hands it to a writer. */
const counterChange = (id: string, count: number | null): [DocumentChange, object | null] => {
  const doc = count === null ? null : { id, count };
  return [{ collection: 'counters', id, json: doc && JSON.stringify(doc), search: '' }, doc];
};

const contentsOf = (store: ReadModelStore) =>
  Object.fromEntries(store.collections().map((collection) => [collection, store.all(collection)]));

describe('applyEvents: a batch folds each document in memory and writes it once', () => {
  it('reads and writes each touched document once, however many events of the batch it takes', () => {
    const store = new ReadModelStore(':memory:', [counters]);
    const { writer, calls } = countingWriter(store);
    const events = [1, 2, 3, 4, 5].map((n) => recorded('counter-a', n - 1, 'Counted')).concat(recorded('counter-b', 0, 'Counted'));
    applyEvents(writer, [counters], events);
    expect(calls).toEqual({ get: 2, put: 2, remove: 0 });
    expect(store.get('counters', 'a')).toEqual({ id: 'a', count: 5 });
    expect(store.find('counters', { text: 'شمارنده 5' }).docs).toEqual([{ id: 'a', count: 5 }]);
  });

  it('writes nothing for a fold that hands back the document it was given, and removes what a fold removed', () => {
    const store = new ReadModelStore();
    applyEvents(store, [counters], [recorded('counter-a', 0, 'Counted'), recorded('counter-b', 0, 'Counted')]);
    const { writer, calls } = countingWriter(store);
    applyEvents(writer, [counters], [recorded('counter-a', 1, 'Noted'), recorded('counter-b', 1, 'Reset'), recorded('counter-c', 0, 'Counted'), recorded('counter-c', 1, 'Reset')]);
    // a: unchanged; b: removed; c: created and removed within the batch, so the store never held it.
    expect(calls.put).toBe(0);
    expect(store.get('counters', 'a')).toEqual({ id: 'a', count: 1 });
    expect(store.get('counters', 'b')).toBeNull();
    expect(store.get('counters', 'c')).toBeNull();
  });

  it('skips the events at or below the position a stored document is folded up to, and folds the rest once', () => {
    const store = new ReadModelStore();
    applyEvents(store, [counters], [recorded('counter-a', 0, 'Counted'), recorded('counter-a', 1, 'Counted')]);
    expect(store.getFolded('counters', 'a')).toEqual({ doc: { id: 'a', count: 2 }, foldedUpTo: sortablePosition('2') });
    // Another runner, behind, folds a batch that starts with an event this document already holds.
    applyEvents(new DocumentCache(store), [counters], [recorded('counter-a', 1, 'Counted'), recorded('counter-a', 2, 'Counted')]);
    expect(store.getFolded('counters', 'a')).toEqual({ doc: { id: 'a', count: 3 }, foldedUpTo: sortablePosition('3') });
  });

  it('gives every real read model the same documents as applying the events one at a time', async () => {
    const log = createMemoryEventStore();
    await writeScaleLog(log, { events: 3_000, seed: 11 });
    const events = await log.readAll();
    const oneByOne = new ReadModelStore(':memory:', projections);
    for (const event of events) oneByOne.transaction(() => applyEvents(oneByOne, projections, [event]));
    const batched = new ReadModelStore(':memory:', projections);
    for (let start = 0; start < events.length; start += 500)
      batched.transaction(() => applyEvents(batched, projections, events.slice(start, start + 500)));
    expect(batched.collections()).toEqual(expect.arrayContaining(['meetings', 'organizations', 'resolutions']));
    expect(contentsOf(batched)).toEqual(contentsOf(oneByOne));
    expect(batched.find('meetings', { text: 'گمرکی' }).totalCount).toBe(oneByOne.find('meetings', { text: 'گمرکی' }).totalCount);
  });
});

describe('the projection runner keeps the documents it folds parsed between batches', () => {
  it('leaves the read models exactly as a rebuild from the log would, batch after batch', async () => {
    const log = createMemoryEventStore();
    await writeScaleLog(log, { events: 1_000, seed: 5 });
    const live = new ReadModelStore();
    const runner = new ProjectionRunner(log, live, projections, silentLogger);
    runner.start();
    // More appends while it runs: the cached documents must follow every one of them.
    await writeScaleLog(log, { events: 1_500, seed: 6 });
    await runner.waitFor((await log.head())!.position, 10_000);
    await runner.stop();
    const rebuilt = new ReadModelStore();
    for (const event of await log.readAll()) rebuilt.transaction(() => applyEvents(rebuilt, projections, [event]));
    expect(contentsOf(live)).toEqual(contentsOf(rebuilt));
  });
});

describe('DocumentCache', () => {
  it('writes through, serves what it holds without asking the store, and drops the least recently used', () => {
    const store = new ReadModelStore();
    const { writer, calls } = countingWriter(store);
    const cache = new DocumentCache(writer, 2);
    cache.write(...counterChange('a', 1));
    cache.write(...counterChange('b', 1));
    expect(store.get('counters', 'a')).toEqual({ id: 'a', count: 1 });
    expect(cache.get('counters', 'a')).toEqual({ id: 'a', count: 1 });
    expect(calls.get).toBe(0);
    cache.write(...counterChange('c', 1)); // b is now the least recently used
    cache.get('counters', 'a');
    expect(calls.get).toBe(0);
    expect(cache.get('counters', 'b')).toEqual({ id: 'b', count: 1 });
    expect(calls.get).toBe(1);
    cache.write(...counterChange('b', null));
    expect(cache.get('counters', 'b')).toBeNull();
    expect(store.get('counters', 'b')).toBeNull();
    expect(calls.get).toBe(1);
  });

  it('forgets everything on request, and reads the store again', () => {
    const store = new ReadModelStore();
    const cache = new DocumentCache(store);
    cache.write(...counterChange('a', 1));
    putDocument(store, 'counters', 'a', { id: 'a', count: 7 }); // as after a rollback: the store is the truth
    expect(cache.get('counters', 'a')).toEqual({ id: 'a', count: 1 });
    cache.forget();
    expect(cache.get('counters', 'a')).toEqual({ id: 'a', count: 7 });
  });
});
