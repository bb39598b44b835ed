import type { Actor, Event } from './event';

/**
 * What a command knows besides its data. Time and new ids come in here, from an
 * injected clock and id source, so a decider is a pure function a test can pin down.
 */
export interface CommandMetadata {
  /** When the server handles the command (recorded time is still the store's). */
  now: string;
  /** Business time: when the act happened or takes effect, as the clerk says (default `now`). */
  occurredAt: string;
  actor: Actor;
  reason?: string;
  newId: () => string;
}

export type Command<Type extends string = string, Data extends object = object> = Readonly<{
  type: Type;
  data: Readonly<Data>;
  metadata: CommandMetadata;
}>;

export interface Decider<State, C extends Command, E extends Event> {
  decide: (command: C, state: State) => E[];
  evolve: (state: State, event: E) => State;
  initialState: () => State;
}

/** Folds events into a state: the one way every state in Daftar comes to be. */
export const fold = <State, E>(evolve: (state: State, event: E) => State, initial: State, events: Iterable<E>): State => {
  let state = initial;
  for (const event of events) state = evolve(state, event);
  return state;
};
