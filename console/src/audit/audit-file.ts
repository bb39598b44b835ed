/**
 * The audit log of what the console shows, written as `npm run export` writes it, so that
 * `npm run verify` checks a downloaded file as it checks an export: NDJSON is one stored envelope
 * (EventRecord.envelope, with `store`) a line; CSV has the export's columns, in its order, under
 * its quoting (RFC 4180, CRLF), the rule imported from the server's own pure module.
 */
import { csvRecord } from '../../../src/audit/exports/csv';

/** As src/audit/exports/event-export.ts CSV_COLUMNS (the server's module reads the store, so it is not bundled): a unit test holds them equal. */
export const CSV_COLUMNS = [
  'position',
  'eventId',
  'streamId',
  'revision',
  'type',
  'schemaVersion',
  'recordedAt',
  'occurredAt',
  'actorId',
  'actorName',
  'actorRole',
  'reason',
  'correlationId',
  'causationId',
  'data',
  'metadata',
  'hash',
  'previousHash',
  'store',
] as const;

/** EventRecord.envelope: the event exactly as stored, plus the store it came from. */
export interface StoredEnvelope {
  eventId: string;
  type: string;
  schemaVersion: number;
  streamId: string;
  revision: number;
  position: string;
  recordedAt: string;
  data: unknown;
  metadata: {
    occurredAt: string;
    actor: { id: string; name: string; role: string };
    reason?: string | null;
    correlationId?: string | null;
    causationId?: string | null;
    [key: string]: unknown;
  };
  hash: string;
  previousHash: string;
  store: string;
}

export type AuditFileFormat = 'ndjson' | 'csv';

const csvRow = (event: StoredEnvelope): string =>
  csvRecord([
    event.position,
    event.eventId,
    event.streamId,
    String(event.revision),
    event.type,
    String(event.schemaVersion),
    event.recordedAt,
    event.metadata.occurredAt,
    event.metadata.actor.id,
    event.metadata.actor.name,
    event.metadata.actor.role,
    event.metadata.reason ?? '',
    event.metadata.correlationId ?? '',
    event.metadata.causationId ?? '',
    JSON.stringify(event.data),
    JSON.stringify(event.metadata),
    event.hash,
    event.previousHash,
    event.store,
  ]);

/** The file's text: the envelopes in the order given (the log's order, oldest first, as the export writes). */
export const auditFileText = (format: AuditFileFormat, envelopes: readonly StoredEnvelope[]): string =>
  format === 'csv' ? csvRecord(CSV_COLUMNS) + envelopes.map(csvRow).join('') : envelopes.map((envelope) => `${JSON.stringify(envelope)}\n`).join('');
