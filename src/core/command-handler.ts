import type { Clock } from './clock';
import type { Command, CommandMetadata, Decider } from './decider';
import { fold } from './decider';
import { invalidField } from './errors';
import type { Actor, Event } from './event';
import { newId } from './ids';
import { KeyedLock } from './keyed-lock';
import { currentSchemaVersion, upcast } from './upcasters';
import { entityIdOf } from './streams';
import type { EventStore, RecordedEvent } from '../eventstore/event-store';
import { StreamRevisionConflict } from '../eventstore/errors';

/** What the caller knows of a command besides its data: who, why, when, and its concurrency and retry guards. */
export interface CommandOptions {
  actor: Actor;
  reason?: string;
  occurredAt?: Date | string;
  expectedVersion?: number;
  idempotencyKey?: string;
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
/** Without `expectedVersion`, a lost race is retried this often before the conflict reaches the client. */
const CONFLICT_RETRIES = 5;

export class CommandHandler {
  private readonly streams = new KeyedLock();

  constructor(
    private readonly store: EventStore,
    private readonly clock: Clock,
    private readonly ids: () => string = newId,
  ) {}

  handle<State, C extends Command, E extends Event>(
    decider: Decider<State, C, E>,
    streamId: string,
    toCommand: (metadata: CommandMetadata) => C,
    options: CommandOptions,
  ): Promise<CommandResult<State>> {
    return this.streams.run(streamId, () => this.decideAndAppend(decider, streamId, toCommand, options));
  }

  private async decideAndAppend<State, C extends Command, E extends Event>(
    decider: Decider<State, C, E>,
    streamId: string,
    toCommand: (metadata: CommandMetadata) => C,
    options: CommandOptions,
  ): Promise<CommandResult<State>> {
    if (options.idempotencyKey) {
      const earlier = await this.store.findIdempotentAppend({
        actorId: options.actor.id,
        idempotencyKey: options.idempotencyKey,
      });
      if (earlier) return this.replayed(decider, earlier.events, earlier.position, earlier.nextExpectedRevision);
    }
    const now = this.clock.now();
    const occurredAt = this.occurredAt(options.occurredAt, now);

    for (let attempt = 0; ; attempt++) {
      const recorded = (await this.store.readStream(streamId)).map(upcast);
      const state = fold(decider.evolve, decider.initialState(), recorded.map(asDomainEvent) as E[]);
      const currentVersion = recorded.length ? recorded[recorded.length - 1].revision : null;
      if (options.expectedVersion !== undefined && options.expectedVersion !== currentVersion)
        throw new StreamRevisionConflict(streamId, options.expectedVersion, currentVersion);

      const command = toCommand({
        now: now.toISOString(),
        occurredAt,
        actor: options.actor,
        reason: options.reason,
        newId: this.ids,
      });
      const events = decider.decide(command, state);
      if (events.length === 0) {
        return {
          streamId,
          entityId: entityIdOf(streamId),
          state,
          events: [],
          position: recorded.length ? recorded[recorded.length - 1].position : '0',
          version: currentVersion ?? -1,
          idempotentReplay: false,
        };
      }
      try {
        const appended = await this.store.appendToStream(
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
            },
          })),
          { expectedRevision: currentVersion ?? 'NO_STREAM' },
        );
        if (appended.idempotentReplay)
          return this.replayed(decider, appended.events, appended.position, appended.nextExpectedRevision);
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
        const mayRetry = options.expectedVersion === undefined && attempt < CONFLICT_RETRIES;
        if (error instanceof StreamRevisionConflict && mayRetry) continue;
        throw error;
      }
    }
  }

  private occurredAt(requested: Date | string | undefined, now: Date): string {
    if (requested === undefined) return now.toISOString();
    const at = requested instanceof Date ? requested : new Date(requested);
    if (Number.isNaN(at.getTime())) throw invalidField('occurredAt', 'occurredAt is not a valid date-time');
    if (at.getTime() > now.getTime() + CLOCK_SKEW_MS)
      throw invalidField('occurredAt', 'occurredAt may not be in the future');
    return at.toISOString();
  }

  private async replayed<State, C extends Command, E extends Event>(
    decider: Decider<State, C, E>,
    events: RecordedEvent[],
    position: string,
    version: number,
  ): Promise<CommandResult<State>> {
    const streamId = events[0].streamId;
    const upTo = (await this.store.readStream(streamId, { untilPosition: position })).map(upcast);
    return {
      streamId,
      entityId: entityIdOf(streamId),
      state: fold(decider.evolve, decider.initialState(), upTo.map(asDomainEvent) as E[]),
      events,
      position,
      version,
      idempotentReplay: true,
    };
  }
}

export const asDomainEvent = (event: RecordedEvent): Event => ({ type: event.type, data: event.data as object });
