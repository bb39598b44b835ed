import { PassThrough } from 'node:stream';
import type { RecordedEvent } from '../../src/eventstore/event-store';
import { exportEvents, exportedEnvelope, type ExportSource } from '../../src/audit/exports/event-export';
import { auditFileText, type StoredEnvelope } from '../../console/src/audit/audit-file';

/** The console writes its downloads itself, in the browser: they must be the export's files, byte for byte. */
const EVENTS: RecordedEvent[] = [
  {
    eventId: 'e1',
    type: 'MeetingScheduled',
    data: { title: 'نشست "تبریز", یکم\nسطر دوم', n: 3 },
    schemaVersion: 1,
    streamId: 'meeting-11111111-1111-4111-8111-111111111111',
    revision: 0,
    position: '1',
    recordedAt: '2026-01-01T10:00:00.000Z',
    metadata: { occurredAt: '2025-12-31T10:00:00.000Z', actor: { id: 'clerk-1', name: 'منشی, یکم', role: 'CLERK' }, reason: 'قرار، "نشست"', correlationId: 'req-1' },
    hash: 'h1',
    previousHash: '0'.repeat(64),
  },
  {
    eventId: 'e2',
    type: 'OutcomeRecorded',
    data: { text: 'plain' },
    schemaVersion: 2,
    streamId: 'meeting-11111111-1111-4111-8111-111111111111',
    revision: 1,
    position: '2',
    recordedAt: '2026-01-01T10:01:00.000Z',
    metadata: { occurredAt: '2026-01-01T10:01:00.000Z', actor: { id: 'clerk-1', name: 'منشی', role: 'CLERK' }, causationId: 'c\r\n' },
    hash: 'h2',
    previousHash: 'h1',
  },
];

const exported = async (format: 'csv' | 'ndjson'): Promise<string> => {
  const source: ExportSource = {
    name: 'sqlite',
    head: async () => ({ position: '2', hash: 'h2' }),
    readAll: async (options) => (options?.fromPosition ? [] : EVENTS),
  } as ExportSource;
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (chunk: Buffer) => chunks.push(chunk));
  await exportEvents(source, format, {}, out);
  out.end();
  return Buffer.concat(chunks).toString('utf8');
};

/** As the browser holds them: EventRecord.envelope, through JSON. */
const envelopes = (): StoredEnvelope[] => EVENTS.map((event) => JSON.parse(JSON.stringify(exportedEnvelope(event, 'sqlite'))) as StoredEnvelope);

describe("the console's audit-log download", () => {
  it('writes the CSV npm run export writes, quoting and CRLF included', async () => {
    expect(auditFileText('csv', envelopes())).toBe(await exported('csv'));
  });

  it('writes the NDJSON npm run export writes: the stored envelope and its store, one a line', async () => {
    expect(auditFileText('ndjson', envelopes())).toBe(await exported('ndjson'));
  });
});
