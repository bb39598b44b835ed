import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { entityIdOf } from '../../core/streams';
import type { EventStore, RecordedEvent } from '../../eventstore/event-store';
import { csvRecord, csvRow, CSV_COLUMNS } from './csv';

export { CSV_COLUMNS } from './csv';

export const EXPORT_FORMATS = ['ndjson', 'csv'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export interface ExportFilter {
  /** Recorded at or after this time. */
  from?: Date;
  /** Recorded at or before this time. */
  to?: Date;
  /** One entity's events: its id (or its full stream id). */
  entity?: string;
  /** Happened (business time, `occurredAt`) at or after this time, whenever recorded. */
  occurredFrom?: Date;
  /** Happened at or before this time. */
  occurredTo?: Date;
}

/** The store the events came from: it fixes how their hashes were taken (see `hashRuleOf`). */
export type ExportedStore = EventStore['name'];

/** What an export reads from: a store's log, and its name for the hash rule its events follow. */
export type ExportSource = Pick<EventStore, 'name' | 'head' | 'readAll'>;

export interface ExportSummary {
  format: ExportFormat;
  store: ExportedStore;
  events: number;
  firstPosition: string | null;
  lastPosition: string | null;
  /** The hash of the last exported event: `verify --head` takes it. */
  lastHash: string | null;
  /** The log's head when the export began: the export stops there, whatever is appended meanwhile. */
  logHead: { position: string; hash: string } | null;
  /** Filtered exports can be checked event by event, but not link by link from the genesis. */
  filtered: boolean;
}

export type ExportProgress = (done: { position: string; events: number }) => void;

const BATCH = 2_000;

/**
 * The envelope exactly as stored, one per line (every field the hash covers, so the chain can be
 * recomputed), plus `store`: which store it came from, hence which hash rule it follows. It is on
 * every line rather than in a header so that line N is still event N and any slice of the file
 * still says how to check itself. Exports written before it have no `store`: `verify --store`.
 */
export const exportedEnvelope = (event: RecordedEvent, store: ExportedStore): RecordedEvent & { store: ExportedStore } => ({ ...event, store });

const ndjsonLine = (event: RecordedEvent, store: ExportedStore): string => `${JSON.stringify(exportedEnvelope(event, store))}\n`;

const write = async (out: Writable, text: string): Promise<void> => {
  if (!out.write(text)) await once(out, 'drain');
};

/** The position just before `from`: the export reads strictly after it. */
const cursorBefore = async (store: ExportSource, from: Date): Promise<string | undefined> => {
  const justBefore = new Date(from.getTime() - 1).toISOString();
  const [event] = await store.readAll({ untilRecordedAt: justBefore, direction: 'backwards', maxCount: 1 });
  return event?.position;
};

/**
 * Writes the log's events (all, or those the filter keeps) in global order. `from`/`to` filter on
 * the recorded time, which never decreases along the log, so such a range is one contiguous run;
 * `occurredFrom`/`occurredTo` on the business time, which may pick events anywhere in it.
 */
export const exportEvents = async (
  store: ExportSource,
  format: ExportFormat,
  filter: ExportFilter,
  out: Writable,
  onProgress?: ExportProgress,
): Promise<ExportSummary> => {
  const logHead = await store.head();
  const summary: ExportSummary = {
    format,
    store: store.name,
    events: 0,
    firstPosition: null,
    lastPosition: null,
    lastHash: null,
    logHead,
    filtered: Boolean(filter.from || filter.to || filter.entity || filter.occurredFrom || filter.occurredTo),
  };
  if (format === 'csv') await write(out, csvRecord(CSV_COLUMNS));
  if (!logHead) return summary;
  const occurredFrom = filter.occurredFrom?.toISOString();
  const occurredTo = filter.occurredTo?.toISOString();
  // Business times come in any order along the log: they are tested event by event.
  const keep = (event: RecordedEvent) =>
    (filter.entity === undefined || event.streamId === filter.entity || entityIdOf(event.streamId) === filter.entity) &&
    (occurredFrom === undefined || event.metadata.occurredAt >= occurredFrom) &&
    (occurredTo === undefined || event.metadata.occurredAt <= occurredTo);
  const toLine = format === 'csv' ? csvRow : ndjsonLine;
  let fromPosition = filter.from ? await cursorBefore(store, filter.from) : undefined;
  for (;;) {
    const events = await store.readAll({
      fromPosition,
      maxCount: BATCH,
      untilPosition: logHead.position,
      untilRecordedAt: filter.to?.toISOString(),
    });
    if (events.length === 0) break;
    let chunk = '';
    for (const event of events) {
      if (!keep(event)) continue;
      chunk += toLine(event, store.name);
      summary.events++;
      summary.firstPosition ??= event.position;
      summary.lastPosition = event.position;
      summary.lastHash = event.hash;
    }
    if (chunk) await write(out, chunk);
    fromPosition = events[events.length - 1].position;
    onProgress?.({ position: fromPosition, events: summary.events });
    if (events.length < BATCH) break;
  }
  return summary;
};
