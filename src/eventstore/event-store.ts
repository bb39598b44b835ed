import type { Actor } from '../core/event';

/** What an append expects of the stream before it: none yet, some, anything, or an exact revision. */
export type ExpectedRevision = 'NO_STREAM' | 'STREAM_EXISTS' | 'ANY' | number;

export interface EventMetadata {
  /** Business time, told by the clerk: when it happened or takes effect. */
  occurredAt: string;
  actor: Actor;
  reason?: string;
  correlationId?: string;
  causationId?: string;
  idempotencyKey?: string;
  /**
   * With `idempotencyKey`: what the request was (SHA-256 of the operation and its arguments), so a
   * later use of the key can be told apart as the same request or another one. Stores keep it as
   * they keep all metadata; events recorded before it existed have none.
   */
  idempotencyFingerprint?: string;
}

/** An event on its way into the store. `eventId` is made by the store when absent. */
export interface NewEvent<Type extends string = string, Data = unknown> {
  eventId?: string;
  type: Type;
  data: Data;
  schemaVersion?: number;
  metadata: EventMetadata;
}

/**
 * The envelope every stored event carries, identical across stores.
 * `revision` counts from 0 in each stream; `position` is a string because EventStoreDB
 * positions exceed 2^53; `recordedAt` is set by the store, never by the client.
 */
export interface RecordedEvent<Type extends string = string, Data = unknown> {
  eventId: string;
  type: Type;
  data: Data;
  schemaVersion: number;
  streamId: string;
  revision: number;
  position: string;
  recordedAt: string;
  metadata: EventMetadata;
  /** SHA-256 over the canonical JSON of this envelope (without `hash`), chained through `previousHash`. */
  hash: string;
  previousHash: string;
}

export interface AppendOptions {
  expectedRevision?: ExpectedRevision;
}

export interface AppendResult {
  /** The stream's revision after the append: the `expectedRevision` of the next one. */
  nextExpectedRevision: number;
  /** Global position of the last event appended. */
  position: string;
  events: RecordedEvent[];
  /** True when the idempotency key had been used by the same actor: nothing new was appended. */
  idempotentReplay: boolean;
}

/**
 * One stream's part in a multi-stream append: its events (none: the stream is only checked) and
 * the revision it must still be at.
 */
export interface StreamAppend {
  streamId: string;
  events: NewEvent[];
  expectedRevision: ExpectedRevision;
}

/** What became of a stream that was appended to alongside the first one (or only checked). */
export interface StreamAppended {
  streamId: string;
  /** The stream's revision after the append (null: a checked stream that has no events). */
  nextExpectedRevision: number | null;
  events: RecordedEvent[];
}

/**
 * The first stream's result, as `appendToStream` would give it (on an idempotent replay too, so a
 * caller cannot tell the two apart), and what the other streams received.
 */
export interface MultiStreamAppendResult extends AppendResult {
  /** The other streams, in the order given; empty on an idempotent replay. */
  others: StreamAppended[];
}

export type ReadDirection = 'forwards' | 'backwards';

/** Limits shared by every read: stop at a recorded time or a global position (both inclusive). */
export interface ReadLimits {
  direction?: ReadDirection;
  maxCount?: number;
  untilRecordedAt?: string;
  untilPosition?: string;
}

export interface ReadStreamOptions extends ReadLimits {
  fromRevision?: number;
}

export interface ReadAllOptions extends ReadLimits {
  /** Exclusive when reading forwards: events strictly after this position. */
  fromPosition?: string;
}

export interface SubscribeOptions {
  /** Deliver events strictly after this position; from the start when absent. */
  fromPosition?: string;
}

export type EventBatchHandler = (events: RecordedEvent[]) => Promise<void> | void;

export interface Subscription {
  /** Stops delivery; resolves once no handler call is running any more. */
  stop(): Promise<void>;
  /** Resolves when the subscription fails for good (a handler threw, the store closed). */
  readonly failed: Promise<Error>;
}

export interface IdempotencyLookup {
  actorId: string;
  idempotencyKey: string;
}

/** Which events the audit log lists; every condition given must hold. */
export interface AuditLogFilter {
  actorId?: string;
  /** A stream category (`organization` of `organization-42`). */
  entityType?: string;
  /** What follows the category in the stream id (`42` of `organization-42`). */
  entityId?: string;
  /** Any of these event types; an empty list matches nothing. */
  types?: readonly string[];
  /** Recorded at or after (ISO 8601, `toISOString()` form). */
  from?: string;
  /** Recorded at or before. */
  to?: string;
  /** Happened (business time, `metadata.occurredAt`) at or after; ISO 8601 in `toISOString()` form. */
  occurredFrom?: string;
  /** Happened at or before. */
  occurredTo?: string;
  /** Events strictly after this position. */
  fromPosition?: string;
}

/** Keyset paging over positions: `after`/`before` are positions of events, excluded. */
export interface AuditLogPage {
  first?: number;
  after?: string;
  last?: number;
  before?: string;
  /** The page size when neither `first` nor `last` is given. */
  defaultSize: number;
  /**
   * False when the caller will not read `totalCount` (a GraphQL selection without it): counting
   * a large filter is most of a page's cost, and it is then skipped. Counted unless false.
   */
  countTotal?: boolean;
}

export interface AuditLogResult {
  /** Oldest first, whichever end the page was read from. */
  events: RecordedEvent[];
  /** Events matching the filter, whatever the page; null when the page asked not to count them. */
  totalCount: number | null;
  hasNextPage: boolean;
  hasPreviousPage: boolean;
}

export interface EventStore {
  readonly name: 'sqlite' | 'memory' | 'esdb' | 'postgres';
  appendToStream(streamId: string, events: NewEvent[], options?: AppendOptions): Promise<AppendResult>;
  /**
   * Appends to several streams as one decision: every stream must stand at its expected revision,
   * else a `StreamRevisionConflict` names the first that does not and nothing is appended anywhere.
   * The first stream must bring events and is the one the idempotency key (of its events) records;
   * a stream given with no events is only checked. Streams are named once each. The first
   * stream's events come first in global order in SQLite and memory (one transaction).
   * EventStoreDB cannot write two streams atomically: see esdb/README.md for what it does instead.
   */
  appendToStreams(appends: readonly StreamAppend[]): Promise<MultiStreamAppendResult>;
  readStream(streamId: string, options?: ReadStreamOptions): Promise<RecordedEvent[]>;
  readAll(options?: ReadAllOptions): Promise<RecordedEvent[]>;
  /** The stream's last revision, or null when it has no event. */
  streamRevision(streamId: string): Promise<number | null>;
  /** Catch-up from a position, then live: no gap and no duplicate at the switch-over. */
  subscribeToAll(options: SubscribeOptions, handler: EventBatchHandler): Subscription;
  /** The result of an earlier append made with this actor's idempotency key, if any. */
  findIdempotentAppend(lookup: IdempotencyLookup): Promise<AppendResult | null>;
  /** The last event in global order, or null on an empty store. */
  head(): Promise<{ position: string; hash: string } | null>;
  /**
   * One page of the audit log, answered from the store's own indexes. Optional: a store without
   * secondary indexes over its log (EventStoreDB) leaves it out, and the read side keeps an
   * audit-log table of its own instead.
   */
  queryAuditLog?(filter: AuditLogFilter, page: AuditLogPage): Promise<AuditLogResult>;
  close(): Promise<void>;
}
