import type { Actor, Event } from './event';
import { foldingInPlace } from './grown-list';

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

/**
 * Folds events into a state: the one way every state in Daftar comes to be. Only the last state
 * leaves the fold, so the lists its `evolve` grows with `appended` grow in place (grown-list.ts).
 */
export const fold = <State, E>(evolve: (state: State, event: E) => State, initial: State, events: Iterable<E>): State =>
  foldingInPlace(() => {
    let state = initial;
    for (const event of events) state = evolve(state, event);
    return state;
  });

/** One function per command type, each deciding the one event its command records (or throwing why it may not). */
export type Decisions<State, C extends Command, E extends Event> = {
  [Type in C['type']]: (command: Extract<C, { type: Type }>, state: State) => E;
};

/**
 * A decider whose every command records one event, decided by its table of decisions. The table's
 * type names every command type, so the compiler refuses one left out as a switch's `never` default
 * would, and the table reads as the list of what the aggregate can be asked to do.
 */
export const deciderOf = <State, C extends Command, E extends Event>(
  initialState: () => State,
  evolve: (state: State, event: E) => State,
  decisions: Decisions<State, C, E>,
): Decider<State, C, E> => ({
  decide: (command, state) => {
    if (!Object.hasOwn(decisions, command.type)) throw new Error(`unknown command ${JSON.stringify(command)}`);
    const decision = decisions[command.type as C['type']] as (command: C, state: State) => E;
    return [decision(command, state)];
  },
  evolve,
  initialState,
});
