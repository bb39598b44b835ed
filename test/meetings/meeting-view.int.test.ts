import 'reflect-metadata';
import type { RecordedEvent } from '../../src/eventstore/event-store';
import { projections } from '../../src/read-models';
import { applyEvents } from '../../projections/apply-events';
import { ReadModelStore } from '../../projections/read-model-store';
import type { MeetingEvent } from '../../src/meetings/meeting';
import { toMeeting } from '../../src/meetings/meeting.types';
import { meetingsProjection, type MeetingDocument } from '../../src/meetings/meetings.projection';

const T1 = '2026-05-01T09:00:00.000Z';
const events: MeetingEvent[] = [
  { type: 'MeetingScheduled', data: { meetingId: 'm', title: 'نشست منطقه‌ای', location: 'تبریز', scheduledStart: T1 } },
  { type: 'ParticipantAdded', data: { meetingId: 'm', participantId: 'p1', organizationId: 'o', role: 'GOVERNOR', addedAt: T1 } },
  ...['o1', 'o2', 'o3'].map((outcomeId): MeetingEvent => ({
    type: 'OutcomeRecorded',
    data: { meetingId: 'm', outcomeId, kind: 'DEMAND', text: `خواسته ${outcomeId}`, recordedAt: T1 },
  })),
  { type: 'OutcomeWithdrawn', data: { meetingId: 'm', outcomeId: 'o2', withdrawnAt: T1 } },
];

const recorded = (event: MeetingEvent, revision: number): RecordedEvent => ({
  eventId: `e${revision}`,
  ...event,
  schemaVersion: 1,
  streamId: 'meeting-m',
  revision,
  position: String(revision + 1),
  recordedAt: T1,
  metadata: { occurredAt: T1, actor: { id: 'clerk-1', name: 'منشی', role: 'CLERK' } },
  hash: 'h',
  previousHash: 'p',
});

describe("a meeting's GraphQL view", () => {
  let store: ReadModelStore;
  beforeEach(() => {
    store = new ReadModelStore(':memory:', projections);
    store.transaction(() => applyEvents(store, projections, events.map(recorded)));
  });
  afterEach(() => store.close());

  it('reads no list of the meeting until a query asks for it, and counts outcomes without listing them', () => {
    const find = jest.spyOn(store, 'find');
    const count = jest.spyOn(store, 'count');
    const view = toMeeting(store.get<MeetingDocument>(meetingsProjection.collection, 'm')!, store);
    expect(view.title).toBe('نشست منطقه‌ای');
    expect(find).not.toHaveBeenCalled();
    expect(count).not.toHaveBeenCalled();
    expect(view.outcomeCounts.find((outcomeCount) => outcomeCount.kind === 'DEMAND')?.count).toBe(2);
    expect(find).not.toHaveBeenCalled();
    expect(view.participants.map((participant) => participant.id)).toEqual(['p1']);
    expect(find).toHaveBeenCalledTimes(1);
    expect(view.participants).toBe(view.participants);
  });

  it('is shared and frozen, lists included, for a stored (frozen) document', () => {
    const doc = store.get<MeetingDocument>(meetingsProjection.collection, 'm')!;
    const view = toMeeting(doc, store);
    expect(toMeeting(doc, store)).toBe(view);
    expect(Object.isFrozen(view)).toBe(true);
    expect(Object.isFrozen(view.participants)).toBe(true);
    expect(Object.isFrozen(view.participants[0])).toBe(true);
  });

  it('is its own, and not frozen, for a document being folded', () => {
    const doc = structuredClone(store.get<MeetingDocument>(meetingsProjection.collection, 'm')!);
    const view = toMeeting(doc, store);
    expect(toMeeting(doc, store)).not.toBe(view);
    expect(Object.isFrozen(view.participants)).toBe(false);
  });
});
