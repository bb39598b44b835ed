import { deciderOf, type Command, type CommandMetadata } from '../../src/core/decider';
import type { Event } from '../../src/core/event';

type Open = Command<'Open', { id: string }>;
type Close = Command<'Close', { id: string }>;
type Opened = Event<'Opened', { id: string }>;
type Closed = Event<'Closed', { id: string }>;
type Door = { open: boolean };

const door = deciderOf<Door, Open | Close, Opened | Closed>(
  () => ({ open: false }),
  (state, event) => ({ open: event.type === 'Opened' }),
  {
    Open: (command) => ({ type: 'Opened', data: { id: command.data.id } }),
    Close: (command, state) => {
      if (!state.open) throw new Error('already closed');
      return { type: 'Closed', data: { id: command.data.id } };
    },
  },
);

const metadata = {} as CommandMetadata;

describe('a decider built from its table of decisions', () => {
  it('answers each command with the one event its decision records', () => {
    expect(door.decide({ type: 'Open', data: { id: 'd1' }, metadata }, door.initialState())).toEqual([
      { type: 'Opened', data: { id: 'd1' } },
    ]);
  });

  it('passes the state to the decision, which may refuse', () => {
    expect(() => door.decide({ type: 'Close', data: { id: 'd1' }, metadata }, { open: false })).toThrow('already closed');
  });

  it('refuses a command type it has no decision for, even one named like an object property', () => {
    for (const type of ['Paint', 'toString', 'constructor'])
      expect(() => door.decide({ type, data: {}, metadata } as unknown as Open, door.initialState())).toThrow(`unknown command`);
  });
});
