import { deciderOf, type Command } from '../core/decider';
import { InvalidTransition, NotFound, ValidationFailed, invalidField, type FieldProblem } from '../core/errors';
import { normalizeForSearch } from '../core/persian-text';
import type { OrganizationStatus } from '../organizations/organization';
import { twinOf } from './participant-keys';
import {
  evolve,
  initialState,
  isLive,
  type Meeting,
  type MeetingCancelled,
  type MeetingClosed,
  type MeetingEvent,
  type MeetingOpened,
  type MeetingOutcome,
  type MeetingRescheduled,
  type MeetingScheduled,
  type MeetingSummaryApproved,
  type OutcomeAmended,
  type OutcomeKind,
  type OutcomeRecorded,
  type OutcomeWithdrawn,
  type ParticipantAdded,
  type ParticipantRemoved,
  type ParticipantRole,
  type ScheduledMeeting,
  type WorkingGroupFormed,
} from './meeting';

/**
 * What the resolver found of a referenced organization in the organizations read model
 * (null: no such organization). Decide stays pure: it never reads another aggregate itself.
 */
export type OrganizationLookup = { status: OrganizationStatus; dissolvedAt?: string } | null;

export type ScheduleMeeting = Command<
  'ScheduleMeeting',
  {
    meetingId: string;
    title: string;
    location: string;
    scheduledStart: string;
    scheduledEnd?: string;
    regionalGroupId?: string;
    chair?: string;
    hostOrganizationId?: string;
    /** Looked up when `regionalGroupId` is given: whether the regional groups read model holds it. */
    regionalGroupExists?: boolean;
    /** Looked up when `hostOrganizationId` is given. */
    hostOrganization?: OrganizationLookup;
  }
>;
export type RescheduleMeeting = Command<
  'RescheduleMeeting',
  { meetingId: string; scheduledStart?: string; scheduledEnd?: string; location?: string }
>;
export type AddParticipant = Command<
  'AddParticipant',
  {
    meetingId: string;
    organizationId: string;
    role: ParticipantRole;
    personName?: string;
    title?: string;
    organization: OrganizationLookup;
  }
>;
export type RemoveParticipant = Command<'RemoveParticipant', { meetingId: string; participantId: string }>;
export type OpenMeeting = Command<'OpenMeeting', { meetingId: string }>;
export type FormWorkingGroup = Command<
  'FormWorkingGroup',
  { meetingId: string; title: string; topic?: string; memberParticipantIds: string[] }
>;
export type RecordOutcome = Command<
  'RecordOutcome',
  { meetingId: string; kind: OutcomeKind; text: string; workingGroupId?: string }
>;
export type AmendOutcome = Command<'AmendOutcome', { meetingId: string; outcomeId: string; text: string }>;
export type WithdrawOutcome = Command<'WithdrawOutcome', { meetingId: string; outcomeId: string }>;
export type ApproveMeetingSummary = Command<'ApproveMeetingSummary', { meetingId: string }>;
export type CloseMeeting = Command<'CloseMeeting', { meetingId: string }>;
export type CancelMeeting = Command<'CancelMeeting', { meetingId: string; reason: string }>;

export type MeetingCommand =
  | ScheduleMeeting
  | RescheduleMeeting
  | AddParticipant
  | RemoveParticipant
  | OpenMeeting
  | FormWorkingGroup
  | RecordOutcome
  | AmendOutcome
  | WithdrawOutcome
  | ApproveMeetingSummary
  | CloseMeeting
  | CancelMeeting;

const existing = (command: { data: { meetingId: string } }, state: Meeting): ScheduledMeeting => {
  if (state.status === 'None') throw new NotFound('meeting', command.data.meetingId);
  return state;
};

/** A closed or cancelled meeting is history: it takes no new participants, working groups or outcomes. */
const assertNotOver = (state: ScheduledMeeting, refused: string): void => {
  if (state.status === 'CLOSED' || state.status === 'CANCELLED')
    throw new InvalidTransition(`the meeting is ${state.status}: ${refused}`, state.status);
};

const assertOutcomesNotFrozen = (state: ScheduledMeeting): void => {
  if (state.summaryApprovedAt)
    throw new InvalidTransition(`the summary was approved at ${state.summaryApprovedAt}: outcomes are frozen`, state.status);
};

const endProblem = (start: string, end: string | undefined, field: string): FieldProblem | null =>
  end !== undefined && Date.parse(end) <= Date.parse(start) ? { field, message: 'scheduledEnd must be after scheduledStart' } : null;

const organizationProblem = (field: string, id: string, found: OrganizationLookup | undefined, at: string): FieldProblem | null => {
  if (!found) return { field, message: `no organization ${id}` };
  // Judged at the act's business time: a meeting recorded late may name a body dissolved since.
  if (found.status === 'DISSOLVED' && (found.dissolvedAt === undefined || found.dissolvedAt <= at))
    return { field, message: `organization ${id} was dissolved at ${found.dissolvedAt ?? 'an unknown time'}` };
  return null;
};

export const scheduleMeeting = (command: ScheduleMeeting, state: Meeting): MeetingScheduled => {
  if (state.status !== 'None') throw new InvalidTransition('meeting already scheduled', state.status);
  const { regionalGroupExists, hostOrganization, ...data } = command.data;
  const problems = [
    endProblem(data.scheduledStart, data.scheduledEnd, 'scheduledEnd'),
    data.regionalGroupId !== undefined && !regionalGroupExists
      ? { field: 'regionalGroupId', message: `no regional group ${data.regionalGroupId}` }
      : null,
    data.hostOrganizationId !== undefined
      ? organizationProblem('hostOrganizationId', data.hostOrganizationId, hostOrganization, command.metadata.occurredAt)
      : null,
  ].filter((problem): problem is FieldProblem => problem !== null);
  if (problems.length) throw new ValidationFailed('the meeting cannot be scheduled', problems);
  return { type: 'MeetingScheduled', data };
};

export const rescheduleMeeting = (command: RescheduleMeeting, state: Meeting): MeetingRescheduled => {
  const meeting = existing(command, state);
  if (meeting.status === 'CLOSED' || meeting.status === 'CANCELLED')
    throw new InvalidTransition(`a ${meeting.status} meeting cannot be rescheduled`, meeting.status);
  const scheduledStart = command.data.scheduledStart ?? meeting.scheduledStart;
  const scheduledEnd = command.data.scheduledEnd ?? meeting.scheduledEnd;
  const location = command.data.location ?? meeting.location;
  // Name the field the clerk touched: moving only the start past the old end is a problem of the start.
  const problem = endProblem(scheduledStart, scheduledEnd, command.data.scheduledEnd !== undefined ? 'scheduledEnd' : 'scheduledStart');
  if (problem) throw new ValidationFailed(problem.message, [problem]);
  if (
    scheduledStart === meeting.scheduledStart &&
    scheduledEnd === meeting.scheduledEnd &&
    location === meeting.location
  )
    throw new ValidationFailed('nothing would change', [
      { field: 'scheduledStart', message: 'the meeting already has this time and place' },
    ]);
  return {
    type: 'MeetingRescheduled',
    data: {
      meetingId: meeting.meetingId,
      scheduledStart,
      ...(scheduledEnd !== undefined && { scheduledEnd }),
      location,
      previousScheduledStart: meeting.scheduledStart,
      ...(meeting.scheduledEnd !== undefined && { previousScheduledEnd: meeting.scheduledEnd }),
      previousLocation: meeting.location,
    },
  };
};

export const addParticipant = (command: AddParticipant, state: Meeting): ParticipantAdded => {
  const meeting = existing(command, state);
  assertNotOver(meeting, 'it takes no new participants');
  const { organization, ...data } = command.data;
  const problem = organizationProblem('organizationId', data.organizationId, organization, command.metadata.occurredAt);
  if (problem) throw new ValidationFailed(problem.message, [problem]);
  const twin = twinOf(meeting.participants, data.organizationId, data.personName);
  if (twin)
    throw invalidField(
      'personName',
      `${data.personName ?? 'this organization (unnamed)'} already takes part for organization ${data.organizationId} (participant ${twin.participantId})`,
    );
  return {
    type: 'ParticipantAdded',
    data: { ...data, participantId: command.metadata.newId(), addedAt: command.metadata.occurredAt },
  };
};

export const removeParticipant = (command: RemoveParticipant, state: Meeting): ParticipantRemoved => {
  const meeting = existing(command, state);
  assertNotOver(meeting, 'its participants are final');
  const participant = meeting.participants.find((candidate) => candidate.participantId === command.data.participantId);
  if (!participant) throw new NotFound('participant', command.data.participantId);
  return {
    type: 'ParticipantRemoved',
    data: {
      meetingId: meeting.meetingId,
      participantId: participant.participantId,
      organizationId: participant.organizationId,
      removedFromWorkingGroupIds: meeting.workingGroups
        .filter((group) => group.memberParticipantIds.includes(participant.participantId))
        .map((group) => group.workingGroupId),
      removedAt: command.metadata.occurredAt,
    },
  };
};

export const openMeeting = (command: OpenMeeting, state: Meeting): MeetingOpened => {
  const meeting = existing(command, state);
  if (meeting.status !== 'SCHEDULED') throw new InvalidTransition(`only a scheduled meeting can be opened`, meeting.status);
  return { type: 'MeetingOpened', data: { meetingId: meeting.meetingId, openedAt: command.metadata.occurredAt } };
};

export const formWorkingGroup = (command: FormWorkingGroup, state: Meeting): WorkingGroupFormed => {
  const meeting = existing(command, state);
  assertNotOver(meeting, 'it takes no new working groups');
  const { title, topic, memberParticipantIds } = command.data;
  const problems: FieldProblem[] = [];
  if (meeting.workingGroups.some((group) => normalizeForSearch(group.title) === normalizeForSearch(title)))
    problems.push({ field: 'title', message: 'the meeting already has a working group with this title' });
  if (new Set(memberParticipantIds).size !== memberParticipantIds.length)
    problems.push({ field: 'memberParticipantIds', message: 'a participant is named twice' });
  const participantIds = new Set(meeting.participants.map((participant) => participant.participantId));
  for (const id of memberParticipantIds)
    if (!participantIds.has(id)) problems.push({ field: 'memberParticipantIds', message: `${id} is not a participant of this meeting` });
  if (problems.length) throw new ValidationFailed('the working group cannot be formed', problems);
  return {
    type: 'WorkingGroupFormed',
    data: {
      meetingId: meeting.meetingId,
      workingGroupId: command.metadata.newId(),
      title,
      ...(topic !== undefined && { topic }),
      memberParticipantIds: [...memberParticipantIds],
      formedAt: command.metadata.occurredAt,
    },
  };
};

export const recordOutcome = (command: RecordOutcome, state: Meeting): OutcomeRecorded => {
  const meeting = existing(command, state);
  assertNotOver(meeting, 'it takes no new outcomes');
  assertOutcomesNotFrozen(meeting);
  const { kind, text, workingGroupId } = command.data;
  if (workingGroupId !== undefined && !meeting.workingGroups.some((group) => group.workingGroupId === workingGroupId))
    throw invalidField('workingGroupId', `the meeting has no working group ${workingGroupId}`);
  return {
    type: 'OutcomeRecorded',
    data: {
      meetingId: meeting.meetingId,
      outcomeId: command.metadata.newId(),
      kind,
      text,
      ...(workingGroupId !== undefined && { workingGroupId }),
      recordedAt: command.metadata.occurredAt,
    },
  };
};

/**
 * Amending and withdrawing correct the record: allowed until the summary is approved, including on a
 * closed meeting whose summary is still being drafted, but never on a cancelled one.
 */
const liveOutcome = (command: { data: { outcomeId: string } }, meeting: ScheduledMeeting): MeetingOutcome => {
  if (meeting.status === 'CANCELLED') throw new InvalidTransition('the meeting was cancelled: its outcomes are void', meeting.status);
  assertOutcomesNotFrozen(meeting);
  const outcome = meeting.outcomes.find((candidate) => candidate.outcomeId === command.data.outcomeId);
  if (!outcome) throw new NotFound('outcome', command.data.outcomeId);
  // The outcome's own state is what forbids it here, so that is the state reported.
  if (!isLive(outcome)) throw new InvalidTransition(`outcome ${outcome.outcomeId} was withdrawn`, outcome.status);
  return outcome;
};

export const amendOutcome = (command: AmendOutcome, state: Meeting): OutcomeAmended => {
  const meeting = existing(command, state);
  const outcome = liveOutcome(command, meeting);
  if (outcome.text === command.data.text) throw invalidField('text', 'the outcome already has this text');
  return {
    type: 'OutcomeAmended',
    data: {
      meetingId: meeting.meetingId,
      outcomeId: outcome.outcomeId,
      text: command.data.text,
      previousText: outcome.text,
      amendedAt: command.metadata.occurredAt,
    },
  };
};

export const withdrawOutcome = (command: WithdrawOutcome, state: Meeting): OutcomeWithdrawn => {
  const meeting = existing(command, state);
  const outcome = liveOutcome(command, meeting);
  return {
    type: 'OutcomeWithdrawn',
    data: { meetingId: meeting.meetingId, outcomeId: outcome.outcomeId, withdrawnAt: command.metadata.occurredAt },
  };
};

/**
 * The summary is approved in session or, as often happens, after the closing once the secretariat
 * has written it up; either way only once, and never for a meeting that did not take place.
 */
export const approveMeetingSummary = (command: ApproveMeetingSummary, state: Meeting): MeetingSummaryApproved => {
  const meeting = existing(command, state);
  if (meeting.status !== 'IN_SESSION' && meeting.status !== 'CLOSED')
    throw new InvalidTransition('only a meeting in session or closed can approve its summary', meeting.status);
  if (meeting.summaryApprovedAt)
    throw new InvalidTransition(`the summary was already approved at ${meeting.summaryApprovedAt}`, meeting.status);
  const approvedOutcomeIds = meeting.outcomes.filter(isLive).map((outcome) => outcome.outcomeId);
  if (approvedOutcomeIds.length === 0)
    throw new InvalidTransition('a summary needs at least one outcome that is not withdrawn', meeting.status);
  return {
    type: 'MeetingSummaryApproved',
    data: { meetingId: meeting.meetingId, approvedAt: command.metadata.occurredAt, approvedOutcomeIds },
  };
};

export const closeMeeting = (command: CloseMeeting, state: Meeting): MeetingClosed => {
  const meeting = existing(command, state);
  if (meeting.status !== 'IN_SESSION') throw new InvalidTransition('only a meeting in session can be closed', meeting.status);
  return { type: 'MeetingClosed', data: { meetingId: meeting.meetingId, closedAt: command.metadata.occurredAt } };
};

/**
 * A meeting may be cancelled before it opens or broken off while in session; once its summary is
 * approved it has results, and must be closed instead.
 */
export const cancelMeeting = (command: CancelMeeting, state: Meeting): MeetingCancelled => {
  const meeting = existing(command, state);
  if (meeting.status !== 'SCHEDULED' && meeting.status !== 'IN_SESSION')
    throw new InvalidTransition(`a ${meeting.status} meeting cannot be cancelled`, meeting.status);
  if (meeting.summaryApprovedAt)
    throw new InvalidTransition('the summary was approved: close the meeting instead of cancelling it', meeting.status);
  return {
    type: 'MeetingCancelled',
    data: { meetingId: meeting.meetingId, reason: command.data.reason, cancelledAt: command.metadata.occurredAt },
  };
};

export const meetingDecider = deciderOf<Meeting, MeetingCommand, MeetingEvent>(initialState, evolve, {
  ScheduleMeeting: scheduleMeeting,
  RescheduleMeeting: rescheduleMeeting,
  AddParticipant: addParticipant,
  RemoveParticipant: removeParticipant,
  OpenMeeting: openMeeting,
  FormWorkingGroup: formWorkingGroup,
  RecordOutcome: recordOutcome,
  AmendOutcome: amendOutcome,
  WithdrawOutcome: withdrawOutcome,
  ApproveMeetingSummary: approveMeetingSummary,
  CloseMeeting: closeMeeting,
  CancelMeeting: cancelMeeting,
});
