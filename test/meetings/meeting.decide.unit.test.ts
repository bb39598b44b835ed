import { meetingDecider, type MeetingCommand } from '../../src/meetings/meeting.decide';
import type { MeetingEvent } from '../../src/meetings/meeting';
import { InvalidTransition, NotFound, ValidationFailed } from '../../src/core/errors';
import { DeciderSpecification, metadata } from '../support/decider-spec';

const spec = DeciderSpecification.for(meetingDecider);

describe('Meeting', () => {
  describe('scheduleMeeting', () => {
    it('schedules a meeting with its group, host and chair', () =>
      spec
        .given([])
        .when(schedule({ regionalGroupId: GROUP_ID, regionalGroupExists: true, hostOrganizationId: HOST_ID, hostOrganization: active, chair: 'وزیر کشور' }))
        .then([
          {
            type: 'MeetingScheduled',
            data: {
              meetingId: MEETING_ID,
              title: 'نشست منطقه‌ای استانداران و سفرا',
              location: 'تبریز',
              scheduledStart: START,
              scheduledEnd: END,
              regionalGroupId: GROUP_ID,
              hostOrganizationId: HOST_ID,
              chair: 'وزیر کشور',
            },
          },
        ]));

    it('refuses scheduling a meeting that is already scheduled', () =>
      spec.given([scheduled]).when(schedule()).thenThrows(InvalidTransition, { state: 'SCHEDULED' }));

    it('refuses an end before the start, naming scheduledEnd', () =>
      spec
        .given([])
        .when(schedule({ scheduledEnd: '2026-05-01T08:00:00.000Z' }))
        .thenThrows(ValidationFailed, { fields: [{ field: 'scheduledEnd', message: expect.any(String) }] }));

    it('refuses an end equal to the start', () =>
      spec.given([]).when(schedule({ scheduledEnd: START })).thenThrows(ValidationFailed, { fields: [{ field: 'scheduledEnd' }] }));

    it('accepts a meeting without an end', () =>
      spec.given([]).when(schedule({ scheduledEnd: undefined })).thenMatches([{ type: 'MeetingScheduled' }]));

    it('refuses a regional group that does not exist', () =>
      spec
        .given([])
        .when(schedule({ regionalGroupId: GROUP_ID, regionalGroupExists: false }))
        .thenThrows(ValidationFailed, { fields: [{ field: 'regionalGroupId' }] }));

    it('refuses a host organization that does not exist', () =>
      spec
        .given([])
        .when(schedule({ hostOrganizationId: HOST_ID, hostOrganization: null }))
        .thenThrows(ValidationFailed, { fields: [{ field: 'hostOrganizationId' }] }));

    it('refuses a host organization dissolved before the meeting was scheduled', () =>
      spec
        .given([])
        .when(schedule({ hostOrganizationId: HOST_ID, hostOrganization: { status: 'DISSOLVED', dissolvedAt: '2025-01-01T00:00:00.000Z' } }))
        .thenThrows(ValidationFailed, { fields: [{ field: 'hostOrganizationId' }] }));

    it('accepts a host dissolved only after the business time of a late-recorded meeting', () =>
      spec
        .given([])
        .when(
          schedule(
            { hostOrganizationId: HOST_ID, hostOrganization: { status: 'DISSOLVED', dissolvedAt: '2026-06-01T00:00:00.000Z' } },
            { occurredAt: '2026-04-01T00:00:00.000Z' },
          ),
        )
        .thenMatches([{ type: 'MeetingScheduled' }]));

    it('names every wrong field at once', () =>
      spec
        .given([])
        .when(schedule({ scheduledEnd: START, regionalGroupId: GROUP_ID, regionalGroupExists: false, hostOrganizationId: HOST_ID, hostOrganization: null }))
        .thenThrows(ValidationFailed, {
          fields: [{ field: 'scheduledEnd' }, { field: 'regionalGroupId' }, { field: 'hostOrganizationId' }],
        }));
  });

  describe('rescheduleMeeting', () => {
    it('moves the meeting, keeping the previous time and place', () =>
      spec
        .given([scheduled])
        .when(reschedule({ scheduledStart: '2026-06-01T06:00:00.000Z', scheduledEnd: '2026-06-02T14:00:00.000Z', location: 'ارومیه' }))
        .then([
          {
            type: 'MeetingRescheduled',
            data: {
              meetingId: MEETING_ID,
              scheduledStart: '2026-06-01T06:00:00.000Z',
              scheduledEnd: '2026-06-02T14:00:00.000Z',
              location: 'ارومیه',
              previousScheduledStart: START,
              previousScheduledEnd: END,
              previousLocation: 'تبریز',
            },
          },
        ]));

    it('changes only the place, keeping the times', () =>
      spec
        .given([scheduled])
        .when(reschedule({ location: 'اردبیل' }))
        .thenMatches([{ type: 'MeetingRescheduled', data: expect.objectContaining({ scheduledStart: START, scheduledEnd: END, location: 'اردبیل' }) }]));

    it('may still be rescheduled while in session', () =>
      spec
        .given([scheduled, opened])
        .when(reschedule({ scheduledEnd: '2026-05-03T14:00:00.000Z' }))
        .thenMatches([{ type: 'MeetingRescheduled', data: expect.objectContaining({ scheduledEnd: '2026-05-03T14:00:00.000Z' }) }]));

    it('refuses an unknown meeting', () => spec.given([]).when(reschedule({ location: 'x' })).thenThrows(NotFound));

    it('refuses a closed meeting', () =>
      spec.given([scheduled, opened, closed]).when(reschedule({ location: 'x' })).thenThrows(InvalidTransition, { state: 'CLOSED' }));

    it('refuses a cancelled meeting', () =>
      spec.given([scheduled, cancelled]).when(reschedule({ location: 'x' })).thenThrows(InvalidTransition, { state: 'CANCELLED' }));

    it('refuses a new end before the start, naming scheduledEnd', () =>
      spec
        .given([scheduled])
        .when(reschedule({ scheduledEnd: '2026-04-01T00:00:00.000Z' }))
        .thenThrows(ValidationFailed, { fields: [{ field: 'scheduledEnd' }] }));

    it('refuses moving only the start past the existing end, naming scheduledStart', () =>
      spec
        .given([scheduled])
        .when(reschedule({ scheduledStart: '2026-07-01T00:00:00.000Z' }))
        .thenThrows(ValidationFailed, { fields: [{ field: 'scheduledStart' }] }));

    it('refuses a reschedule that changes nothing', () =>
      spec.given([scheduled]).when(reschedule({ location: 'تبریز', scheduledStart: START })).thenThrows(ValidationFailed));
  });

  describe('addParticipant', () => {
    it('adds a participant with a new id, at the business time', () =>
      spec
        .given([scheduled])
        .when(add({ personName: 'محمدرضا پورمحمدی', title: 'استاندار' }))
        .then([
          {
            type: 'ParticipantAdded',
            data: {
              meetingId: MEETING_ID,
              participantId: NEW_ID,
              organizationId: ORG_A,
              role: 'GOVERNOR',
              personName: 'محمدرضا پورمحمدی',
              title: 'استاندار',
              addedAt: OCCURRED,
            },
          },
        ]));

    it('adds a participant while the meeting is in session', () =>
      spec.given([scheduled, opened]).when(add({ personName: 'دیرآمده' })).thenMatches([{ type: 'ParticipantAdded' }]));

    it('refuses an unknown meeting', () => spec.given([]).when(add()).thenThrows(NotFound));

    it('refuses a participant for a closed meeting', () =>
      spec.given([scheduled, opened, closed]).when(add()).thenThrows(InvalidTransition, { state: 'CLOSED' }));

    it('refuses a participant for a cancelled meeting', () =>
      spec.given([scheduled, cancelled]).when(add()).thenThrows(InvalidTransition, { state: 'CANCELLED' }));

    it('refuses an organization that does not exist', () =>
      spec.given([scheduled]).when(add({ organization: null })).thenThrows(ValidationFailed, { fields: [{ field: 'organizationId' }] }));

    it('refuses an organization dissolved before the act', () =>
      spec
        .given([scheduled])
        .when(add({ organization: { status: 'DISSOLVED', dissolvedAt: '2026-01-01T00:00:00.000Z' } }))
        .thenThrows(ValidationFailed, { fields: [{ field: 'organizationId' }] }));

    it('refuses the same person of the same organization twice', () =>
      spec
        .given([scheduled, participantA])
        .when(add({ personName: 'علی رضایی' }))
        .thenThrows(ValidationFailed, { fields: [{ field: 'personName' }] }));

    it('treats Arabic letter forms as the same name', () =>
      spec
        .given([scheduled, participantA])
        .when(add({ personName: 'علي رضايي' }))
        .thenThrows(ValidationFailed, { fields: [{ field: 'personName' }] }));

    it('refuses an organization without a named person twice', () =>
      spec
        .given([scheduled, { ...participantA, data: { ...participantA.data, personName: undefined } }])
        .when(add({ personName: undefined }))
        .thenThrows(ValidationFailed, { fields: [{ field: 'personName' }] }));

    it('accepts another person of the same organization', () =>
      spec.given([scheduled, participantA]).when(add({ personName: 'مریم احمدی' })).thenMatches([{ type: 'ParticipantAdded' }]));

    it('accepts the same person again after they were removed', () =>
      spec
        .given([scheduled, participantA, removedA])
        .when(add({ personName: 'علی رضایی' }))
        .thenMatches([{ type: 'ParticipantAdded' }]));
  });

  describe('removeParticipant', () => {
    it('removes a participant and names the working groups they leave', () =>
      spec
        .given([scheduled, participantA, participantB, groupWithA])
        .when(command({ type: 'RemoveParticipant', data: { meetingId: MEETING_ID, participantId: PARTICIPANT_A } }))
        .then([removedA]));

    it('refuses an unknown meeting', () =>
      spec.given([]).when(command({ type: 'RemoveParticipant', data: { meetingId: MEETING_ID, participantId: PARTICIPANT_A } })).thenThrows(NotFound));

    it('refuses an unknown participant', () =>
      spec
        .given([scheduled])
        .when(command({ type: 'RemoveParticipant', data: { meetingId: MEETING_ID, participantId: PARTICIPANT_A } }))
        .thenThrows(NotFound, { entity: 'participant' }));

    it('refuses removing the same participant twice', () =>
      spec
        .given([scheduled, participantA, removedA])
        .when(command({ type: 'RemoveParticipant', data: { meetingId: MEETING_ID, participantId: PARTICIPANT_A } }))
        .thenThrows(NotFound, { entity: 'participant' }));

    it('refuses on a closed meeting', () =>
      spec
        .given([scheduled, participantA, opened, closed])
        .when(command({ type: 'RemoveParticipant', data: { meetingId: MEETING_ID, participantId: PARTICIPANT_A } }))
        .thenThrows(InvalidTransition, { state: 'CLOSED' }));

    it('refuses on a cancelled meeting', () =>
      spec
        .given([scheduled, participantA, cancelled])
        .when(command({ type: 'RemoveParticipant', data: { meetingId: MEETING_ID, participantId: PARTICIPANT_A } }))
        .thenThrows(InvalidTransition, { state: 'CANCELLED' }));
  });

  describe('openMeeting', () => {
    it('opens a scheduled meeting at the business time', () =>
      spec.given([scheduled]).when(command({ type: 'OpenMeeting', data: { meetingId: MEETING_ID } })).then([opened]));

    it('refuses an unknown meeting', () =>
      spec.given([]).when(command({ type: 'OpenMeeting', data: { meetingId: MEETING_ID } })).thenThrows(NotFound));

    it('refuses opening a meeting in session', () =>
      spec
        .given([scheduled, opened])
        .when(command({ type: 'OpenMeeting', data: { meetingId: MEETING_ID } }))
        .thenThrows(InvalidTransition, { state: 'IN_SESSION' }));

    it('refuses opening a closed meeting', () =>
      spec
        .given([scheduled, opened, closed])
        .when(command({ type: 'OpenMeeting', data: { meetingId: MEETING_ID } }))
        .thenThrows(InvalidTransition, { state: 'CLOSED' }));

    it('refuses opening a cancelled meeting', () =>
      spec
        .given([scheduled, cancelled])
        .when(command({ type: 'OpenMeeting', data: { meetingId: MEETING_ID } }))
        .thenThrows(InvalidTransition, { state: 'CANCELLED' }));
  });

  describe('formWorkingGroup', () => {
    it('forms a working group of participants', () =>
      spec
        .given([scheduled, participantA, participantB, opened])
        .when(form({ title: 'جذب سرمایه‌گذاری خارجی', topic: 'سرمایه‌گذاری', memberParticipantIds: [PARTICIPANT_A, PARTICIPANT_B] }))
        .then([
          {
            type: 'WorkingGroupFormed',
            data: {
              meetingId: MEETING_ID,
              workingGroupId: NEW_ID,
              title: 'جذب سرمایه‌گذاری خارجی',
              topic: 'سرمایه‌گذاری',
              memberParticipantIds: [PARTICIPANT_A, PARTICIPANT_B],
              formedAt: OCCURRED,
            },
          },
        ]));

    it('forms a working group before the meeting opens', () =>
      spec.given([scheduled]).when(form({ title: 'گردشگری' })).thenMatches([{ type: 'WorkingGroupFormed' }]));

    it('refuses members who are not participants', () =>
      spec
        .given([scheduled, participantA])
        .when(form({ memberParticipantIds: [PARTICIPANT_A, PARTICIPANT_B] }))
        .thenThrows(ValidationFailed, { fields: [{ field: 'memberParticipantIds', message: expect.stringContaining(PARTICIPANT_B) }] }));

    it('refuses a member who was removed from the meeting', () =>
      spec
        .given([scheduled, participantA, removedA])
        .when(form({ memberParticipantIds: [PARTICIPANT_A] }))
        .thenThrows(ValidationFailed, { fields: [{ field: 'memberParticipantIds' }] }));

    it('refuses a member named twice', () =>
      spec
        .given([scheduled, participantA])
        .when(form({ memberParticipantIds: [PARTICIPANT_A, PARTICIPANT_A] }))
        .thenThrows(ValidationFailed, { fields: [{ field: 'memberParticipantIds' }] }));

    it('refuses a second group with the same title, ignoring letter forms and ZWNJ', () =>
      spec
        .given([scheduled, participantA, groupWithA])
        .when(form({ title: 'توسعه صادرات غيرنفتي' }))
        .thenThrows(ValidationFailed, { fields: [{ field: 'title' }] }));

    it('refuses an unknown meeting', () => spec.given([]).when(form()).thenThrows(NotFound));

    it('refuses a working group for a closed meeting', () =>
      spec.given([scheduled, opened, closed]).when(form()).thenThrows(InvalidTransition, { state: 'CLOSED' }));

    it('refuses a working group for a cancelled meeting', () =>
      spec.given([scheduled, cancelled]).when(form()).thenThrows(InvalidTransition, { state: 'CANCELLED' }));
  });

  describe('recordOutcome', () => {
    it('records an outcome of a working group', () =>
      spec
        .given([scheduled, participantA, opened, groupWithA])
        .when(record({ kind: 'DEMAND', text: 'تفویض اختیارات به استان‌ها', workingGroupId: GROUP_A }))
        .then([
          {
            type: 'OutcomeRecorded',
            data: {
              meetingId: MEETING_ID,
              outcomeId: NEW_ID,
              kind: 'DEMAND',
              text: 'تفویض اختیارات به استان‌ها',
              workingGroupId: GROUP_A,
              recordedAt: OCCURRED,
            },
          },
        ]));

    it('records a proposal presented before the meeting opens', () =>
      spec.given([scheduled]).when(record()).thenMatches([{ type: 'OutcomeRecorded' }]));

    it('refuses a working group the meeting does not have', () =>
      spec
        .given([scheduled, opened])
        .when(record({ workingGroupId: GROUP_A }))
        .thenThrows(ValidationFailed, { fields: [{ field: 'workingGroupId' }] }));

    it('refuses an unknown meeting', () => spec.given([]).when(record()).thenThrows(NotFound));

    it('refuses an outcome for a closed meeting', () =>
      spec.given([scheduled, opened, closed]).when(record()).thenThrows(InvalidTransition, { state: 'CLOSED' }));

    it('refuses an outcome for a cancelled meeting', () =>
      spec.given([scheduled, cancelled]).when(record()).thenThrows(InvalidTransition, { state: 'CANCELLED' }));

    it('refuses a new outcome once the summary is approved', () =>
      spec
        .given([scheduled, opened, outcome1, summaryApproved])
        .when(record({ text: 'بند ۶۴' }))
        .thenThrows(InvalidTransition, { state: 'IN_SESSION' }));
  });

  describe('amendOutcome', () => {
    it('amends the text, keeping the previous one', () =>
      spec
        .given([scheduled, opened, outcome1])
        .when(amend({ text: 'حذف مقررات مزاحم' }))
        .then([
          {
            type: 'OutcomeAmended',
            data: { meetingId: MEETING_ID, outcomeId: OUTCOME_1, text: 'حذف مقررات مزاحم', previousText: 'حذف مقررات دست‌وپاگیر', amendedAt: OCCURRED },
          },
        ]));

    it('amends an outcome of a closed meeting whose summary is not yet approved', () =>
      spec.given([scheduled, opened, outcome1, closed]).when(amend()).thenMatches([{ type: 'OutcomeAmended' }]));

    it('accepts a change of ZWNJ alone as an amendment', () =>
      spec.given([scheduled, outcome1]).when(amend({ text: 'حذف مقررات دستوپاگیر' })).thenMatches([{ type: 'OutcomeAmended' }]));

    it('refuses an amendment that changes nothing', () =>
      spec
        .given([scheduled, outcome1])
        .when(amend({ text: 'حذف مقررات دست‌وپاگیر' }))
        .thenThrows(ValidationFailed, { fields: [{ field: 'text' }] }));

    it('refuses an unknown meeting', () => spec.given([]).when(amend()).thenThrows(NotFound, { entity: 'meeting' }));

    it('refuses an unknown outcome', () => spec.given([scheduled]).when(amend()).thenThrows(NotFound, { entity: 'outcome' }));

    it('refuses a withdrawn outcome', () =>
      spec.given([scheduled, outcome1, withdrawn1]).when(amend()).thenThrows(InvalidTransition, { state: 'WITHDRAWN' }));

    it('refuses once the summary is approved', () =>
      spec.given([scheduled, opened, outcome1, summaryApproved]).when(amend()).thenThrows(InvalidTransition, { state: 'IN_SESSION' }));

    it('refuses on a cancelled meeting', () =>
      spec.given([scheduled, outcome1, cancelled]).when(amend()).thenThrows(InvalidTransition, { state: 'CANCELLED' }));
  });

  describe('withdrawOutcome', () => {
    it('withdraws an outcome at the business time', () =>
      spec.given([scheduled, opened, outcome1]).when(withdraw()).then([withdrawn1]));

    it('refuses withdrawing twice', () =>
      spec.given([scheduled, outcome1, withdrawn1]).when(withdraw()).thenThrows(InvalidTransition, { state: 'WITHDRAWN' }));

    it('refuses an unknown outcome', () => spec.given([scheduled]).when(withdraw()).thenThrows(NotFound, { entity: 'outcome' }));

    it('refuses an unknown meeting', () => spec.given([]).when(withdraw()).thenThrows(NotFound, { entity: 'meeting' }));

    it('refuses once the summary is approved', () =>
      spec
        .given([scheduled, opened, outcome1, summaryApproved, closed])
        .when(withdraw())
        .thenThrows(InvalidTransition, { state: 'CLOSED' }));

    it('refuses on a cancelled meeting', () =>
      spec.given([scheduled, outcome1, cancelled]).when(withdraw()).thenThrows(InvalidTransition, { state: 'CANCELLED' }));
  });

  describe('approveMeetingSummary', () => {
    it('approves the live outcomes in session, at the business time', () =>
      spec
        .given([scheduled, opened, outcome1, outcome2, withdrawn1])
        .when(approve())
        .then([{ type: 'MeetingSummaryApproved', data: { meetingId: MEETING_ID, approvedAt: OCCURRED, approvedOutcomeIds: [OUTCOME_2] } }]));

    it('approves the summary of a closed meeting that has not approved one', () =>
      spec
        .given([scheduled, opened, outcome1, closed])
        .when(approve())
        .then([{ type: 'MeetingSummaryApproved', data: { meetingId: MEETING_ID, approvedAt: OCCURRED, approvedOutcomeIds: [OUTCOME_1] } }]));

    it('refuses a meeting that has not opened', () =>
      spec.given([scheduled, outcome1]).when(approve()).thenThrows(InvalidTransition, { state: 'SCHEDULED' }));

    it('refuses a cancelled meeting', () =>
      spec.given([scheduled, opened, outcome1, cancelled]).when(approve()).thenThrows(InvalidTransition, { state: 'CANCELLED' }));

    it('refuses approving twice', () =>
      spec.given([scheduled, opened, outcome1, summaryApproved]).when(approve()).thenThrows(InvalidTransition, { state: 'IN_SESSION' }));

    it('refuses approving twice after closing', () =>
      spec
        .given([scheduled, opened, outcome1, summaryApproved, closed])
        .when(approve())
        .thenThrows(InvalidTransition, { state: 'CLOSED' }));

    it('refuses a summary without outcomes', () =>
      spec.given([scheduled, opened]).when(approve()).thenThrows(InvalidTransition, { state: 'IN_SESSION' }));

    it('refuses a summary whose outcomes are all withdrawn', () =>
      spec.given([scheduled, opened, outcome1, withdrawn1]).when(approve()).thenThrows(InvalidTransition, { state: 'IN_SESSION' }));

    it('refuses an unknown meeting', () => spec.given([]).when(approve()).thenThrows(NotFound));
  });

  describe('closeMeeting', () => {
    it('closes a meeting in session at the business time', () =>
      spec.given([scheduled, opened]).when(command({ type: 'CloseMeeting', data: { meetingId: MEETING_ID } })).then([closed]));

    it('refuses closing a meeting that has not opened', () =>
      spec
        .given([scheduled])
        .when(command({ type: 'CloseMeeting', data: { meetingId: MEETING_ID } }))
        .thenThrows(InvalidTransition, { state: 'SCHEDULED' }));

    it('refuses closing twice', () =>
      spec
        .given([scheduled, opened, closed])
        .when(command({ type: 'CloseMeeting', data: { meetingId: MEETING_ID } }))
        .thenThrows(InvalidTransition, { state: 'CLOSED' }));

    it('refuses closing a cancelled meeting', () =>
      spec
        .given([scheduled, cancelled])
        .when(command({ type: 'CloseMeeting', data: { meetingId: MEETING_ID } }))
        .thenThrows(InvalidTransition, { state: 'CANCELLED' }));

    it('refuses an unknown meeting', () =>
      spec.given([]).when(command({ type: 'CloseMeeting', data: { meetingId: MEETING_ID } })).thenThrows(NotFound));
  });

  describe('cancelMeeting', () => {
    it('cancels a scheduled meeting with its reason', () => spec.given([scheduled]).when(cancel()).then([cancelled]));

    it('breaks off a meeting in session', () =>
      spec.given([scheduled, opened]).when(cancel()).then([cancelled]));

    it('refuses cancelling a meeting whose summary was approved', () =>
      spec.given([scheduled, opened, outcome1, summaryApproved]).when(cancel()).thenThrows(InvalidTransition, { state: 'IN_SESSION' }));

    it('refuses cancelling a closed meeting', () =>
      spec.given([scheduled, opened, closed]).when(cancel()).thenThrows(InvalidTransition, { state: 'CLOSED' }));

    it('refuses cancelling twice', () =>
      spec.given([scheduled, cancelled]).when(cancel()).thenThrows(InvalidTransition, { state: 'CANCELLED' }));

    it('refuses an unknown meeting', () => spec.given([]).when(cancel()).thenThrows(NotFound));
  });
});

// Fixtures: small named events and command builders.

const MEETING_ID = '0190c8a0-0000-7000-8000-000000000001';
const GROUP_ID = '0190c8a0-0000-7000-8000-000000000002';
const HOST_ID = '0190c8a0-0000-7000-8000-000000000003';
const ORG_A = '0190c8a0-0000-7000-8000-000000000004';
const ORG_B = '0190c8a0-0000-7000-8000-000000000005';
const PARTICIPANT_A = '0190c8a0-0000-7000-8000-0000000000a1';
const PARTICIPANT_B = '0190c8a0-0000-7000-8000-0000000000b1';
const GROUP_A = '0190c8a0-0000-7000-8000-0000000000c1';
const OUTCOME_1 = '0190c8a0-0000-7000-8000-0000000000d1';
const OUTCOME_2 = '0190c8a0-0000-7000-8000-0000000000d2';
const NEW_ID = '0190c8a0-0000-7000-8000-0000000000ff';
const START = '2026-05-01T09:00:00.000Z';
const END = '2026-05-02T13:00:00.000Z';
const OCCURRED = '2026-05-01T10:30:00.000Z';
const active = { status: 'ACTIVE' as const };

const command = (partial: Omit<MeetingCommand, 'metadata'>, meta = {}): MeetingCommand =>
  ({ ...partial, metadata: metadata({ occurredAt: OCCURRED, newId: () => NEW_ID, ...meta }) }) as MeetingCommand;

type DataOf<T extends MeetingCommand['type']> = Extract<MeetingCommand, { type: T }>['data'];

const schedule = (data: Partial<DataOf<'ScheduleMeeting'>> = {}, meta = {}) =>
  command(
    {
      type: 'ScheduleMeeting',
      data: { meetingId: MEETING_ID, title: 'نشست منطقه‌ای استانداران و سفرا', location: 'تبریز', scheduledStart: START, scheduledEnd: END, ...data },
    },
    meta,
  );
const reschedule = (data: Partial<DataOf<'RescheduleMeeting'>>) =>
  command({ type: 'RescheduleMeeting', data: { meetingId: MEETING_ID, ...data } });
const add = (data: Partial<DataOf<'AddParticipant'>> = {}) =>
  command({ type: 'AddParticipant', data: { meetingId: MEETING_ID, organizationId: ORG_A, role: 'GOVERNOR', organization: active, ...data } });
const form = (data: Partial<DataOf<'FormWorkingGroup'>> = {}) =>
  command({ type: 'FormWorkingGroup', data: { meetingId: MEETING_ID, title: 'توسعه گردشگری', memberParticipantIds: [], ...data } });
const record = (data: Partial<DataOf<'RecordOutcome'>> = {}) =>
  command({ type: 'RecordOutcome', data: { meetingId: MEETING_ID, kind: 'PROBLEM', text: 'مقررات مزاحم', ...data } });
const amend = (data: Partial<DataOf<'AmendOutcome'>> = {}) =>
  command({ type: 'AmendOutcome', data: { meetingId: MEETING_ID, outcomeId: OUTCOME_1, text: 'متن اصلاح‌شده', ...data } });
const withdraw = () => command({ type: 'WithdrawOutcome', data: { meetingId: MEETING_ID, outcomeId: OUTCOME_1 } });
const approve = () => command({ type: 'ApproveMeetingSummary', data: { meetingId: MEETING_ID } });
const cancel = () => command({ type: 'CancelMeeting', data: { meetingId: MEETING_ID, reason: 'سفر هیئت لغو شد' } });

const scheduled: MeetingEvent = {
  type: 'MeetingScheduled',
  data: { meetingId: MEETING_ID, title: 'نشست منطقه‌ای', location: 'تبریز', scheduledStart: START, scheduledEnd: END },
};
const opened: MeetingEvent = { type: 'MeetingOpened', data: { meetingId: MEETING_ID, openedAt: OCCURRED } };
const closed: MeetingEvent = { type: 'MeetingClosed', data: { meetingId: MEETING_ID, closedAt: OCCURRED } };
const cancelled: MeetingEvent = { type: 'MeetingCancelled', data: { meetingId: MEETING_ID, reason: 'سفر هیئت لغو شد', cancelledAt: OCCURRED } };
const participantA = {
  type: 'ParticipantAdded',
  data: { meetingId: MEETING_ID, participantId: PARTICIPANT_A, organizationId: ORG_A, role: 'GOVERNOR', personName: 'علی رضایی', addedAt: START },
} satisfies MeetingEvent;
const participantB: MeetingEvent = {
  type: 'ParticipantAdded',
  data: { meetingId: MEETING_ID, participantId: PARTICIPANT_B, organizationId: ORG_B, role: 'HEAD_OF_MISSION', personName: 'سفیر', addedAt: START },
};
const groupWithA: MeetingEvent = {
  type: 'WorkingGroupFormed',
  data: { meetingId: MEETING_ID, workingGroupId: GROUP_A, title: 'توسعه صادرات غیرنفتی', memberParticipantIds: [PARTICIPANT_A], formedAt: START },
};
const removedA: MeetingEvent = {
  type: 'ParticipantRemoved',
  data: { meetingId: MEETING_ID, participantId: PARTICIPANT_A, organizationId: ORG_A, removedFromWorkingGroupIds: [GROUP_A], removedAt: OCCURRED },
};
const outcome1: MeetingEvent = {
  type: 'OutcomeRecorded',
  data: { meetingId: MEETING_ID, outcomeId: OUTCOME_1, kind: 'PROBLEM', text: 'حذف مقررات دست‌وپاگیر', recordedAt: START },
};
const outcome2: MeetingEvent = {
  type: 'OutcomeRecorded',
  data: { meetingId: MEETING_ID, outcomeId: OUTCOME_2, kind: 'PROPOSED_RESOLUTION', text: 'تشکیل کمیته راهبری مشترک', recordedAt: START },
};
const withdrawn1: MeetingEvent = { type: 'OutcomeWithdrawn', data: { meetingId: MEETING_ID, outcomeId: OUTCOME_1, withdrawnAt: OCCURRED } };
const summaryApproved: MeetingEvent = {
  type: 'MeetingSummaryApproved',
  data: { meetingId: MEETING_ID, approvedAt: OCCURRED, approvedOutcomeIds: [OUTCOME_1] },
};
