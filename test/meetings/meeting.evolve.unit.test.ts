import { fold } from '../../src/core/decider';
import { evolve, initialState, type MeetingEvent, type ScheduledMeeting } from '../../src/meetings/meeting';
import { meetingSearchText } from '../../src/meetings/meetings.projection';

const stateAfter = (events: MeetingEvent[]) => fold(evolve, initialState(), events) as ScheduledMeeting;

describe('Meeting state', () => {
  it('starts scheduled with empty lists', () =>
    expect(stateAfter([scheduled])).toMatchObject({ status: 'SCHEDULED', participants: [], workingGroups: [], outcomes: [] }));

  it('takes a removed participant out of every working group', () => {
    const state = stateAfter([scheduled, participant('p1'), participant('p2'), group('g1', ['p1', 'p2']), group('g2', ['p1']), removed('p1')]);
    expect(state.participants.map((p) => p.participantId)).toEqual(['p2']);
    expect(state.workingGroups.map((g) => g.memberParticipantIds)).toEqual([['p2'], []]);
  });

  it('keeps a withdrawn outcome, marked as withdrawn, and an amended one with its new text', () => {
    const state = stateAfter([
      scheduled,
      outcome('o1', 'متن نخست'),
      outcome('o2', 'متن دوم'),
      { type: 'OutcomeAmended', data: { meetingId: 'm', outcomeId: 'o1', text: 'متن تازه', previousText: 'متن نخست', amendedAt: T2 } },
      { type: 'OutcomeWithdrawn', data: { meetingId: 'm', outcomeId: 'o2', withdrawnAt: T2 } },
    ]);
    expect(state.outcomes).toEqual([
      { outcomeId: 'o1', kind: 'DEMAND', text: 'متن تازه', status: 'RECORDED', recordedAt: T1, amendedAt: T2 },
      { outcomeId: 'o2', kind: 'DEMAND', text: 'متن دوم', status: 'WITHDRAWN', recordedAt: T1, withdrawnAt: T2 },
    ]);
  });

  it('walks through session, approval and closing, keeping each time', () => {
    const state = stateAfter([
      scheduled,
      { type: 'MeetingOpened', data: { meetingId: 'm', openedAt: T1 } },
      outcome('o1', 'x'),
      { type: 'MeetingSummaryApproved', data: { meetingId: 'm', approvedAt: T2, approvedOutcomeIds: ['o1'] } },
      { type: 'MeetingClosed', data: { meetingId: 'm', closedAt: T3 } },
    ]);
    expect(state).toMatchObject({ status: 'CLOSED', openedAt: T1, summaryApprovedAt: T2, approvedOutcomeIds: ['o1'], closedAt: T3 });
  });

  it('records the reason of a cancellation', () =>
    expect(stateAfter([scheduled, { type: 'MeetingCancelled', data: { meetingId: 'm', reason: 'دلیل', cancelledAt: T2 } }])).toMatchObject({
      status: 'CANCELLED',
      cancellationReason: 'دلیل',
      cancelledAt: T2,
    }));

  it('ignores events before the meeting was scheduled rather than failing', () =>
    expect(fold(evolve, initialState(), [outcome('o1', 'x')])).toEqual({ status: 'None' }));

  it("matches text against the meeting's title and location (each outcome's text is matched as a document of its own)", () =>
    expect(meetingSearchText(stateAfter([scheduled, outcome('o1', 'تفویض اختیارات')]))).toBe('نشست منطقه‌ای تبریز'));
});

const T1 = '2026-05-01T09:00:00.000Z';
const T2 = '2026-05-02T09:00:00.000Z';
const T3 = '2026-05-03T09:00:00.000Z';
const scheduled: MeetingEvent = {
  type: 'MeetingScheduled',
  data: { meetingId: 'm', title: 'نشست منطقه‌ای', location: 'تبریز', scheduledStart: T1 },
};
const participant = (participantId: string): MeetingEvent => ({
  type: 'ParticipantAdded',
  data: { meetingId: 'm', participantId, organizationId: `org-${participantId}`, role: 'OTHER', addedAt: T1 },
});
const group = (workingGroupId: string, memberParticipantIds: string[]): MeetingEvent => ({
  type: 'WorkingGroupFormed',
  data: { meetingId: 'm', workingGroupId, title: workingGroupId, memberParticipantIds, formedAt: T1 },
});
const removed = (participantId: string): MeetingEvent => ({
  type: 'ParticipantRemoved',
  data: { meetingId: 'm', participantId, organizationId: `org-${participantId}`, removedFromWorkingGroupIds: [], removedAt: T2 },
});
const outcome = (outcomeId: string, text: string): MeetingEvent => ({
  type: 'OutcomeRecorded',
  data: { meetingId: 'm', outcomeId, kind: 'DEMAND', text, recordedAt: T1 },
});
