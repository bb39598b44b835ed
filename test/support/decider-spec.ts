import type { Command, CommandMetadata, Decider } from '../../src/core/decider';
import { fold } from '../../src/core/decider';
import type { Event } from '../../src/core/event';

/**
 * given(events).when(command).then(events) / .thenThrows(ErrorClass, extensions?): a decider rule
 * read as the sentence it checks. State is always built by folding the given events.
 */
export const DeciderSpecification = {
  for: <State, C extends Command, E extends Event>(decider: Decider<State, C, E>) => ({
    given: (events: E[]) => ({
      when: (command: C) => {
        const run = () => decider.decide(command, fold(decider.evolve, decider.initialState(), events));
        return {
          then: (expected: E[]) => expect(run()).toEqual(expected),
          thenMatches: (expected: Partial<E>[]) => expect(run()).toMatchObject(expected),
          thenThrows: (errorType: new (...args: any[]) => Error, extensions?: Record<string, unknown>) => {
            let thrown: unknown;
            try {
              run();
            } catch (error) {
              thrown = error;
            }
            expect(thrown).toBeInstanceOf(errorType);
            if (extensions) expect((thrown as { extensions: unknown }).extensions).toMatchObject(extensions);
          },
        };
      },
    }),
  }),
};

let counter = 0;

/** Fixed time and predictable ids, so a decider test states exactly what it expects. */
export const metadata = (overrides: Partial<CommandMetadata> = {}): CommandMetadata => ({
  now: '2026-11-27T08:00:00.000Z',
  occurredAt: '2026-11-27T08:00:00.000Z',
  actor: { id: 'clerk-1', name: 'منشی یکم', role: 'CLERK' },
  newId: () => `00000000-0000-7000-8000-${String(++counter).padStart(12, '0')}`,
  ...overrides,
});

/** Ids from `metadata().newId` restart at 1 for each test file that calls this in a beforeEach. */
export const resetIds = (): void => {
  counter = 0;
};
