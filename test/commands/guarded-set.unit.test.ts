import { guardEventsFor, guardStreamId, membersOf } from '../../src/commands/guarded-set';

describe('a guarded set', () => {
  it('is a stream of the guard category, named by the set and its key', () => {
    expect(guardStreamId('cooperationDocuments', 'p-1', 'TR')).toBe('guard-cooperationDocuments:p-1:TR');
  });

  it('lists its seed, then each member added, once each, ignoring events it does not know', () => {
    expect(
      membersOf([
        { type: 'GuardedSetSeeded', data: { members: ['a', 'b'] } },
        { type: 'GuardedSetMemberAdded', data: { memberId: 'c' } },
        { type: 'SomethingElse', data: { memberId: 'x' } },
        { type: 'GuardedSetMemberAdded', data: { memberId: 'a' } },
      ]),
    ).toEqual(['a', 'b', 'c']);
  });

  it('records a non-empty seed the first time it is written, and only members it does not list yet', () => {
    expect(guardEventsFor(['a'], ['a'], ['b', 'b', 'a'])).toEqual([
      { type: 'GuardedSetSeeded', data: { members: ['a'] } },
      { type: 'GuardedSetMemberAdded', data: { memberId: 'b' } },
    ]);
    expect(guardEventsFor([], [], [])).toEqual([]);
    expect(guardEventsFor(null, ['a', 'b'], ['b'])).toEqual([]);
  });
});
