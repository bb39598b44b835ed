import type { Event } from '../core/event';
import type { RecordedEvent } from '../eventstore/event-store';

/**
 * A set that a rule spans several aggregates over (the cooperation documents of one province and
 * country, the sub-delegations of one delegation). Its guard stream lists the members; every
 * decision that reads the set appends to it, or checks it, with the revision it read, so of two
 * racing decisions over one set the second conflicts and decides again on the new members.
 */
export interface GuardedSet {
  /** `guard-<set>:<key>`: its own category, so that no read model takes it for an entity. */
  streamId: string;
  /**
   * The members recorded before this set had a guard (a log older than guards, or a set never
   * guarded yet): called only while the guard stream is empty, and must see every event the log
   * held when it was called, e.g. read models brought up to the log's head first.
   */
  seed: () => Promise<string[]>;
}

export const GUARD_CATEGORY = 'guard';

export const guardStreamId = (set: string, ...key: string[]): string => `${GUARD_CATEGORY}-${[set, ...key].join(':')}`;

/** The members as they stood when the guard was first written, seeded from what was recorded before it. */
export type GuardedSetSeeded = Event<'GuardedSetSeeded', { members: string[] }>;
/** One more member, recorded in the same append as the member's own first event. */
export type GuardedSetMemberAdded = Event<'GuardedSetMemberAdded', { memberId: string }>;
export type GuardedSetEvent = GuardedSetSeeded | GuardedSetMemberAdded;

/** The members a guard stream lists, in the order they joined, each once. */
export const membersOf = (events: readonly Pick<RecordedEvent, 'type' | 'data'>[]): string[] => {
  const members = new Set<string>();
  for (const event of events) {
    const guardEvent = event as GuardedSetEvent;
    if (guardEvent.type === 'GuardedSetSeeded') for (const member of guardEvent.data.members) members.add(member);
    else if (guardEvent.type === 'GuardedSetMemberAdded') members.add(guardEvent.data.memberId);
  }
  return [...members];
};

/** What a decision adds to a guard: the seed, the first time it is written, and its new members. */
export const guardEventsFor = (seeded: readonly string[] | null, members: readonly string[], joining: readonly string[]): GuardedSetEvent[] => [
  ...(seeded && seeded.length ? [{ type: 'GuardedSetSeeded' as const, data: { members: [...seeded] } }] : []),
  ...[...new Set(joining)]
    .filter((member) => !members.includes(member))
    .map((memberId) => ({ type: 'GuardedSetMemberAdded' as const, data: { memberId } })),
];
