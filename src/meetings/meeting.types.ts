import { Field, ID, Int, ObjectType } from 'type-graphql';
import { Connection } from '../graphql/connection';
import { Payload } from '../graphql/payload';
import { DateTimeField } from '../graphql/date-time-field';
import { EntityView, entityView } from '../graphql/entity-view';
import { graphQLEnum } from '../graphql/enum-of';
import { sharedViews } from '../graphql/shared-views';
import { deepFreeze } from '../core/deep-freeze';
import type { MeetingDocument } from './meetings.projection';
import {
  MEETING_STATUSES,
  OUTCOME_KINDS,
  OUTCOME_STATUSES,
  PARTICIPANT_ROLES,
  isLive,
  type MeetingOutcome,
  type MeetingStatus,
  type OutcomeKind,
  type OutcomeStatus,
  type ParticipantRole,
} from './meeting';

export const MeetingStatusEnum = graphQLEnum(MEETING_STATUSES, 'MeetingStatus');
export const ParticipantRoleEnum = graphQLEnum(PARTICIPANT_ROLES, 'ParticipantRole');
export const OutcomeKindEnum = graphQLEnum(OUTCOME_KINDS, 'OutcomeKind');
export const OutcomeStatusEnum = graphQLEnum(OUTCOME_STATUSES, 'OutcomeStatus');

@ObjectType({ simpleResolvers: true })
export class Participant {
  @Field(() => ID)
  id: string;

  @Field(() => ID)
  organizationId: string;

  @Field(() => ParticipantRoleEnum)
  role: ParticipantRole;

  @Field(() => String, { nullable: true })
  personName: string | null;

  @Field(() => String, { nullable: true, description: "The person's title or office, e.g. استاندار." })
  title: string | null;

  @DateTimeField()
  addedAt: string;
}

@ObjectType({ simpleResolvers: true })
export class WorkingGroup {
  @Field(() => ID)
  id: string;

  @Field()
  title: string;

  @Field(() => String, { nullable: true })
  topic: string | null;

  @Field(() => [ID])
  memberParticipantIds: string[];

  @Field(() => [Participant])
  members: Participant[];

  @DateTimeField()
  formedAt: string;
}

@ObjectType({ simpleResolvers: true })
export class Outcome {
  @Field(() => ID)
  id: string;

  @Field(() => OutcomeKindEnum)
  kind: OutcomeKind;

  @Field()
  text: string;

  @Field(() => OutcomeStatusEnum)
  status: OutcomeStatus;

  @Field(() => Boolean, { description: "Part of the meeting's approved summary." })
  approved: boolean;

  @Field(() => ID, { nullable: true })
  workingGroupId: string | null;

  @Field(() => WorkingGroup, { nullable: true })
  workingGroup: WorkingGroup | null;

  @DateTimeField({ description: 'Business time at which it was recorded.' })
  recordedAt: string;

  @DateTimeField({ nullable: true })
  amendedAt: string | null;

  @DateTimeField({ nullable: true })
  withdrawnAt: string | null;
}

@ObjectType({ simpleResolvers: true })
export class OutcomeConnection extends Connection(Outcome, 'Outcome') {}

@ObjectType({ simpleResolvers: true })
export class OutcomeCount {
  @Field(() => OutcomeKindEnum)
  kind: OutcomeKind;

  @Field(() => Int, { description: 'Outcomes of this kind that are not withdrawn.' })
  count: number;
}

@ObjectType({ simpleResolvers: true })
export class Meeting extends EntityView {
  @Field()
  title: string;

  @Field()
  location: string;

  @DateTimeField()
  scheduledStart: string;

  @DateTimeField({ nullable: true })
  scheduledEnd: string | null;

  @Field(() => MeetingStatusEnum)
  status: MeetingStatus;

  @Field(() => String, { nullable: true, description: 'Who chairs the meeting, as named by the clerk.' })
  chair: string | null;

  @Field(() => ID, { nullable: true })
  regionalGroupId: string | null;

  @Field(() => ID, { nullable: true })
  hostOrganizationId: string | null;

  @Field(() => [Participant])
  participants: Participant[];

  @Field(() => [WorkingGroup])
  workingGroups: WorkingGroup[];

  @Field(() => [OutcomeCount], { description: 'Live (not withdrawn) outcomes per kind, every kind listed.' })
  outcomeCounts: OutcomeCount[];

  @DateTimeField({ nullable: true })
  summaryApprovedAt: string | null;

  @DateTimeField({ nullable: true })
  openedAt: string | null;

  @DateTimeField({ nullable: true })
  closedAt: string | null;

  @DateTimeField({ nullable: true })
  cancelledAt: string | null;

  @Field(() => String, { nullable: true })
  cancellationReason: string | null;

  /** Every outcome, withdrawn ones included: the `outcomes` field resolver filters and pages them (built on first use). */
  declare readonly allOutcomes: Outcome[];
}

const toParticipant = (participant: MeetingDocument['state']['participants'][number]): Participant =>
  Object.assign(new Participant(), {
    id: participant.participantId,
    organizationId: participant.organizationId,
    role: participant.role,
    personName: participant.personName ?? null,
    title: participant.title ?? null,
    addedAt: participant.addedAt,
  });

const toOutcome = (outcome: MeetingOutcome, groups: Map<string, WorkingGroup>, approvedIds: Set<string>): Outcome =>
  Object.assign(new Outcome(), {
    id: outcome.outcomeId,
    kind: outcome.kind,
    text: outcome.text,
    status: outcome.status,
    approved: approvedIds.has(outcome.outcomeId),
    workingGroupId: outcome.workingGroupId ?? null,
    workingGroup: (outcome.workingGroupId && groups.get(outcome.workingGroupId)) || null,
    recordedAt: outcome.recordedAt,
    amendedAt: outcome.amendedAt ?? null,
    withdrawnAt: outcome.withdrawnAt ?? null,
  });

const meetingView = (doc: MeetingDocument): Meeting => {
  const state = doc.state;
  const participants = state.participants.map(toParticipant);
  const participantsById = new Map(participants.map((participant) => [participant.id, participant]));
  const workingGroups = state.workingGroups.map((group) =>
    Object.assign(new WorkingGroup(), {
      id: group.workingGroupId,
      title: group.title,
      topic: group.topic ?? null,
      memberParticipantIds: group.memberParticipantIds,
      members: group.memberParticipantIds.flatMap((id) => participantsById.get(id) ?? []),
      formedAt: group.formedAt,
    }),
  );
  const groupsById = new Map(workingGroups.map((group) => [group.id, group]));
  const approvedIds = new Set(state.approvedOutcomeIds ?? []);
  const view = entityView(Meeting, doc, {
    title: state.title,
    location: state.location,
    scheduledStart: state.scheduledStart,
    scheduledEnd: state.scheduledEnd ?? null,
    status: state.status,
    chair: state.chair ?? null,
    regionalGroupId: state.regionalGroupId ?? null,
    hostOrganizationId: state.hostOrganizationId ?? null,
    participants,
    workingGroups,
    outcomeCounts: OUTCOME_KINDS.map((kind) =>
      Object.assign(new OutcomeCount(), { kind, count: state.outcomes.filter((o) => o.kind === kind && isLive(o)).length }),
    ),
    summaryApprovedAt: state.summaryApprovedAt ?? null,
    openedAt: state.openedAt ?? null,
    closedAt: state.closedAt ?? null,
    cancelledAt: state.cancelledAt ?? null,
    cancellationReason: state.cancellationReason ?? null,
  });
  // Built when the `outcomes` field asks for them, which a mutation's answer seldom does (a meeting
  // may hold hundreds), and frozen then if the view is shared.
  let allOutcomes: Outcome[] | undefined;
  Object.defineProperty(view, 'allOutcomes', {
    enumerable: false,
    get: () => {
      if (!allOutcomes) {
        allOutcomes = state.outcomes.map((outcome) => toOutcome(outcome, groupsById, approvedIds));
        if (Object.isFrozen(view)) deepFreeze(allOutcomes);
      }
      return allOutcomes;
    },
  });
  return view;
};

/** The GraphQL view of a meeting document, built once per stored version of it. */
export const toMeeting = sharedViews(meetingView);

@ObjectType({ simpleResolvers: true })
export class MeetingConnection extends Connection(Meeting, 'Meeting') {}

@ObjectType({ simpleResolvers: true })
export class MeetingPayload extends Payload(Meeting, 'meeting') {}
