import 'reflect-metadata';
import { fold } from '../../src/core/decider';
import { deepFreeze } from '../../src/core/deep-freeze';
import { evolve, initialState, type MeetingEvent, type ScheduledMeeting } from '../../src/meetings/meeting';
import { toMeeting } from '../../src/meetings/meeting.types';
import type { MeetingDocument } from '../../src/meetings/meetings.projection';

const T1 = '2026-05-01T09:00:00.000Z';
const events: MeetingEvent[] = [
  { type: 'MeetingScheduled', data: { meetingId: 'm', title: 'نشست منطقه‌ای', location: 'تبریز', scheduledStart: T1 } },
  ...['o1', 'o2', 'o3'].map((outcomeId): MeetingEvent => ({
    type: 'OutcomeRecorded',
    data: { meetingId: 'm', outcomeId, kind: 'DEMAND', text: `خواسته ${outcomeId}`, recordedAt: T1 },
  })),
];

const documentOf = (): MeetingDocument => ({
  id: 'm',
  version: events.length - 1,
  position: String(events.length),
  createdAt: T1,
  updatedAt: T1,
  occurredAt: T1,
  createdBy: { id: 'clerk-1', name: 'منشی', role: 'CLERK' },
  state: fold(evolve, initialState(), events) as ScheduledMeeting,
});

describe("a meeting's GraphQL view", () => {
  it('counts outcomes at once, and builds the outcomes themselves only when asked, once', () => {
    const view = toMeeting(documentOf());
    expect(view.outcomeCounts.find((count) => count.kind === 'DEMAND')?.count).toBe(3);
    expect(Object.keys(view)).not.toContain('allOutcomes');
    const outcomes = view.allOutcomes;
    expect(outcomes.map((outcome) => outcome.id)).toEqual(['o1', 'o2', 'o3']);
    expect(view.allOutcomes).toBe(outcomes);
  });

  it('is shared and frozen, outcomes included, for a stored (frozen) document', () => {
    const doc = deepFreeze(documentOf());
    const view = toMeeting(doc);
    expect(toMeeting(doc)).toBe(view);
    expect(Object.isFrozen(view)).toBe(true);
    expect(Object.isFrozen(view.allOutcomes)).toBe(true);
    expect(Object.isFrozen(view.allOutcomes[0])).toBe(true);
  });

  it('is its own, and not frozen, for a document being folded', () => {
    const doc = documentOf();
    const view = toMeeting(doc);
    expect(toMeeting(doc)).not.toBe(view);
    expect(Object.isFrozen(view.allOutcomes)).toBe(false);
  });
});
