import type { Clock } from '../../core/clock';
import type { IdempotencyLookup, RecordedEvent } from '../event-store';

/** What an idempotency key remembers: the stream and the positions of the append it was first used for. */
export interface IdempotentAppendRecord {
  streamId: string;
  firstPosition: number;
  lastPosition: number;
}

/** The whole store: the log in global order (position n at index n - 1) and its indexes. */
export interface MemoryLog {
  readonly events: RecordedEvent[];
  readonly streams: Map<string, RecordedEvent[]>;
  readonly eventIds: Set<string>;
  readonly idempotentAppends: Map<string, IdempotentAppendRecord>;
  readonly appendListeners: Set<() => void>;
  readonly clock: Clock;
}

export const createMemoryLog = (clock: Clock): MemoryLog => ({
  events: [],
  streams: new Map(),
  eventIds: new Set(),
  idempotentAppends: new Map(),
  appendListeners: new Set(),
  clock,
});

export const idempotencyKeyOf = ({ actorId, idempotencyKey }: IdempotencyLookup): string =>
  JSON.stringify([actorId, idempotencyKey]);

/** Callers get copies: nothing they do to a returned event can change the log or break its hashes. */
export const copyOut = (events: RecordedEvent[]): RecordedEvent[] => structuredClone(events);
