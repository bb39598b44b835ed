import Database from 'better-sqlite3';
import { openSqliteEventStore } from '../../src/eventstore/sqlite';
import type { EventStore, NewEvent } from '../../src/eventstore/event-store';
import { ledgerHead, verifyLedger } from '../../src/audit/integrity';
import { useTempDir } from '../eventstore/temp-event-log';
import { dropAppendOnlyTriggers } from '../support/raw-sqlite';

const clerk = { id: 'clerk-1', name: 'منشی یکم', role: 'CLERK' as const };
const event = (type: string, data: Record<string, unknown>): NewEvent => ({
  type,
  data,
  metadata: { occurredAt: '2025-03-21T08:30:00.000Z', actor: clerk },
});

const SAMPLE_SIZE = 10;
// Small batches, so that breaks at and across batch edges are found too.
const BATCH = 3;

/** Ten events over three streams, positions 1..10. */
const appendSample = async (store: EventStore) => {
  for (let i = 1; i <= SAMPLE_SIZE; i++)
    await store.appendToStream(`organization-o${i % 3}`, [event(i === 1 ? 'OrganizationRegistered' : 'OrganizationRenamed', { name: `استان ${i}` })]);
};

/** Changes the file behind the store's back, as someone with write access to the disk could. */
const tamper = (file: string, work: (db: Database.Database) => void) => {
  const db = new Database(file);
  try {
    dropAppendOnlyTriggers(db);
    db.transaction(() => work(db))();
  } finally {
    db.close();
  }
};

describe('verifying the hash chain of a real SQLite log', () => {
  const dir = useTempDir('daftar-integrity-');
  let fileNumber = 0;

  /** A fresh log file with the sample, closed so that it can be tampered with; reopen with `open`. */
  const sampleLog = async () => {
    const file = dir.path(`events-${++fileNumber}.sqlite`);
    const store = await openSqliteEventStore({ file });
    await appendSample(store);
    const head = (await ledgerHead(store))!;
    await store.close();
    return { file, head, open: () => openSqliteEventStore({ file }) };
  };

  const verify = async (file: string, expectedHead?: { position: string; hash: string }) => {
    const store = await openSqliteEventStore({ file });
    try {
      return await verifyLedger(store, { expectedHead, batchSize: BATCH });
    } finally {
      await store.close();
    }
  };

  it('finds an untouched log whole, up to its head, and finds the kept head in it', async () => {
    const { file, head } = await sampleLog();
    expect(await verify(file, head)).toEqual({
      ok: true,
      checkedEvents: SAMPLE_SIZE,
      firstBrokenPosition: null,
      headPosition: String(SAMPLE_SIZE),
      headHash: head.hash,
      reason: null,
      expectedHeadFound: true,
    });
  });

  it('accepts a kept head the log has since grown past', async () => {
    const { open } = await sampleLog();
    const store = await open();
    const kept = (await ledgerHead(store))!;
    await store.appendToStream('organization-o9', [event('OrganizationRegistered', { name: 'سفارت' })]);
    const report = await verifyLedger(store, { expectedHead: kept, batchSize: BATCH });
    await store.close();
    expect(report).toMatchObject({ ok: true, checkedEvents: SAMPLE_SIZE + 1, expectedHeadFound: true, headPosition: String(SAMPLE_SIZE + 1) });
  });

  it('reports one changed byte of an event’s data at that event', async () => {
    const { file } = await sampleLog();
    tamper(file, (db) => {
      const { data } = db.prepare('SELECT data FROM events WHERE position = 5').get() as { data: string };
      expect(data).toContain('استان 5');
      db.prepare('UPDATE events SET data = ? WHERE position = 5').run(data.replace('استان 5', 'استان 6'));
    });
    const report = await verify(file);
    expect(report).toMatchObject({ ok: false, firstBrokenPosition: '5', checkedEvents: 5, headPosition: '4' });
    expect(report.reason).toMatch(/position 5 was altered/);
  });

  it('reports a deleted event at the event that followed it', async () => {
    const { file } = await sampleLog();
    tamper(file, (db) => db.prepare('DELETE FROM events WHERE position = 4').run());
    const report = await verify(file);
    expect(report).toMatchObject({ ok: false, firstBrokenPosition: '5', headPosition: '3' });
    expect(report.reason).toMatch(/position 5 does not link to the event before it/);
  });

  it('reports two swapped events at the first of the two positions', async () => {
    const { file } = await sampleLog();
    tamper(file, (db) => {
      const columns = 'event_id, stream_id, revision, type, schema_version, data, metadata, recorded_at, actor_id, entity_type, entity_id, hash, previous_hash';
      const read = (position: number) => db.prepare(`SELECT ${columns} FROM events WHERE position = ?`).get(position) as Record<string, unknown>;
      const [six, seven] = [read(6), read(7)];
      const write = (position: number, row: Record<string, unknown>) =>
        db.prepare(`UPDATE events SET ${columns.split(', ').map((column) => `${column} = @${column}`).join(', ')} WHERE position = @position`).run({ ...row, position });
      // Out of the way first: event ids and (stream, revision) are unique.
      db.prepare(`UPDATE events SET event_id = 'moving', revision = -1 WHERE position = 6`).run();
      write(7, six);
      write(6, seven);
    });
    const report = await verify(file);
    expect(report).toMatchObject({ ok: false, firstBrokenPosition: '6', headPosition: '5' });
  });

  it('finds a cut tail whole on its own, and reports it against the head kept before the cut', async () => {
    const { file, head } = await sampleLog();
    tamper(file, (db) => db.prepare('DELETE FROM events WHERE position > 7').run());
    // The chain that is left is intact: only a head kept outside the log can show what is missing.
    expect(await verify(file)).toMatchObject({ ok: true, checkedEvents: 7 });
    const report = await verify(file, head);
    expect(report).toMatchObject({
      ok: false,
      firstBrokenPosition: String(SAMPLE_SIZE),
      headPosition: '7',
      expectedHeadFound: false,
    });
    expect(report.reason).toMatch(/ends at position 7, before the kept head at position 10/);
  });

  it('reports a tail cut and written again at the kept head, whose hash no longer matches', async () => {
    const { file, head, open } = await sampleLog();
    tamper(file, (db) => db.prepare('DELETE FROM events WHERE position > 8').run());
    const store = await open();
    await store.appendToStream('organization-o1', [event('OrganizationRenamed', { name: 'دیگر' })]);
    await store.appendToStream('organization-o2', [event('OrganizationRenamed', { name: 'دیگر' })]);
    expect((await ledgerHead(store))!.position).toBe(head.position);
    await store.close();
    expect(await verify(file)).toMatchObject({ ok: true });
    const report = await verify(file, head);
    expect(report).toMatchObject({ ok: false, firstBrokenPosition: head.position, expectedHeadFound: false });
    expect(report.reason).toMatch(/another hash than the one kept/);
  });

  it('reports a kept head that was cut out of the middle at its own position', async () => {
    const { file, open } = await sampleLog();
    const store = await open();
    const kept = (await store.readAll({ fromPosition: '5', maxCount: 1 }))[0];
    await store.close();
    tamper(file, (db) => db.prepare('DELETE FROM events WHERE position = 6').run());
    const report = await verify(file, { position: kept.position, hash: kept.hash });
    expect(report).toMatchObject({ ok: false, firstBrokenPosition: '6', expectedHeadFound: false });
  });
});
