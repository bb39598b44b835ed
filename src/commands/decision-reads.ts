import { fold } from '../core/decider';
import type { Event } from '../core/event';
import type { EventMetadata, EventStore, RecordedEvent, StreamAppend } from '../eventstore/event-store';
import { currentSchemaVersion, upcast } from '../eventstore/upcasters';
import { guardEventsFor, membersOf, type GuardedSet } from './guarded-set';

/** Turns a stream's events (as stored, upcast) into what a decision needs to know of it. */
export type StreamFold<T> = (events: readonly RecordedEvent[]) => T;

/** The usual fold: the other aggregate's own `evolve` from its initial state. */
export const foldWith =
  <State, E extends Event>(aggregate: { evolve: (state: State, event: E) => State; initialState: () => State }): StreamFold<State> =>
  (events) =>
    fold(aggregate.evolve, aggregate.initialState(), events.map((event) => ({ type: event.type, data: event.data }) as E));

interface StreamRead {
  events: RecordedEvent[];
  revision: number | null;
}

interface SetRead {
  /** What the set held before the guard existed, when this decision is the one to write it first. */
  seeded: string[] | null;
  members: string[];
  joining: string[];
}

/**
 * What one attempt at a decision read of other aggregates, straight from the log. Facts for a
 * decider are gathered through it, never from read models that may lag: every stream read is
 * checked by the append at the revision it was read at, and every guarded set is appended to (or
 * checked) the same way, all in one `appendToStreams`. A writer that changed any of them
 * meanwhile makes the append conflict, and the handler decides again on fresh reads.
 */
export class DecisionReads {
  private readonly streams = new Map<string, Promise<StreamRead>>();
  private readonly sets = new Map<string, SetRead>();

  constructor(private readonly store: EventStore) {}

  /** Another aggregate's stream, folded; the decision then holds only while it stays as read. */
  async stream<T>(streamId: string, fold: StreamFold<T>): Promise<T> {
    return fold((await this.read(streamId)).events);
  }

  /**
   * The members of a guarded set. `joining` names a member this decision adds (the new entity),
   * recorded on the guard with the decision's events; a member already listed is not added twice.
   */
  async members(set: GuardedSet, options: { joining?: string } = {}): Promise<string[]> {
    let known = this.sets.get(set.streamId);
    if (!known) {
      const guard = await this.read(set.streamId);
      // Only after the guard was read as empty: a decision elsewhere that wrote it since then conflicts with ours.
      const seeded = guard.revision === null ? [...new Set(await set.seed())] : null;
      known = { seeded, members: seeded ?? membersOf(guard.events), joining: [] };
      this.sets.set(set.streamId, known);
    }
    if (options.joining !== undefined) known.joining.push(options.joining);
    return [...known.members];
  }

  /**
   * The rest of the decision's append beside its own stream: each stream read, at the revision it
   * was read at, with the guards' new events. Empty when the decision read nothing else.
   */
  async appendsBeside(ownStreamId: string, metadata: EventMetadata): Promise<StreamAppend[]> {
    const appends: StreamAppend[] = [];
    for (const [streamId, reading] of this.streams) {
      if (streamId === ownStreamId) continue;
      const { revision } = await reading;
      const set = this.sets.get(streamId);
      const events = set ? guardEventsFor(set.seeded, set.members, set.joining) : [];
      appends.push({
        streamId,
        events: events.map((event) => ({ type: event.type, data: event.data, schemaVersion: currentSchemaVersion(event.type), metadata })),
        expectedRevision: revision ?? 'NO_STREAM',
      });
    }
    return appends;
  }

  /** Each stream is read once per attempt, so every fact drawn from it agrees with the revision checked. */
  private read(streamId: string): Promise<StreamRead> {
    let reading = this.streams.get(streamId);
    if (!reading) {
      reading = this.store.readStream(streamId).then((stored) => {
        const events = stored.map(upcast);
        return { events, revision: events.length ? events[events.length - 1].revision : null };
      });
      this.streams.set(streamId, reading);
    }
    return reading;
  }
}
