import { CommandHandler, type CommandBuilder } from '../../src/commands/command-handler';
import { foldWith, type DecisionReads } from '../../src/commands/decision-reads';
import { guardStreamId, type GuardedSet } from '../../src/commands/guarded-set';
import { CrossStreamConflict, RACE_RETRIES } from '../../src/commands/lost-race';
import type { Command, Decider } from '../../src/core/decider';
import { DomainError } from '../../src/core/errors';
import type { Actor, Event } from '../../src/core/event';
import type { EventStore, NewEvent } from '../../src/eventstore/event-store';
import { openSqliteEventStore } from '../../src/eventstore/sqlite';
import { useTempDir } from '../eventstore/temp-event-log';

/**
 * A rule across aggregates in miniature: a name may be taken by one entry only. Each entry is its
 * own stream; the entries form one guarded set, whose members' streams say which names are taken.
 */
type NameTaken = Event<'NameTaken', { name: string; seenTakenBy: string[] }>;
type TakeName = Command<'TakeName', { name: string; takenBy: string[] }>;
type Entry = { name?: string };

class NameAlreadyTaken extends DomainError {
  constructor(name: string, takenBy: string[]) {
    super(`${name} is taken by ${takenBy.join(', ')}`, 'INVALID_TRANSITION', { takenBy });
  }
}

const entries: Decider<Entry, TakeName, NameTaken> = {
  initialState: () => ({}),
  evolve: (_state, event) => ({ name: event.data.name }),
  decide: (command) => {
    if (command.data.takenBy.length) throw new NameAlreadyTaken(command.data.name, command.data.takenBy);
    return [{ type: 'NameTaken', data: { name: command.data.name, seenTakenBy: [] } }];
  },
};
const foldEntry = foldWith(entries);

const clerk: Actor = { id: 'clerk-1', name: 'منشی', role: 'CLERK' };
const clock = { now: () => new Date('2025-03-21T08:30:00.000Z') };
const entryStream = (id: string) => `entry-${id}`;

/** The set's guard; `seeded` counts the calls, `legacy` is what was recorded before the guard existed. */
const namesSet = (legacy: string[] = []) => {
  const set = { calls: 0, streamId: guardStreamId('names', 'test'), seed: async () => (set.calls++, legacy) };
  return set satisfies GuardedSet;
};

const takeName =
  (set: GuardedSet, id: string, name: string, beforeDeciding?: (reads: DecisionReads) => Promise<void>): CommandBuilder<TakeName> =>
  async (metadata, reads) => {
    const members = await reads.members(set, { joining: id });
    const takenBy: string[] = [];
    for (const member of members) if ((await reads.stream(entryStream(member), foldEntry)).name === name) takenBy.push(member);
    await beforeDeciding?.(reads);
    return { type: 'TakeName', data: { name, takenBy }, metadata };
  };

const event = (type: string, data: object): NewEvent => ({ type, data, metadata: { occurredAt: clock.now().toISOString(), actor: clerk } });

describe('CommandHandler: decisions that rest on other streams hold against writers in other processes', () => {
  const dir = useTempDir('daftar-cross-stream-');
  let file: string;
  let here: EventStore;
  let elsewhere: EventStore;

  beforeEach(async () => {
    file = dir.path(`events-${Date.now()}-${Math.random()}.sqlite`);
    // Two connections to one file: what two server processes on one log would hold.
    here = await openSqliteEventStore({ file, clock });
    elsewhere = await openSqliteEventStore({ file, clock });
  });
  afterEach(async () => {
    await here.close();
    await elsewhere.close();
  });

  it('lets exactly one of 20 racing commands over one guarded set take a name, across two handlers on two connections', async () => {
    const set = namesSet();
    const handlers = [new CommandHandler(here, clock), new CommandHandler(elsewhere, clock)];
    const attempts = await Promise.allSettled(
      Array.from({ length: 20 }, (_, i) => handlers[i % 2].handle(entries, entryStream(`e${i}`), takeName(set, `e${i}`, 'تبریز'), { actor: clerk })),
    );

    const winners = attempts.flatMap((attempt, i) => (attempt.status === 'fulfilled' ? [`e${i}`] : []));
    expect(winners).toHaveLength(1);
    for (const attempt of attempts)
      if (attempt.status === 'rejected') expect(attempt.reason).toMatchObject({ code: 'INVALID_TRANSITION', extensions: { takenBy: winners } });
    const log = await here.readAll();
    expect(log.filter((e) => e.type === 'NameTaken').map((e) => e.streamId)).toEqual([entryStream(winners[0])]);
    expect((await here.readStream(set.streamId)).map((e) => [e.type, e.data])).toEqual([['GuardedSetMemberAdded', { memberId: winners[0] }]]);
  });

  it('seeds a guard from what was recorded before it existed, once, and counts those members', async () => {
    await here.appendToStream(entryStream('old-1'), [event('NameTaken', { name: 'مرند', seenTakenBy: [] })]);
    await here.appendToStream(entryStream('old-2'), [event('NameTaken', { name: 'اهر', seenTakenBy: [] })]);
    const set = namesSet(['old-1', 'old-2']);
    const handler = new CommandHandler(here, clock);

    await expect(handler.handle(entries, entryStream('new-1'), takeName(set, 'new-1', 'اهر'), { actor: clerk })).rejects.toMatchObject({
      extensions: { takenBy: ['old-2'] },
    });
    expect(await here.readStream(set.streamId)).toEqual([]);
    await handler.handle(entries, entryStream('new-2'), takeName(set, 'new-2', 'مراغه'), { actor: clerk });
    await handler.handle(entries, entryStream('new-3'), takeName(set, 'new-3', 'میانه'), { actor: clerk });

    expect(set.calls).toBe(2);
    expect((await here.readStream(set.streamId)).map((e) => [e.type, e.data])).toEqual([
      ['GuardedSetSeeded', { members: ['old-1', 'old-2'] }],
      ['GuardedSetMemberAdded', { memberId: 'new-2' }],
      ['GuardedSetMemberAdded', { memberId: 'new-3' }],
    ]);
    const [registration, seed] = (await here.readAll()).slice(2, 4);
    expect([registration.streamId, seed.streamId]).toEqual([entryStream('new-2'), set.streamId]);
    expect(seed.metadata).toEqual({ occurredAt: registration.metadata.occurredAt, actor: clerk });
  });

  it('decides again on fresh reads when another process changed a stream it read, even with expectedVersion on its own stream', async () => {
    const set = namesSet();
    const handler = new CommandHandler(here, clock);
    await handler.handle(entries, entryStream('mine'), takeName(set, 'mine', 'سراب'), { actor: clerk });
    let attempts = 0;
    // The other process takes the same name between this command's reads and its append, once.
    const interloper = async () => {
      if (attempts++ > 0) return;
      await new CommandHandler(elsewhere, clock).handle(entries, entryStream('theirs'), takeName(set, 'theirs', 'بناب'), { actor: clerk });
    };

    await expect(
      handler.handle(entries, entryStream('mine'), takeName(set, 'mine', 'بناب', interloper), { actor: clerk, expectedVersion: 0 }),
    ).rejects.toMatchObject({ extensions: { takenBy: ['theirs'] } });
    expect(attempts).toBe(2);
    expect(await here.streamRevision(entryStream('mine'))).toBe(0);
  });

  it('gives up after so many lost races with CONCURRENCY_CONFLICT naming the stream that kept moving, having written nothing', async () => {
    const set = namesSet();
    const handler = new CommandHandler(here, clock);
    let attempts = 0;
    const everyTime = async (reads: DecisionReads) => {
      attempts++;
      await reads.stream(entryStream('busy'), foldEntry);
      await elsewhere.appendToStream(entryStream('busy'), [event('NameTaken', { name: `نام ${attempts}`, seenTakenBy: [] })]);
    };

    const conflict = await handler
      .handle(entries, entryStream('patient'), takeName(set, 'patient', 'شبستر', everyTime), { actor: clerk })
      .then(() => null, (error: unknown) => error);

    expect(conflict).toBeInstanceOf(CrossStreamConflict);
    expect(conflict).toMatchObject({ code: 'CONCURRENCY_CONFLICT', extensions: { streamId: entryStream('busy') } });
    expect(attempts).toBe(RACE_RETRIES + 1);
    expect(await here.streamRevision(entryStream('patient'))).toBeNull();
    expect(await here.streamRevision(set.streamId)).toBeNull();
  });

  it('appends a decision that read nothing else as before: one stream, no guard', async () => {
    const handler = new CommandHandler(here, clock);
    const plain: CommandBuilder<TakeName> = (metadata) => ({ type: 'TakeName', data: { name: 'جلفا', takenBy: [] }, metadata });
    const result = await handler.handle(entries, entryStream('plain'), plain, { actor: clerk });
    expect((await here.readAll()).map((e) => e.streamId)).toEqual([entryStream('plain')]);
    expect(result.version).toBe(0);
  });
});
