import { openSqliteEventStore } from '../../../src/eventstore/sqlite';
import { hashEvent } from '../../../src/eventstore/hash-chain';
import { useTempDir } from '../temp-event-log';
import { appendSample, firstChainBreak, tamper } from './store-fixtures';

const tempDir = useTempDir();
let files = 0;

/** A store holding the sample events, closed; returns its file and what was recorded. */
const givenClosedStore = async () => {
  const file = tempDir.path(`tamper-${++files}.sqlite`);
  const store = await openSqliteEventStore({ file });
  const recorded = await appendSample(store);
  await store.close();
  return { file, recorded };
};

const readAllOf = async (file: string) => {
  const store = await openSqliteEventStore({ file });
  try {
    return await store.readAll();
  } finally {
    await store.close();
  }
};

describe('Tampering with the SQLite file', () => {
  it('leaves an untouched log verifying from the first event to the last', async () => {
    const { file, recorded } = await givenClosedStore();
    const events = await readAllOf(file);
    expect(events).toEqual(recorded);
    expect(firstChainBreak(events)).toBeNull();
  });

  it('is caught where an event’s data was changed', async () => {
    const { file } = await givenClosedStore();
    tamper(file, `UPDATE events SET data = ? WHERE position = 2`, JSON.stringify({ text: 'بند ۶۵' }));
    expect(firstChainBreak(await readAllOf(file))).toEqual({ position: '2', reason: 'hash-mismatch' });
  });

  it('is caught where a recorded time was moved', async () => {
    const { file } = await givenClosedStore();
    tamper(file, `UPDATE events SET recorded_at = '2020-01-01T00:00:00.000Z' WHERE position = 3`);
    expect(firstChainBreak(await readAllOf(file))).toEqual({ position: '3', reason: 'hash-mismatch' });
  });

  it('is caught at the next event when a changed event was given a fresh hash of its own', async () => {
    const { file, recorded } = await givenClosedStore();
    const forged = { ...recorded[1], data: { text: 'بند ۶۵' } };
    tamper(file, `UPDATE events SET data = ?, hash = ? WHERE position = 2`, JSON.stringify(forged.data), hashEvent(forged));
    expect(firstChainBreak(await readAllOf(file))).toEqual({ position: '3', reason: 'previous-hash-mismatch' });
  });

  it('is caught where an event was deleted', async () => {
    const { file } = await givenClosedStore();
    tamper(file, `DELETE FROM events WHERE position = 2`);
    expect(firstChainBreak(await readAllOf(file))).toEqual({ position: '3', reason: 'previous-hash-mismatch' });
  });
});
