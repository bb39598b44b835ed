import type { Event } from '../core/event';
import { appended } from '../core/grown-list';
import { withParticipant } from './participant-keys';

export const MEETING_CATEGORY = 'meeting';

export const MEETING_STATUSES = ['SCHEDULED', 'IN_SESSION', 'CLOSED', 'CANCELLED'] as const;
export type MeetingStatus = (typeof MEETING_STATUSES)[number];

export const PARTICIPANT_ROLES = [
  'GOVERNOR',
  'HEAD_OF_MISSION',
  'MINISTER',
  'DEPUTY_MINISTER',
  'PRIVATE_SECTOR',
  'OBSERVER',
  'SECRETARY',
  'OTHER',
] as const;
export type ParticipantRole = (typeof PARTICIPANT_ROLES)[number];

export const OUTCOME_KINDS = ['PROBLEM', 'SOLUTION', 'DEMAND', 'PROPOSED_RESOLUTION'] as const;
export type OutcomeKind = (typeof OUTCOME_KINDS)[number];

export const OUTCOME_STATUSES = ['RECORDED', 'WITHDRAWN'] as const;
export type OutcomeStatus = (typeof OUTCOME_STATUSES)[number];

export type MeetingScheduled = Event<
  'MeetingScheduled',
  {
    meetingId: string;
    title: string;
    location: string;
    scheduledStart: string;
    scheduledEnd?: string;
    regionalGroupId?: string;
    /** The person chairing, as the report names them (not an organization). */
    chair?: string;
    hostOrganizationId?: string;
  }
>;

export type MeetingRescheduled = Event<
  'MeetingRescheduled',
  {
    meetingId: string;
    scheduledStart: string;
    scheduledEnd?: string;
    location: string;
    previousScheduledStart: string;
    previousScheduledEnd?: string;
    previousLocation: string;
  }
>;

export type ParticipantAdded = Event<
  'ParticipantAdded',
  {
    meetingId: string;
    participantId: string;
    organizationId: string;
    role: ParticipantRole;
    personName?: string;
    title?: string;
    addedAt: string;
  }
>;

export type ParticipantRemoved = Event<
  'ParticipantRemoved',
  {
    meetingId: string;
    participantId: string;
    organizationId: string;
    /** Working groups the participant was a member of: removal from the meeting takes them out of these too. */
    removedFromWorkingGroupIds: string[];
    removedAt: string;
  }
>;

export type MeetingOpened = Event<'MeetingOpened', { meetingId: string; openedAt: string }>;

export type WorkingGroupFormed = Event<
  'WorkingGroupFormed',
  { meetingId: string; workingGroupId: string; title: string; topic?: string; memberParticipantIds: string[]; formedAt: string }
>;

export type OutcomeRecorded = Event<
  'OutcomeRecorded',
  { meetingId: string; outcomeId: string; kind: OutcomeKind; text: string; workingGroupId?: string; recordedAt: string }
>;

export type OutcomeAmended = Event<
  'OutcomeAmended',
  { meetingId: string; outcomeId: string; text: string; previousText: string; amendedAt: string }
>;

export type OutcomeWithdrawn = Event<'OutcomeWithdrawn', { meetingId: string; outcomeId: string; withdrawnAt: string }>;

export type MeetingSummaryApproved = Event<
  'MeetingSummaryApproved',
  { meetingId: string; approvedAt: string; approvedOutcomeIds: string[] }
>;

export type MeetingClosed = Event<'MeetingClosed', { meetingId: string; closedAt: string }>;

export type MeetingCancelled = Event<'MeetingCancelled', { meetingId: string; reason: string; cancelledAt: string }>;

export type MeetingEvent =
  | MeetingScheduled
  | MeetingRescheduled
  | ParticipantAdded
  | ParticipantRemoved
  | MeetingOpened
  | WorkingGroupFormed
  | OutcomeRecorded
  | OutcomeAmended
  | OutcomeWithdrawn
  | MeetingSummaryApproved
  | MeetingClosed
  | MeetingCancelled;

export interface MeetingParticipant {
  participantId: string;
  organizationId: string;
  role: ParticipantRole;
  personName?: string;
  title?: string;
  addedAt: string;
}

export interface MeetingWorkingGroup {
  workingGroupId: string;
  title: string;
  topic?: string;
  memberParticipantIds: string[];
  formedAt: string;
}

export interface MeetingOutcome {
  outcomeId: string;
  kind: OutcomeKind;
  text: string;
  /** A withdrawn outcome stays in the list: later readers (and resolutions) may still point at it. */
  status: OutcomeStatus;
  workingGroupId?: string;
  /** Business time at which it was recorded (the command's occurredAt). */
  recordedAt: string;
  amendedAt?: string;
  withdrawnAt?: string;
}

export interface ScheduledMeeting {
  status: MeetingStatus;
  meetingId: string;
  title: string;
  location: string;
  scheduledStart: string;
  scheduledEnd?: string;
  regionalGroupId?: string;
  chair?: string;
  hostOrganizationId?: string;
  participants: MeetingParticipant[];
  workingGroups: MeetingWorkingGroup[];
  outcomes: MeetingOutcome[];
  openedAt?: string;
  closedAt?: string;
  cancelledAt?: string;
  cancellationReason?: string;
  /** Set once: the summary freezes every outcome from then on. */
  summaryApprovedAt?: string;
  approvedOutcomeIds?: string[];
}

export type Meeting = { status: 'None' } | ScheduledMeeting;

export const initialState = (): Meeting => ({ status: 'None' });

export const isLive = (outcome: MeetingOutcome): boolean => outcome.status === 'RECORDED';

// One item of each list as an event makes or changes it: the aggregate folds them into its lists,
// and the read model keeps each item as a document of its own (meetings.projection.ts).

export const participantAdded = ({ meetingId: _meetingId, ...participant }: ParticipantAdded['data']): MeetingParticipant => participant;

export const workingGroupFormed = ({ meetingId: _meetingId, memberParticipantIds, ...group }: WorkingGroupFormed['data']): MeetingWorkingGroup => ({
  ...group,
  memberParticipantIds: [...memberParticipantIds],
});

export const withoutMember = <Group extends MeetingWorkingGroup>(group: Group, participantId: string): Group => ({
  ...group,
  memberParticipantIds: group.memberParticipantIds.filter((id) => id !== participantId),
});

export const outcomeRecorded = ({ meetingId: _meetingId, ...outcome }: OutcomeRecorded['data']): MeetingOutcome => ({ ...outcome, status: 'RECORDED' });

export const outcomeAmended = <Outcome extends MeetingOutcome>(outcome: Outcome, { text, amendedAt }: OutcomeAmended['data']): Outcome => ({
  ...outcome,
  text,
  amendedAt,
});

export const outcomeWithdrawn = <Outcome extends MeetingOutcome>(outcome: Outcome, { withdrawnAt }: OutcomeWithdrawn['data']): Outcome => ({
  ...outcome,
  status: 'WITHDRAWN',
  withdrawnAt,
});

const updateOutcome = (state: ScheduledMeeting, outcomeId: string, change: (outcome: MeetingOutcome) => MeetingOutcome): ScheduledMeeting => ({
  ...state,
  outcomes: state.outcomes.map((outcome) => (outcome.outcomeId === outcomeId ? change(outcome) : outcome)),
});

export const evolve = (state: Meeting, event: MeetingEvent): Meeting => {
  if (event.type === 'MeetingScheduled')
    return { status: 'SCHEDULED', ...event.data, participants: [], workingGroups: [], outcomes: [] };
  if (state.status === 'None') return state;
  switch (event.type) {
    case 'MeetingRescheduled': {
      const { scheduledStart, scheduledEnd, location } = event.data;
      return { ...state, scheduledStart, scheduledEnd, location };
    }
    case 'ParticipantAdded':
      return { ...state, participants: withParticipant(state.participants, participantAdded(event.data)) };
    case 'ParticipantRemoved': {
      const { participantId } = event.data;
      return {
        ...state,
        participants: state.participants.filter((participant) => participant.participantId !== participantId),
        workingGroups: state.workingGroups.map((group) => withoutMember(group, participantId)),
      };
    }
    case 'MeetingOpened':
      return { ...state, status: 'IN_SESSION', openedAt: event.data.openedAt };
    case 'WorkingGroupFormed':
      return { ...state, workingGroups: appended(state.workingGroups, workingGroupFormed(event.data)) };
    case 'OutcomeRecorded':
      return { ...state, outcomes: appended(state.outcomes, outcomeRecorded(event.data)) };
    case 'OutcomeAmended':
      return updateOutcome(state, event.data.outcomeId, (outcome) => outcomeAmended(outcome, event.data));
    case 'OutcomeWithdrawn':
      return updateOutcome(state, event.data.outcomeId, (outcome) => outcomeWithdrawn(outcome, event.data));
    case 'MeetingSummaryApproved':
      return { ...state, summaryApprovedAt: event.data.approvedAt, approvedOutcomeIds: [...event.data.approvedOutcomeIds] };
    case 'MeetingClosed':
      return { ...state, status: 'CLOSED', closedAt: event.data.closedAt };
    case 'MeetingCancelled':
      return { ...state, status: 'CANCELLED', cancelledAt: event.data.cancelledAt, cancellationReason: event.data.reason };
    default:
      return state;
  }
};
