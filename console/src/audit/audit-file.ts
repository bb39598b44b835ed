/**
 * The audit log of what the console shows, written as `npm run export` writes it, so that
 * `npm run verify` checks a downloaded file as it checks an export: NDJSON is one stored envelope
 * (EventRecord.envelope, with `store`) a line; CSV has the export's columns, in its order, under
 * its quoting (RFC 4180, CRLF): the columns, the row and the rule all from the server's own pure module.
 */
import { csvRecord, csvRow, CSV_COLUMNS, type CsvEvent } from '../../../src/audit/exports/csv';

/** EventRecord.envelope: the event exactly as stored (its metadata whole), plus the store it came from. */
export type StoredEnvelope = CsvEvent & { metadata: CsvEvent['metadata'] & Record<string, unknown>; store: string };

export type AuditFileFormat = 'ndjson' | 'csv';

/** The file's text: the envelopes in the order given (the log's order, oldest first, as the export writes). */
export const auditFileText = (format: AuditFileFormat, envelopes: readonly StoredEnvelope[]): string =>
  format === 'csv' ? csvRecord(CSV_COLUMNS) + envelopes.map((envelope) => csvRow(envelope, envelope.store)).join('') : envelopes.map((envelope) => `${JSON.stringify(envelope)}\n`).join('');
