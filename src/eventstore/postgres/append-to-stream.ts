import { DatabaseError, type PoolClient } from 'pg';
import type { Clock } from '../../core/clock';
import type { AppendOptions, AppendResult, ExpectedRevision, IdempotencyLookup, NewEvent, RecordedEvent } from '../event-store';
import { idempotencyOfAppend } from '../append-idempotency';
import { ConcurrencyConflict } from '../../core/errors';
import { assertExpectedRevision } from '../expected-revision';
import { GENESIS_HASH } from '../hash-chain';
import { prepareAppend, sealAppend, type EventJson, type PreparedEvent } from '../record-events';
import { nextRecordedAt } from '../recorded-at';
import { SerialQueue } from '../serial-queue';
import { appendedRowsOf, entityColumnsOf, EVENT_COLUMNS, eventFromRow, type EventRow } from './event-row';
import { readHead, type HeadRow } from './head';
import { streamRevision } from './read-stream';
import type { PostgresLog } from './postgres-log';
import type { Queryable } from './queryable';
import { DEFAULT_POOL_SIZE } from './open-pool';
import { callForText, type NamedStatement } from './text-call';
import { transactionOn } from './transaction';

/** The log as an attempt assumes it: the head to chain to and the stream's revision. */
interface AssumedLog {
  head: HeadRow | null;
  revision: number | null;
}

type Attempt =
  | { outcome: 'appended'; events: RecordedEvent[] }
  | { outcome: 'replay'; firstPosition: string; lastPosition: string }
  | { outcome: 'moved'; found: AssumedLog };

/** The events of an append, prepared, with their data and metadata as the JSON text to store. */
interface Prepared {
  events: PreparedEvent[];
  texts: EventJson[];
}

/** How an append ended: its events stored, or those of the earlier append its idempotency key names. */
type Settled = Exclude<Attempt, { outcome: 'moved' }>;

interface AppendFunctionRow {
  outcome: Attempt['outcome'];
  head_position: string | null;
  head_hash: string | null;
  head_recorded_at: string | null;
  stream_revision: number | null;
  replay_first: string | null;
  replay_last: string | null;
}

// Prepared once per connection: parsing and planning the call each time cost a quarter of it.
const APPEND = {
  name: 'daftar-append',
  text: `SELECT outcome, head_position, head_hash, head_recorded_at, stream_revision, replay_first, replay_last
           FROM daftar_append($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
};
// The one-event append (schema version 3): the event as plain parameters, one text as the answer.
const APPEND_ONE: NamedStatement = {
  name: 'daftar-append-one',
  text: 'SELECT daftar_append_one($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)',
};
const IDEMPOTENT_APPEND = 'SELECT first_position, last_position FROM idempotent_appends WHERE actor_id = $1 AND idempotency_key = $2';
const EVENTS_BETWEEN = `SELECT ${EVENT_COLUMNS} FROM events WHERE position BETWEEN $1 AND $2 ORDER BY position`;

/**
 * Appends through the database functions `daftar_append_one` (one event, nearly every append) and
 * `daftar_append` (several; schema.ts): the events are sealed against the head and stream revision
 * this process believes in, and the function, under the append lock, inserts them only if that
 * belief holds.
 *
 * The appends of this process go one at a time (a queue), so after the first the head it knows is
 * the one its own last append left, and each append is one round trip. When another process has
 * appended since, the function says so ('moved') and returns what it found; the append is then
 * sealed again and made inside a transaction, where the function's lock stays held between its
 * calls: a second call there cannot find the log moved again.
 */
export const createAppendToStream = (log: PostgresLog) => {
  const queue = new SerialQueue();
  /** The head after this process's last append; undefined when not known (at first, and after a fault). */
  let knownHead: HeadRow | null | undefined;

  /**
   * The connection every step of an append goes through, held out of the pool between appends: the
   * queue lets one append run at a time, and a checkout from the pool per append cost more than the
   * driver's handling of the call itself. An error that may have left it broken (anything but a
   * conflict or an error the server reported) gives it back to the pool to be destroyed, and the
   * next append checks out another; closing the store gives it back. With a pool of one connection
   * it is given back after each append, so that reads are not shut out.
   */
  let held: PoolClient | undefined;
  const holdsBetweenAppends = (log.pool.options.max ?? DEFAULT_POOL_SIZE) > 1;
  // A connection that fails between appends (the server restarted) says so here: without a
  // listener, the error would end the process.
  const onFault = (error: Error): void => {
    log.logger?.warn({ err: error }, 'the PostgreSQL connection of the appends failed: the next append opens another');
    letGo(held, error);
  };
  const connection = async (): Promise<PoolClient> => {
    if (held) return held;
    const client = await log.pool.connect();
    client.on('error', onFault);
    held = client;
    return client;
  };
  const letGo = (client: PoolClient | undefined, fault?: Error): void => {
    if (!client || held !== client) return;
    held = undefined;
    client.removeListener('error', onFault);
    client.release(fault);
  };

  const attempt = async (
    db: Queryable,
    streamId: string,
    prepared: Prepared,
    idempotency: IdempotencyLookup | null,
    now: Clock,
    assumed: AssumedLog,
  ): Promise<Attempt> => {
    const events = sealAppend(prepared.events, {
      streamId,
      firstRevision: (assumed.revision ?? -1) + 1,
      firstPosition: Number(assumed.head?.position ?? 0) + 1,
      recordedAt: nextRecordedAt(now, assumed.head?.recorded_at ?? null),
      previousHash: assumed.head?.hash ?? GENESIS_HASH,
    });
    const { entityType, entityId } = entityColumnsOf(streamId);
    if (events.length === 1) return attemptOne(db, events[0], prepared.texts[0], entityType, entityId, assumed, idempotency);
    const {
      rows: [row],
    } = await db.query<AppendFunctionRow>({
      ...APPEND,
      values: [
        streamId,
        events[0].revision,
        assumed.head?.position ?? '0',
        events[0].previousHash,
        events[0].recordedAt,
        entityType,
        entityId,
        appendedRowsOf(events),
        idempotency?.actorId ?? null,
        idempotency?.idempotencyKey ?? null,
      ],
    });
    switch (row.outcome) {
      case 'appended':
        return { outcome: 'appended', events };
      case 'replay':
        return { outcome: 'replay', firstPosition: row.replay_first!, lastPosition: row.replay_last! };
      case 'moved': {
        const head = row.head_position === null ? null : { position: row.head_position, hash: row.head_hash!, recorded_at: row.head_recorded_at! };
        return { outcome: 'moved', found: { head, revision: row.stream_revision } };
      }
      default:
        throw new Error(`daftar_append answered ${JSON.stringify(row)}`);
    }
  };

  const attemptOne = async (
    db: Queryable,
    event: RecordedEvent,
    json: EventJson,
    entityType: string,
    entityId: string,
    assumed: AssumedLog,
    idempotency: IdempotencyLookup | null,
  ): Promise<Attempt> => {
    const answer = await callForText(db, APPEND_ONE, [
      event.streamId,
      String(event.revision),
      assumed.head?.position ?? '0',
      event.previousHash,
      event.recordedAt,
      entityType,
      entityId,
      event.eventId,
      event.type,
      String(event.schemaVersion),
      json.data,
      json.metadata,
      event.metadata.actor.id,
      event.hash,
      idempotency?.actorId ?? null,
      idempotency?.idempotencyKey ?? null,
    ]);
    if (answer === 'appended') return { outcome: 'appended', events: [event] };
    if (answer === null) throw new Error('daftar_append_one answered nothing');
    const other = JSON.parse(answer) as
      | { outcome: 'replay'; first: string; last: string }
      | { outcome: 'moved'; position: string | null; hash: string | null; recorded_at: string | null; revision: number | null };
    if (other.outcome === 'replay') return { outcome: 'replay', firstPosition: other.first, lastPosition: other.last };
    if (other.outcome === 'moved') {
      const head = other.position === null ? null : { position: other.position, hash: other.hash!, recorded_at: other.recorded_at! };
      return { outcome: 'moved', found: { head, revision: other.revision } };
    }
    throw new Error(`daftar_append_one answered ${answer}`);
  };

  /**
   * The stream revision the first attempt is sealed for, one the expectation accepts (the function
   * inserts only if it is the stream's real one): an exact expectation is the revision the caller
   * read, NO_STREAM and ANY are tried as a new stream, and STREAM_EXISTS needs the stream's revision
   * read first (its absence is a conflict as of that read), as does an expectation no stream can
   * meet (a negative revision), which is a conflict whatever the stream holds.
   */
  const assumedRevision = async (db: Queryable, streamId: string, expected: ExpectedRevision): Promise<number | null> => {
    if (typeof expected === 'number' && Number.isSafeInteger(expected) && expected >= 0) return expected;
    if (expected === 'NO_STREAM' || expected === 'ANY') return null;
    const revision = await streamRevision(db, streamId);
    assertExpectedRevision(streamId, expected, revision);
    return revision;
  };

  const earlierAppendOf = async (db: Queryable, { actorId, idempotencyKey }: IdempotencyLookup): Promise<Settled | null> => {
    const { rows } = await db.query<{ first_position: string; last_position: string }>(IDEMPOTENT_APPEND, [actorId, idempotencyKey]);
    return rows[0] ? { outcome: 'replay', firstPosition: rows[0].first_position, lastPosition: rows[0].last_position } : null;
  };

  const append = async (
    streamId: string,
    prepared: Prepared,
    idempotency: IdempotencyLookup | null,
    expected: ExpectedRevision,
  ): Promise<Settled> => {
    const db = await connection();
    if (knownHead === undefined) knownHead = await readHead(db);
    // The clock is read once per append, however many attempts it takes, as in the other stores.
    const reading = log.clock.now();
    const now: Clock = { now: () => reading };
    let revision: number | null;
    try {
      revision = await assumedRevision(db, streamId, expected);
    } catch (conflict) {
      // The key's first use wins over any expectation, as in the other stores.
      const earlier = idempotency && (await earlierAppendOf(db, idempotency));
      if (earlier) return earlier;
      throw conflict;
    }
    const first = await attempt(db, streamId, prepared, idempotency, now, { head: knownHead, revision });
    if (first.outcome !== 'moved') return first;
    // What the function found was true when it ran: an expectation it refutes is a conflict now.
    knownHead = first.found.head;
    assertExpectedRevision(streamId, expected, first.found.revision);
    return transactionOn(db, 'BEGIN', async () => {
      const second = await attempt(db, streamId, prepared, idempotency, now, first.found);
      if (second.outcome !== 'moved') return second;
      // Another process appended in between. This transaction holds the lock now: what the
      // function found stays so until it commits.
      assertExpectedRevision(streamId, expected, second.found.revision);
      const third = await attempt(db, streamId, prepared, idempotency, now, second.found);
      if (third.outcome === 'moved') throw new Error(`the event log moved while the append to ${streamId} held the append lock`);
      return third;
    }, (broken) => letGo(db, broken));
  };

  const appendToStream = async (streamId: string, newEvents: NewEvent[], options: AppendOptions = {}): Promise<AppendResult> => {
    const texts: EventJson[] = [];
    const prepared = { events: prepareAppend(streamId, newEvents, texts), texts };
    const idempotency = idempotencyOfAppend(newEvents);
    const expected = options.expectedRevision ?? 'ANY';
    const result = await queue.run(async () => {
      try {
        const done = await append(streamId, prepared, idempotency, expected);
        if (done.outcome === 'appended') {
          // Inside the queue: the next append starts from it.
          const last = done.events[done.events.length - 1];
          knownHead = { position: last.position, hash: last.hash, recorded_at: last.recordedAt };
        }
        if (!holdsBetweenAppends) letGo(held);
        return done;
      } catch (error) {
        // A lost connection may have lost the answer of a commit: the head must be read again.
        knownHead = undefined;
        if (!holdsBetweenAppends || !leavesConnectionUsable(error)) letGo(held, error instanceof Error ? error : new Error(String(error)));
        throw explainConstraint(streamId, error);
      }
    });
    if (result.outcome === 'replay') {
      const { rows } = await log.pool.query<EventRow>(EVENTS_BETWEEN, [result.firstPosition, result.lastPosition]);
      const events = rows.map(eventFromRow);
      const last = events[events.length - 1];
      return { nextExpectedRevision: last.revision, position: last.position, events, idempotentReplay: true };
    }
    const { events } = result;
    const last = events[events.length - 1];
    for (const wake of log.appendListeners) wake();
    return { nextExpectedRevision: last.revision, position: last.position, events, idempotentReplay: false };
  };

  /** Waits for the queued appends, then gives the held connection back to the pool. */
  const close = async (): Promise<void> => {
    await queue.drained();
    letGo(held);
  };

  return { append: appendToStream, close };
};

/**
 * A conflict found by the store, or an error the server reported for the statement (its
 * transaction rolled back, the session still open): the connection can serve the next append.
 * Anything else (a lost or ended connection, a fault in the driver) may have broken it.
 */
const leavesConnectionUsable = (error: unknown): boolean =>
  error instanceof ConcurrencyConflict || (error instanceof DatabaseError && error.severity === 'ERROR');

/** A unique index that fires names the rule the append broke. */
const explainConstraint = (streamId: string, error: unknown): unknown => {
  const { code, constraint } = (error ?? {}) as { code?: unknown; constraint?: unknown };
  if (code === '23505' && constraint === 'events_event_id_unique')
    return new Error(`the append to ${streamId} repeats an event id that is already recorded`, { cause: error });
  return error;
};
