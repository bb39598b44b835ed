import type { Clock } from '../core/clock';
import type { Command, CommandMetadata, Decider } from '../core/decider';
import { fold } from '../core/decider';
import { ConcurrencyConflict, DomainError, IdempotencyKeyReused, invalidField } from '../core/errors';
import type { Actor, Event } from '../core/event';
import { newId } from '../core/ids';
import { KeyedLock } from '../core/keyed-lock';
import { currentSchemaVersion, upcast } from '../eventstore/upcasters';
import { entityIdOf } from '../core/streams';
import type { AppendResult, EventStore, NewEvent, RecordedEvent } from '../eventstore/event-store';
import { DecisionReads } from './decision-reads';
import { CrossStreamConflict, RACE_RETRIES, lostRaceOn, pauseAfterLostRace } from './lost-race';

/** What the caller knows of a command besides its data: who, why, when, and its concurrency and retry guards. */
export interface CommandOptions {
  actor: Actor;
  reason?: string;
  occurredAt?: Date | string;
  expectedVersion?: number;
  idempotencyKey?: string;
  /**
   * What the request is (its operation and arguments, hashed), recorded with the key: a later use of
   * the key with another fingerprint is refused, not answered with the first result.
   */
  idempotencyFingerprint?: string;
  correlationId?: string;
}

export interface CommandResult<State> {
  streamId: string;
  entityId: string;
  state: State;
  /** The events this command appended (or appended the first time, on an idempotent replay). */
  events: RecordedEvent[];
  position: string;
  version: number;
  idempotentReplay: boolean;
}

/** How far a clerk's clock may run ahead of ours before an `occurredAt` counts as "in the future". */
const CLOCK_SKEW_MS = 5_000;
/**
 * Without `expectedVersion`, a lost race on the command's own stream is decided again this often
 * (after a short random pause) before the conflict reaches the client. Within one process commands
 * on a stream take turns, so these races are with other processes: with several nodes writing one
 * meeting, five retries without a pause ran out for 2 of 50 concurrent writers.
 */
const CONFLICT_RETRIES = RACE_RETRIES;

/** A stream's state as this handler last folded it (deciders and folds are pure: it is never changed in place). */
interface FoldedStream {
  decider: unknown;
  state: unknown;
  version: number;
  position: string;
}

/** Streams whose folded state is kept, the most recently used first to stay. */
const FOLDED_STREAMS = 1_000;

export class CommandHandler {
  private readonly streams = new KeyedLock();
  private readonly folded = new Map<string, FoldedStream>();

  constructor(
    private readonly store: EventStore,
    private readonly clock: Clock,
    private readonly ids: () => string = newId,
  ) {}

  handle<State, C extends Command, E extends Event>(
    decider: Decider<State, C, E>,
    streamId: string,
    toCommand: CommandBuilder<C>,
    options: CommandOptions,
  ): Promise<CommandResult<State>> {
    return this.streams.run(streamId, () => this.decideAndAppend(decider, streamId, toCommand, options));
  }

  private async decideAndAppend<State, C extends Command, E extends Event>(
    decider: Decider<State, C, E>,
    streamId: string,
    toCommand: CommandBuilder<C>,
    options: CommandOptions,
  ): Promise<CommandResult<State>> {
    const earlier = await this.earlierAppendOf(options);
    if (earlier) return this.replayed(decider, earlier, options);
    try {
      return await this.decideUntilAppended(decider, streamId, toCommand, options);
    } catch (refusal) {
      // The same key sent to another process at the same moment may have been appended between the
      // look-up above and this decision, which then refused what that request did (a participant
      // already there, a version moved on). The key's first result is the answer, as on one process,
      // where commands on a stream take turns and the look-up finds it.
      if (refusal instanceof DomainError) {
        const appendedMeanwhile = await this.earlierAppendOf(options).catch(() => null);
        if (appendedMeanwhile) return this.replayed(decider, appendedMeanwhile, options);
      }
      throw refusal;
    }
  }

  /** The append an earlier request with the same actor and key made, if the command has a key and there was one. */
  private earlierAppendOf(options: CommandOptions): Promise<AppendResult | null> {
    if (!options.idempotencyKey) return Promise.resolve(null);
    return this.store.findIdempotentAppend({ actorId: options.actor.id, idempotencyKey: options.idempotencyKey });
  }

  private async decideUntilAppended<State, C extends Command, E extends Event>(
    decider: Decider<State, C, E>,
    streamId: string,
    toCommand: CommandBuilder<C>,
    options: CommandOptions,
  ): Promise<CommandResult<State>> {
    const now = this.clock.now();
    const occurredAt = this.occurredAt(options.occurredAt, now);

    for (let conflicts = 0, races = 0; ; ) {
      const { state, version: currentVersion, position: lastPosition } = await this.currentState(decider, streamId);
      if (options.expectedVersion !== undefined && options.expectedVersion !== currentVersion)
        throw new ConcurrencyConflict(streamId, options.expectedVersion, currentVersion);

      const reads = new DecisionReads(this.store);
      const command = await toCommand(
        { now: now.toISOString(), occurredAt, actor: options.actor, reason: options.reason, newId: this.ids },
        reads,
      );
      const events = decider.decide(command, state);
      if (events.length === 0) {
        return {
          streamId,
          entityId: entityIdOf(streamId),
          state,
          events: [],
          position: lastPosition ?? '0',
          version: currentVersion ?? -1,
          idempotentReplay: false,
        };
      }
      try {
        const appended = await this.append(
          streamId,
          events.map((event) => ({
            type: event.type,
            data: event.data,
            schemaVersion: currentSchemaVersion(event.type),
            metadata: {
              occurredAt,
              actor: options.actor,
              ...(options.reason !== undefined && { reason: options.reason }),
              ...(options.correlationId !== undefined && { correlationId: options.correlationId }),
              ...(options.idempotencyKey !== undefined && { idempotencyKey: options.idempotencyKey }),
              ...(options.idempotencyKey !== undefined &&
                options.idempotencyFingerprint !== undefined && { idempotencyFingerprint: options.idempotencyFingerprint }),
            },
          })),
          currentVersion ?? 'NO_STREAM',
          reads,
        );
        // The key was used by a request that won a race with this one: the store appended nothing.
        if (appended.idempotentReplay) return this.replayed(decider, appended, options);
        // Folded from the events as stored (JSON-normalised, upcast), exactly as a later read would.
        this.remember(streamId, {
          decider,
          state: fold(decider.evolve, state, appended.events.map(upcast).map(asDomainEvent) as E[]),
          version: appended.nextExpectedRevision,
          position: appended.position,
        });
        return {
          streamId,
          entityId: entityIdOf(streamId),
          state: fold(decider.evolve, state, events),
          events: appended.events,
          position: appended.position,
          version: appended.nextExpectedRevision,
          idempotentReplay: false,
        };
      } catch (error) {
        // A fact the decision read changed under it: decided again, whatever the client expects of its own stream.
        const lostRace = lostRaceOn(error, streamId);
        if (lostRace) {
          if (++races > RACE_RETRIES) throw new CrossStreamConflict(lostRace);
          await pauseAfterLostRace(races);
          continue;
        }
        const mayRetry = options.expectedVersion === undefined && conflicts++ < CONFLICT_RETRIES;
        // Every store's StreamRevisionConflict is a ConcurrencyConflict: the kernel's error is the one caught.
        if (error instanceof ConcurrencyConflict && mayRetry) {
          await pauseAfterLostRace(conflicts);
          continue;
        }
        throw error;
      }
    }
  }

  /**
   * The decision's events, alone on their stream when it read nothing else (the common case), or
   * with every stream it read, checked at the revision read, and its guards, in one append.
   */
  private async append(streamId: string, events: NewEvent[], expectedRevision: number | 'NO_STREAM', reads: DecisionReads) {
    // The key (and its fingerprint) records the request's own stream; guards are bookkeeping of it.
    const { idempotencyKey: _key, idempotencyFingerprint: _fingerprint, ...metadata } = events[0].metadata;
    const beside = await reads.appendsBeside(streamId, metadata);
    if (beside.length === 0) return this.store.appendToStream(streamId, events, { expectedRevision });
    return this.store.appendToStreams([{ streamId, events, expectedRevision }, ...beside]);
  }

  /**
   * The stream's state now: the state this handler last folded for it, brought forward by the
   * events appended since (by anyone, in any process: they are read from the store), or folded from
   * the first event. Streams are append-only, so a folded prefix stays true; the append still
   * names the revision the decision saw, so a writer that slipped in makes it conflict and retry.
   */
  private async currentState<State, C extends Command, E extends Event>(
    decider: Decider<State, C, E>,
    streamId: string,
  ): Promise<{ state: State; version: number | null; position: string | null }> {
    const known = this.folded.get(streamId);
    const base = known?.decider === decider ? known : undefined;
    const newer = (await this.store.readStream(streamId, base ? { fromRevision: base.version + 1 } : {})).map(upcast);
    const state = fold(decider.evolve, base ? (base.state as State) : decider.initialState(), newer.map(asDomainEvent) as E[]);
    const last = newer[newer.length - 1];
    if (last) this.remember(streamId, { decider, state, version: last.revision, position: last.position });
    return { state, version: last?.revision ?? base?.version ?? null, position: last?.position ?? base?.position ?? null };
  }

  private remember(streamId: string, folded: FoldedStream): void {
    this.folded.delete(streamId);
    this.folded.set(streamId, folded);
    if (this.folded.size > FOLDED_STREAMS) this.folded.delete(this.folded.keys().next().value!);
  }

  private occurredAt(requested: Date | string | undefined, now: Date): string {
    if (requested === undefined) return now.toISOString();
    const at = requested instanceof Date ? requested : new Date(requested);
    if (Number.isNaN(at.getTime())) throw invalidField('occurredAt', 'occurredAt is not a valid date-time');
    if (at.getTime() > now.getTime() + CLOCK_SKEW_MS)
      throw invalidField('occurredAt', 'occurredAt may not be in the future');
    return at.toISOString();
  }

  /**
   * The first result of an idempotency key, as it stood when it was appended: the state folded up to
   * its position, not as the stream reads now. A key first used for another request is refused; one
   * whose events carry no fingerprint (recorded before fingerprints were) is replayed unchecked.
   */
  private async replayed<State, C extends Command, E extends Event>(
    decider: Decider<State, C, E>,
    earlier: AppendResult,
    options: CommandOptions,
  ): Promise<CommandResult<State>> {
    const { events, position } = earlier;
    const recorded = events[0].metadata.idempotencyFingerprint;
    if (recorded !== undefined && options.idempotencyFingerprint !== undefined && recorded !== options.idempotencyFingerprint)
      throw new IdempotencyKeyReused(options.idempotencyKey!, position);
    const streamId = events[0].streamId;
    const upTo = (await this.store.readStream(streamId, { untilPosition: position })).map(upcast);
    return {
      streamId,
      entityId: entityIdOf(streamId),
      state: fold(decider.evolve, decider.initialState(), upTo.map(asDomainEvent) as E[]),
      events,
      position,
      version: earlier.nextExpectedRevision,
      idempotentReplay: true,
    };
  }
}

/**
 * Builds the command once the handler has the time, the actor and a new-id source. A command that
 * rests on other aggregates reads them through `reads` (straight from the log, checked by the
 * append), and may do so asynchronously; on a retry it is built again from fresh reads.
 */
export type CommandBuilder<C extends Command> = (metadata: CommandMetadata, reads: DecisionReads) => C | Promise<C>;

export const asDomainEvent = (event: RecordedEvent): Event => ({ type: event.type, data: event.data as object });
