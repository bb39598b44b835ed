import { createMemoryEventStore } from '../../src/eventstore/memory';
import type { RecordedEvent } from '../../src/eventstore/event-store';
import { categoryOf, entityIdOf } from '../../src/core/streams';
import { projections } from '../../src/read-models';
import { applyEvents } from '../../projections/apply-events';
import { foldEntity } from '../../projections/entity-document';
import { ReadModelStore } from '../../projections/read-model-store';
import { meetingRecordProjection, meetingsProjection } from '../../src/meetings/meetings.projection';
import { resolutionRecordProjection, resolutionsProjection } from '../../src/resolutions/resolutions.projection';
import { writeScaleLog } from '../../bench/scale-log';

/**
 * The read models keep a meeting's participants, working groups and outcomes, and a resolution's
 * referrals and progress reports, as documents of their own, folded item by item. Put back
 * together, they must be exactly the entity the aggregate folds whole (which history's `changes`
 * still compare), for every meeting and resolution of a generated log.
 */

const ACTOR = { id: 'clerk-1', name: 'منشی', role: 'CLERK' as const };
const T = '2026-05-01T09:00:00.000Z';

/** Events the generated log lacks: a participant removed from a working group, a reschedule, a cancellation. */
const appendEdgeCases = async (log: ReturnType<typeof createMemoryEventStore>) => {
  const meeting = 'meeting-0190c8a0-0000-7000-8000-00000000e001';
  const meetingId = entityIdOf(meeting);
  const events = [
    { type: 'MeetingScheduled', data: { meetingId, title: 'نشست ویژه', location: 'خوی', scheduledStart: T } },
    ...['p1', 'p2', 'p3'].map((participantId) => ({
      type: 'ParticipantAdded',
      data: { meetingId, participantId, organizationId: `org-${participantId}`, role: 'OBSERVER', personName: `ناظر ${participantId}`, addedAt: T },
    })),
    { type: 'WorkingGroupFormed', data: { meetingId, workingGroupId: 'g1', title: 'کارگروه یک', memberParticipantIds: ['p1', 'p2'], formedAt: T } },
    { type: 'WorkingGroupFormed', data: { meetingId, workingGroupId: 'g2', title: 'کارگروه دو', memberParticipantIds: ['p2', 'p3'], formedAt: T } },
    { type: 'OutcomeRecorded', data: { meetingId, outcomeId: 'x1', kind: 'PROBLEM', text: 'مشکل', workingGroupId: 'g2', recordedAt: T } },
    { type: 'ParticipantRemoved', data: { meetingId, participantId: 'p2', organizationId: 'org-p2', removedFromWorkingGroupIds: ['g1', 'g2'], removedAt: T } },
    {
      type: 'MeetingRescheduled',
      data: { meetingId, scheduledStart: '2026-06-01T09:00:00.000Z', location: 'ماکو', previousScheduledStart: T, previousLocation: 'خوی' },
    },
    { type: 'OutcomeAmended', data: { meetingId, outcomeId: 'x1', text: 'مشکل اصلاح‌شده', previousText: 'مشکل', amendedAt: T } },
    { type: 'MeetingCancelled', data: { meetingId, reason: 'تعویق', cancelledAt: T } },
  ];
  for (const event of events) await log.appendToStream(meeting, [{ ...event, metadata: { occurredAt: T, actor: ACTOR } }]);
};

const itemsOf = (store: ReadModelStore, collection: string, owner: string, ownerId: string) =>
  store
    .find<Record<string, unknown>>(collection, { filters: [{ path: owner, equals: ownerId }] })
    .docs.map(({ meetingId: _m, resolutionId: _r, seq: _s, approved: _a, ...item }) => item);

const asJson = (value: unknown) => JSON.parse(JSON.stringify(value)) as unknown;

describe("an entity's lists kept as documents of their own", () => {
  let store: ReadModelStore;
  let streams: Map<string, RecordedEvent[]>;

  beforeAll(async () => {
    const log = createMemoryEventStore();
    await writeScaleLog(log, { events: 4_000, seed: 21 });
    await appendEdgeCases(log);
    const events = await log.readAll();
    store = new ReadModelStore(':memory:', projections);
    for (let start = 0; start < events.length; start += 300) store.transaction(() => applyEvents(store, projections, events.slice(start, start + 300)));
    streams = new Map();
    for (const event of events) streams.set(event.streamId, [...(streams.get(event.streamId) ?? []), event]);
  });
  afterAll(() => store.close());

  const streamsOf = (category: string) => [...streams.entries()].filter(([streamId]) => categoryOf(streamId) === category);

  it('gives every meeting, put together, exactly as the aggregate folds it whole', () => {
    const meetings = streamsOf('meeting');
    expect(meetings.length).toBeGreaterThan(20);
    for (const [streamId, events] of meetings) {
      const id = entityIdOf(streamId);
      const whole = asJson(foldEntity(meetingRecordProjection, events)) as { state: { approvedOutcomeIds?: string[] } };
      const head = store.get<{ state: object }>(meetingsProjection.collection, id)!;
      const outcomes = store.find<{ outcomeId: string; approved: boolean }>('meetingOutcomes', { filters: [{ path: '$.meetingId', equals: id }] }).docs;
      const assembled = {
        ...head,
        state: {
          ...head.state,
          participants: itemsOf(store, 'meetingParticipants', '$.meetingId', id),
          workingGroups: itemsOf(store, 'meetingWorkingGroups', '$.meetingId', id),
          outcomes: itemsOf(store, 'meetingOutcomes', '$.meetingId', id),
          ...(whole.state.approvedOutcomeIds && { approvedOutcomeIds: whole.state.approvedOutcomeIds }),
        },
      };
      expect({ streamId, meeting: asJson(assembled) }).toEqual({ streamId, meeting: whole });
      for (const outcome of outcomes) expect(outcome.approved).toBe(whole.state.approvedOutcomeIds?.includes(outcome.outcomeId) ?? false);
    }
  });

  it('gives every resolution, put together, exactly as its whole fold, when each referral and report was recorded included', () => {
    const resolutions = streamsOf('resolution');
    expect(resolutions.length).toBeGreaterThan(20);
    expect(resolutions.some(([streamId]) => itemsOf(store, 'resolutionProgress', '$.resolutionId', entityIdOf(streamId)).length > 1)).toBe(true);
    for (const [streamId, events] of resolutions) {
      const id = entityIdOf(streamId);
      const whole = asJson(foldEntity(resolutionRecordProjection, events)) as { referredToIds: string[] };
      const head = store.get<{ state: object; referredToIds: string[] }>(resolutionsProjection.collection, id)!;
      const assembled = {
        ...head,
        state: {
          ...head.state,
          referrals: itemsOf(store, 'resolutionReferrals', '$.resolutionId', id),
          progress: itemsOf(store, 'resolutionProgress', '$.resolutionId', id),
        },
        // The head lists each organization once, for the filter; the whole fold once per referral.
        referredToIds: whole.referredToIds,
      };
      expect({ streamId, resolution: asJson(assembled) }).toEqual({ streamId, resolution: whole });
      expect(head.referredToIds).toEqual([...new Set(whole.referredToIds)]);
    }
  });
});
