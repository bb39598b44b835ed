import { newEventId } from '../core/ids';
import type { EventMetadata, NewEvent, RecordedEvent } from './event-store';
import { hashEvent } from './hash-chain';

/** Where an append lands: the facts a store knows only inside its write transaction. */
export interface AppendSlot {
  streamId: string;
  firstRevision: number;
  firstPosition: number;
  recordedAt: string;
  previousHash: string;
}

/** An event as it will be stored: JSON-normalised, with its id and schema version settled. */
export interface PreparedEvent {
  eventId: string;
  type: string;
  data: unknown;
  schemaVersion: number;
  metadata: EventMetadata;
}

/** An event's data and metadata as JSON text: what `JSON.stringify` gives for the prepared values. */
export interface EventJson {
  data: string;
  metadata: string;
}

/**
 * Everything that can reject an append before the store is touched. Data and metadata go through
 * JSON once here, so the hash is taken over exactly what a later read gives back. A store that
 * writes the JSON text can pass `texts` to receive it, one entry per event, rather than stringify
 * the prepared values again (the text of a value parsed from `JSON.stringify`'s output is that output).
 */
export const prepareAppend = (streamId: string, events: readonly NewEvent[], texts?: EventJson[]): PreparedEvent[] => {
  if (typeof streamId !== 'string' || streamId.length === 0) throw new TypeError('a stream id must be a non-empty string');
  if (!Array.isArray(events) || events.length === 0) throw new TypeError(`an append to ${streamId} needs at least one event`);
  return events.map((event, index) => {
    // Written only for an error: building it for every event cost more than the checks.
    const where = () => `event ${index} of the append to ${streamId}`;
    if (typeof event.type !== 'string' || event.type.length === 0) throw new TypeError(`${where()} has no type`);
    if (typeof event.metadata?.actor?.id !== 'string' || event.metadata.actor.id.length === 0)
      throw new TypeError(`${where()} has no metadata.actor.id`);
    const schemaVersion = event.schemaVersion ?? 1;
    if (!Number.isInteger(schemaVersion) || schemaVersion < 1)
      throw new TypeError(`${where()} has schemaVersion ${schemaVersion}: a positive integer is required`);
    const data = jsonTextOf(event.data, () => `${where()}: data`);
    const metadata = jsonTextOf(event.metadata, () => `${where()}: metadata`);
    texts?.push({ data, metadata });
    return {
      eventId: event.eventId ?? newEventId(),
      type: event.type,
      data: JSON.parse(data),
      schemaVersion,
      metadata: JSON.parse(metadata) as EventMetadata,
    };
  });
};

const jsonTextOf = (value: unknown, what: () => string): string => {
  let text: string | undefined;
  try {
    text = JSON.stringify(value);
  } catch (error) {
    throw new TypeError(`${what()} cannot be stored as JSON`, { cause: error });
  }
  if (text === undefined) throw new TypeError(`${what()} cannot be stored as JSON`);
  return text;
};

/**
 * Numbers, times and chains the prepared events: each links to the hash of the one before it. Each
 * event is built once, its hash filled in last (a copy with the hash spread in cost a microsecond
 * per event, on the path every append waits for).
 */
export const sealAppend = (events: readonly PreparedEvent[], slot: AppendSlot): RecordedEvent[] => {
  let previousHash = slot.previousHash;
  return events.map((event, index) => {
    const sealed: RecordedEvent = {
      eventId: event.eventId,
      type: event.type,
      data: event.data,
      schemaVersion: event.schemaVersion,
      streamId: slot.streamId,
      revision: slot.firstRevision + index,
      position: String(slot.firstPosition + index),
      recordedAt: slot.recordedAt,
      metadata: event.metadata,
      previousHash,
      hash: '',
    };
    sealed.hash = hashEvent(sealed);
    previousHash = sealed.hash;
    return sealed;
  });
};
