import fc from 'fast-check';
import { fold } from '../../src/core/decider';
import { appended, foldingInPlace } from '../../src/core/grown-list';
import { evolve, initialState, type Meeting, type MeetingEvent } from '../../src/meetings/meeting';
import { twinOf } from '../../src/meetings/participant-keys';

type Tally = { items: readonly number[]; label: string };
const add = (state: Tally, item: number): Tally => ({ ...state, items: appended(state.items, item) });

describe('a list grown by appended', () => {
  it('is a new array outside a fold, and the list it grew from keeps its items', () => {
    const before = [1, 2];
    const after = appended(before, 3);
    expect(after).toEqual([1, 2, 3]);
    expect(after).not.toBe(before);
    expect(before).toEqual([1, 2]);
    expect(appended(after, 4)).not.toBe(after);
    expect(after).toEqual([1, 2, 3]);
  });

  it('is copied once by a fold and then grown in place: one array for the whole fold, however long', () => {
    const arrays = new Set<readonly number[]>();
    const watched = (state: Tally, item: number) => {
      const next = add(state, item);
      arrays.add(next.items);
      return next;
    };
    const start: Tally = { items: [0], label: 'start' };
    const folded = fold(watched, start, Array.from({ length: 1_000 }, (_, index) => index + 1));
    expect(arrays.size).toBe(1);
    expect(folded.items).toEqual(Array.from({ length: 1_001 }, (_, index) => index));
  });

  it('leaves the state a fold starts from as it was, and the state it hands on stays put after the fold', () => {
    const start: Tally = { items: [0], label: 'start' };
    const first = fold(add, start, [1, 2, 3]);
    const second = fold(add, first, [4, 5]);
    expect(start.items).toEqual([0]);
    expect(first.items).toEqual([0, 1, 2, 3]);
    expect(second.items).toEqual([0, 1, 2, 3, 4, 5]);
    expect(add(second, 6).items).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(second.items).toHaveLength(6);
  });

  it('is copied by a fold inside another, which does not grow the outer fold’s lists', () => {
    let inner: Tally | null = null;
    const outer = foldingInPlace(() => {
      const grown = add(add({ items: [], label: 'outer' }, 1), 2);
      inner = fold(add, grown, [3]);
      return add(grown, 4);
    });
    expect(inner!.items).toEqual([1, 2, 3]);
    expect(outer.items).toEqual([1, 2, 4]);
  });
});

const MEETING_ID = 'meeting-1';
const at = '2025-03-21T08:30:00.000Z';

/** Events a meeting may meet in any order (ids drawn from a few, so removals and amendments find theirs): evolve folds any history. */
const meetingEvent: fc.Arbitrary<MeetingEvent> = fc.oneof(
  fc
    .record({ n: fc.nat(8), org: fc.constantFrom('org-a', 'org-b'), name: fc.constantFrom('علی', 'رضا', 'زهرا', undefined) })
    .map(({ n, org, name }) => ({ type: 'ParticipantAdded', data: { meetingId: MEETING_ID, participantId: `p${n}`, organizationId: org, role: 'OBSERVER', personName: name, addedAt: at } }) as MeetingEvent),
  fc.nat(8).map((n) => ({ type: 'ParticipantRemoved', data: { meetingId: MEETING_ID, participantId: `p${n}`, organizationId: 'org-a', removedFromWorkingGroupIds: [], removedAt: at } }) as MeetingEvent),
  fc.nat(8).map((n) => ({ type: 'WorkingGroupFormed', data: { meetingId: MEETING_ID, workingGroupId: `wg${n}`, title: 'کارگروه', memberParticipantIds: [`p${n}`], formedAt: at } }) as MeetingEvent),
  fc
    .record({ n: fc.nat(8), kind: fc.constantFrom('DEMAND', 'PROBLEM') })
    .map(({ n, kind }) => ({ type: 'OutcomeRecorded', data: { meetingId: MEETING_ID, outcomeId: `o${n}`, kind, text: `بند ${n}`, recordedAt: at } }) as MeetingEvent),
  fc.nat(8).map((n) => ({ type: 'OutcomeAmended', data: { meetingId: MEETING_ID, outcomeId: `o${n}`, text: 'متن تازه', previousText: '', amendedAt: at } }) as MeetingEvent),
);

const scheduled: MeetingEvent = { type: 'MeetingScheduled', data: { meetingId: MEETING_ID, title: 'نشست', location: 'تبریز', scheduledStart: at } } as MeetingEvent;

/** Every intermediate state, each taken as it stood (evolve outside a fold copies every list). */
const stepByStep = (start: Meeting, events: MeetingEvent[]): Meeting => events.reduce((state, event) => evolve(state, event), start);

describe('a meeting folded with its lists grown in place', () => {
  it('is the meeting that evolving one event at a time gives, and the state it started from is unchanged', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 30 }),
        fc.array(meetingEvent, { maxLength: 60 }),
        (split, events) => {
          const history = [scheduled, ...events];
          const base = fold(evolve, initialState(), history.slice(0, split));
          const baseBefore = JSON.stringify(base);
          const folded = fold(evolve, base, history.slice(split));
          expect(folded).toEqual(stepByStep(initialState(), history));
          expect(JSON.stringify(base)).toBe(baseBefore);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('answers the twin check for participants a fold added after the list it grew from was checked', () => {
    const base = fold(evolve, initialState(), [
      scheduled,
      { type: 'ParticipantAdded', data: { meetingId: MEETING_ID, participantId: 'p0', organizationId: 'org-a', role: 'OBSERVER', personName: 'علی', addedAt: at } },
    ] as MeetingEvent[]);
    if (base.status === 'None') throw new Error('scheduled');
    expect(twinOf(base.participants, 'org-a', 'علی')?.participantId).toBe('p0');

    const later = fold(evolve, base, [
      { type: 'ParticipantAdded', data: { meetingId: MEETING_ID, participantId: 'p1', organizationId: 'org-a', role: 'OBSERVER', personName: 'رضا', addedAt: at } },
      { type: 'ParticipantAdded', data: { meetingId: MEETING_ID, participantId: 'p2', organizationId: 'org-b', role: 'OBSERVER', personName: 'زهرا', addedAt: at } },
    ] as MeetingEvent[]);
    if (later.status === 'None') throw new Error('scheduled');
    expect(twinOf(later.participants, 'org-a', 'علی')?.participantId).toBe('p0');
    expect(twinOf(later.participants, 'org-a', 'رضا')?.participantId).toBe('p1');
    expect(twinOf(later.participants, 'org-b', 'زهرا')?.participantId).toBe('p2');
    expect(twinOf(base.participants, 'org-a', 'رضا')).toBeUndefined();
  });
});
