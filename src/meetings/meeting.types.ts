import { Field, ID, Int, ObjectType } from 'type-graphql';
import { Connection } from '../graphql/connection';
import { Payload } from '../graphql/payload';
import { DateTimeField } from '../graphql/date-time-field';
import { EntityView, entityView } from '../graphql/entity-view';
import { graphQLEnum } from '../graphql/enum-of';
import { sharedViews } from '../graphql/shared-views';
import type { ReadModelStore } from '../../projections/read-model-store';
import { childIdOf } from '../../projections/child-document';
import {
  meetingOutcomesProjection,
  meetingParticipantsProjection,
  meetingWorkingGroupsProjection,
  type MeetingDocument,
  type MeetingOutcomeDocument,
  type MeetingParticipantDocument,
  type MeetingWorkingGroupDocument,
} from './meetings.projection';
import {
  MEETING_STATUSES,
  OUTCOME_KINDS,
  OUTCOME_STATUSES,
  PARTICIPANT_ROLES,
  type MeetingParticipant,
  type MeetingStatus,
  type OutcomeKind,
  type OutcomeStatus,
  type ParticipantRole,
} from './meeting';
import { Node } from '../graphql/node';
import { idAtPoint, isPastPoint, type ReadPoint } from '../graphql/read-point';
import { lazily } from '../graphql/lazily';

const ITEM_ID_DESCRIPTION =
  "Its id as a normalising cache keys it: its own (`itemId`) when read now; read at a past point, `<itemId>@asOf:<ISO>` and/or `@position:<P>`, as its meeting's id.";
const ITEM_OWN_ID_DESCRIPTION = 'Its own id, whatever point it was read at: the id mutations take.';

export const MeetingStatusEnum = graphQLEnum(MEETING_STATUSES, 'MeetingStatus');
export const ParticipantRoleEnum = graphQLEnum(PARTICIPANT_ROLES, 'ParticipantRole');
export const OutcomeKindEnum = graphQLEnum(OUTCOME_KINDS, 'OutcomeKind');
export const OutcomeStatusEnum = graphQLEnum(OUTCOME_STATUSES, 'OutcomeStatus');

@ObjectType({ simpleResolvers: true })
export class Participant {
  @Field(() => ID, { description: ITEM_ID_DESCRIPTION })
  id: string;

  @Field(() => ID, { description: ITEM_OWN_ID_DESCRIPTION })
  itemId: string;

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
  @Field(() => ID, { description: ITEM_ID_DESCRIPTION })
  id: string;

  @Field(() => ID, { description: ITEM_OWN_ID_DESCRIPTION })
  itemId: string;

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
  @Field(() => ID, { description: ITEM_ID_DESCRIPTION })
  id: string;

  @Field(() => ID, { description: ITEM_OWN_ID_DESCRIPTION })
  itemId: string;

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

@ObjectType({ simpleResolvers: true, implements: Node })
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

  /** The read models the meeting was read from (live or as of a point): its lists are read from them when asked for. */
  declare readonly readModels: ReadModelStore;

  /** The point it was read at (empty: now): its items carry it in their ids. */
  declare readonly readPoint: ReadPoint;
}

const toParticipant = (participant: MeetingParticipant, point: ReadPoint): Participant =>
  Object.assign(new Participant(), {
    id: idAtPoint(participant.participantId, point),
    itemId: participant.participantId,
    organizationId: participant.organizationId,
    role: participant.role,
    personName: participant.personName ?? null,
    title: participant.title ?? null,
    addedAt: participant.addedAt,
  });

/** Every item of one of a meeting's lists, in the order they were added. */
const itemsOf = <Item>(readModels: ReadModelStore, collection: string, meetingId: string): Item[] =>
  readModels.find<Item>(collection, { filters: [{ path: '$.meetingId', equals: meetingId }] }).docs;

const toWorkingGroup = (readModels: ReadModelStore, group: MeetingWorkingGroupDocument, point: ReadPoint): WorkingGroup =>
  Object.assign(new WorkingGroup(), {
    id: idAtPoint(group.workingGroupId, point),
    itemId: group.workingGroupId,
    title: group.title,
    topic: group.topic ?? null,
    memberParticipantIds: group.memberParticipantIds,
    members: readModels
      .getMany<MeetingParticipantDocument>(
        meetingParticipantsProjection.collection,
        group.memberParticipantIds.map((id) => childIdOf(group.meetingId, id)),
      )
      .flatMap((participant) => (participant ? [toParticipant(participant, point)] : [])),
    formedAt: group.formedAt,
  });

/** One outcome's view; its working group is read when asked for. */
export const toOutcome = (readModels: ReadModelStore, outcome: MeetingOutcomeDocument, point: ReadPoint = {}): Outcome => {
  const view = Object.assign(new Outcome(), {
    id: idAtPoint(outcome.outcomeId, point),
    itemId: outcome.outcomeId,
    kind: outcome.kind,
    text: outcome.text,
    status: outcome.status,
    approved: outcome.approved,
    workingGroupId: outcome.workingGroupId ?? null,
    recordedAt: outcome.recordedAt,
    amendedAt: outcome.amendedAt ?? null,
    withdrawnAt: outcome.withdrawnAt ?? null,
  });
  let workingGroup: WorkingGroup | null | undefined;
  Object.defineProperty(view, 'workingGroup', {
    enumerable: false,
    get: () => {
      if (workingGroup === undefined) {
        const group = outcome.workingGroupId
          ? readModels.get<MeetingWorkingGroupDocument>(meetingWorkingGroupsProjection.collection, childIdOf(outcome.meetingId, outcome.workingGroupId))
          : null;
        workingGroup = group && toWorkingGroup(readModels, group, point);
      }
      return workingGroup;
    },
  });
  return view;
};


const meetingView = (doc: MeetingDocument, readModels: ReadModelStore, point: ReadPoint): Meeting => {
  const state = doc.state;
  const view = entityView(Meeting, doc, {
    title: state.title,
    location: state.location,
    scheduledStart: state.scheduledStart,
    scheduledEnd: state.scheduledEnd ?? null,
    status: state.status,
    chair: state.chair ?? null,
    regionalGroupId: state.regionalGroupId ?? null,
    hostOrganizationId: state.hostOrganizationId ?? null,
    summaryApprovedAt: state.summaryApprovedAt ?? null,
    openedAt: state.openedAt ?? null,
    closedAt: state.closedAt ?? null,
    cancelledAt: state.cancelledAt ?? null,
    cancellationReason: state.cancellationReason ?? null,
  }, point);
  Object.defineProperty(view, 'readModels', { enumerable: false, value: readModels });
  Object.defineProperty(view, 'readPoint', { enumerable: false, value: point });
  // The lists are read when a query asks for them, which a mutation's answer seldom does (a meeting may hold thousands of items).
  lazily(view, 'participants', () => itemsOf<MeetingParticipantDocument>(readModels, meetingParticipantsProjection.collection, doc.id).map((participant) => toParticipant(participant, point)));
  lazily(view, 'workingGroups', () =>
    itemsOf<MeetingWorkingGroupDocument>(readModels, meetingWorkingGroupsProjection.collection, doc.id).map((group) => toWorkingGroup(readModels, group, point)),
  );
  // Counted as outcomes are written (projections/list-index.ts): one lookup per kind, however many outcomes.
  lazily(view, 'outcomeCounts', () =>
    OUTCOME_KINDS.map((kind) =>
      Object.assign(new OutcomeCount(), {
        kind,
        count: readModels.count(meetingOutcomesProjection.collection, {
          filters: [
            { path: '$.meetingId', equals: doc.id },
            { path: '$.kind', equals: kind },
            { path: '$.status', equals: LIVE_OUTCOME },
          ],
        }),
      }),
    ),
  );
  return view;
};

/** The status of an outcome that is counted and listed unless withdrawn ones are asked for (see isLive in meeting.ts). */
export const LIVE_OUTCOME: OutcomeStatus = 'RECORDED';

/** The GraphQL view of a meeting document, built once per stored version of it, reading its lists from `readModels`. */
const sharedMeetingView = sharedViews(meetingView);

/** The GraphQL view of a meeting document read at `point` (now unless given); only views read now are shared. */
export const toMeeting = (doc: MeetingDocument, readModels: ReadModelStore, point: ReadPoint = {}): Meeting =>
  isPastPoint(point) ? meetingView(doc, readModels, point) : sharedMeetingView(doc, readModels, {});

@ObjectType({ simpleResolvers: true })
export class MeetingConnection extends Connection(Meeting, 'Meeting') {}

@ObjectType({ simpleResolvers: true })
export class MeetingPayload extends Payload(Meeting, 'meeting') {}
