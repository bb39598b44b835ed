/**
 * RFC 4180 fields: a field holding a comma, a double quote, CR or LF is enclosed in double
 * quotes with its quotes doubled; records end with CRLF. No CSV library is installed, and this
 * is the whole of the rule for writing (reading CSV is where the libraries earn their keep).
 */
export const csvField = (value: string): string => (/[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value);

export const csvRecord = (fields: readonly string[]): string => `${fields.map(csvField).join(',')}\r\n`;

/**
 * An event as a CSV export holds it: the stored envelope and the store it came from. Spelled out
 * here, not imported, because the console bundles this module for its downloads and must not
 * pull the store's types (and their Node imports) in with it.
 */
export interface CsvEvent {
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
  };
  hash: string;
  previousHash: string;
}

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

/** One event as a row under CSV_COLUMNS: what `npm run export --format csv` and the console's download both write. */
export const csvRow = (event: CsvEvent, store: string): string =>
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
    store,
  ]);
