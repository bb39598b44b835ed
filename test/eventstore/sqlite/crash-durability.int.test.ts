import { spawn } from 'node:child_process';
import { join, resolve } from 'node:path';
import { openSqliteEventStore, type SqliteSynchronous } from '../../../src/eventstore/sqlite';
import type { RecordedEvent } from '../../../src/eventstore/event-store';
import { useTempDir } from '../temp-event-log';
import { firstChainBreak } from './store-fixtures';

const REGISTER_TS = resolve(__dirname, '../../support/register-ts.js');
const WRITER = join(__dirname, 'fixtures', 'append-until-killed.ts');

interface Ack {
  position: string;
  eventId: string;
  streamId: string;
  revision: number;
  idempotencyKey: string;
}

/**
 * Starts the writer on `file` and SIGKILLs it once it has acknowledged `killAfter` events: the
 * writer is then in the middle of its next append. Resolves with every acknowledgement it printed.
 */
const runWriterUntilKilled = (file: string, synchronous: SqliteSynchronous, killAfter: number): Promise<Ack[]> =>
  new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, ['-r', REGISTER_TS, WRITER, file, synchronous], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const acks: Ack[] = [];
    let pending = '';
    let stderr = '';
    let killed = false;
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      pending += chunk;
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) {
        const [word, position, eventId, streamId, revision, idempotencyKey] = line.split(' ');
        if (word === 'ack') acks.push({ position, eventId, streamId, revision: Number(revision), idempotencyKey });
      }
      if (!killed && acks.length >= killAfter) {
        killed = true;
        child.kill('SIGKILL');
      }
    });
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (signal === 'SIGKILL' && killed) resolvePromise(acks);
      else reject(new Error(`writer ended by itself (code ${code}, signal ${signal}) after ${acks.length} acks:\n${stderr}`));
    });
  });

const expectGapless = (numbers: number[]) => expect(numbers).toEqual(numbers.map((_, index) => index));

const tempDir = useTempDir('daftar-crash-');

describe('SQLite event store under SIGKILL', () => {
  it('keeps every acknowledged event exactly once, with gapless revisions and an intact chain, crash after crash', async () => {
    const file = tempDir.path('crash.sqlite');
    const acknowledged: Ack[] = [];
    const cycles: SqliteSynchronous[] = ['NORMAL', 'FULL', 'NORMAL', 'FULL'];

    for (const [cycle, synchronous] of cycles.entries()) {
      acknowledged.push(...(await runWriterUntilKilled(file, synchronous, 40 + cycle * 37)));

      const store = await openSqliteEventStore({ file });
      try {
        const log = await store.readAll();
        const byId = new Map<string, RecordedEvent[]>();
        for (const event of log) byId.set(event.eventId, [...(byId.get(event.eventId) ?? []), event]);

        for (const ack of acknowledged) {
          const stored = byId.get(ack.eventId) ?? [];
          expect(stored).toHaveLength(1);
          expect(stored[0]).toMatchObject({ position: ack.position, streamId: ack.streamId, revision: ack.revision });
        }
        expect(byId.size).toBe(log.length);
        expectGapless(log.map((event) => Number(event.position) - 1));
        for (const streamId of new Set(log.map((event) => event.streamId)))
          expectGapless((await store.readStream(streamId)).map((event) => event.revision));
        expect(firstChainBreak(log)).toBeNull();

        for (const idempotencyKey of new Set(acknowledged.slice(-20).map((ack) => ack.idempotencyKey)))
          expect(await store.findIdempotentAppend({ actorId: 'crash-writer', idempotencyKey })).not.toBeNull();
      } finally {
        await store.close();
      }
    }
    expect(acknowledged.length).toBeGreaterThanOrEqual(40 + 77 + 114 + 151);
  }, 180_000);
});
