import { Arg, Args, Authorized, Ctx, FieldResolver, Mutation, Query, Resolver, Root } from 'type-graphql';
import { foldWith, type DecisionReads } from '../commands/decision-reads';
import { newId } from '../core/ids';
import { streamIdOf } from '../core/streams';
import type { GraphQLContext } from '../graphql/context';
import { MAY_READ, MAY_WRITE } from '../graphql/auth-checker';
import { keysetWindow, PageArgs, toConnection } from '../graphql/connection';
import { IdArgs, ReadArgs } from '../graphql/read-args';
import { pointOfRead } from '../graphql/read-point';
import { commandRunner, entityWithItemsAfterCommand } from '../graphql/payload';
import { ENTITY_QUERY, readEntityWithItems, readPage } from '../graphql/entity-reads';
import { isoString } from '../graphql/scalars';
import { WithHistory } from '../graphql/entity-history';
import { Organization } from '../organizations/organization.types';
import { organizationLoader } from '../organizations/organization.loader';
import { organizationFromLog } from '../organizations/organization-facts';
import { REGIONAL_GROUP_CATEGORY, evolve as evolveRegionalGroup, initialState as initialRegionalGroup } from '../regional-groups/regional-group';
import { RegionalGroup, toRegionalGroup } from '../regional-groups/regional-group.types';
import { regionalGroupsProjection, type RegionalGroupDocument } from '../regional-groups/regional-groups.projection';
import { meetingOutcomesProjection, meetingsProjection, type MeetingDocument, type MeetingOutcomeDocument } from './meetings.projection';
import { MEETING_CATEGORY, type OutcomeKind } from './meeting';
import { meetingDecider, type OrganizationLookup } from './meeting.decide';
import {
  AddParticipantInput,
  AmendOutcomeInput,
  ApproveMeetingSummaryInput,
  CancelMeetingInput,
  CloseMeetingInput,
  FormWorkingGroupInput,
  MeetingFilter,
  OpenMeetingInput,
  RecordOutcomeInput,
  RemoveParticipantInput,
  RescheduleMeetingInput,
  ScheduleMeetingInput,
  WithdrawOutcomeInput,
} from './meeting.inputs';
import {
  Meeting,
  MeetingConnection,
  MeetingPayload,
  OutcomeConnection,
  OutcomeKindEnum,
  LIVE_OUTCOME,
  Participant,
  toMeeting,
  toOutcome,
} from './meeting.types';

/** A meeting's view, its lists read from the same read models as the meeting (live, or as of the point read). */
const loadMeeting = async (ctx: GraphQLContext, id: string, read?: ReadArgs): Promise<Meeting> => {
  const { doc, readModels } = await readEntityWithItems<MeetingDocument>(ctx, meetingsProjection, MEETING_CATEGORY, 'meeting', id, read);
  return toMeeting(doc, readModels, pointOfRead(read));
};

/**
 * An organization the command names, from its own stream (null: none such); the append checks the
 * stream is unchanged, so a dissolution racing the command makes it decide again.
 */
const organizationLookup = async (reads: DecisionReads, id: string): Promise<OrganizationLookup> => {
  const organization = await organizationFromLog(reads, id);
  return organization && { status: organization.status, ...(organization.dissolvedAt !== undefined && { dissolvedAt: organization.dissolvedAt }) };
};

const foldRegionalGroup = foldWith({ evolve: evolveRegionalGroup, initialState: initialRegionalGroup });

const regionalGroupExists = async (reads: DecisionReads, id: string): Promise<boolean> =>
  (await reads.stream(streamIdOf(REGIONAL_GROUP_CATEGORY, id), foldRegionalGroup)).status !== 'None';

/** GraphQL hands explicit nulls for omitted optional fields; commands and events know only "absent". */
const given = <T>(value: T | null | undefined): T | undefined => (value === null ? undefined : value);

/** Runs a command against one meeting's stream and answers with the meeting as the read model now has it. */
const runOnMeeting = commandRunner(meetingDecider, MEETING_CATEGORY, 'meeting', async (ctx, result) => {
  const { doc, readModels } = await entityWithItemsAfterCommand<MeetingDocument>(ctx, result, meetingsProjection, 'meeting');
  return toMeeting(doc, readModels);
});

@Resolver(() => Meeting)
export class MeetingResolver extends WithHistory(Meeting, MEETING_CATEGORY) {
  @Authorized(MAY_READ)
  @Query(() => Meeting, ENTITY_QUERY)
  async meeting(@Args() { id }: IdArgs, @Args() read: ReadArgs, @Ctx() ctx: GraphQLContext) {
    return loadMeeting(ctx, id, read);
  }

  @Authorized(MAY_READ)
  @Query(() => MeetingConnection, { description: 'Meetings in the order of their scheduled start.' })
  meetings(
    @Arg('filter', () => MeetingFilter, { nullable: true }) filter: MeetingFilter | undefined,
    @Args() page: PageArgs,
    @Args() read: ReadArgs,
    @Ctx() ctx: GraphQLContext,
  ) {
    return readPage(
      ctx,
      meetingsProjection.collection,
      {
        filters: [
          ...(filter?.status ? [{ path: '$.state.status', equals: filter.status }] : []),
          ...(filter?.regionalGroupId ? [{ path: '$.state.regionalGroupId', equals: filter.regionalGroupId }] : []),
          ...(filter?.from || filter?.to
            ? [{ path: '$.state.scheduledStart', gte: isoString(filter.from), lte: isoString(filter.to) }]
            : []),
        ],
        text: given(filter?.text),
      },
      page,
      read,
      (doc: MeetingDocument, readModels) => toMeeting(doc, readModels, pointOfRead(read)),
    );
  }

  @FieldResolver(() => OutcomeConnection, { description: 'Withdrawn outcomes are left out unless includeWithdrawn.' })
  outcomes(
    @Root() meeting: Meeting,
    @Arg('kind', () => OutcomeKindEnum, { nullable: true }) kind: OutcomeKind | undefined,
    @Arg('includeWithdrawn', () => Boolean, { defaultValue: false }) includeWithdrawn: boolean,
    @Args() page: PageArgs,
  ) {
    // Read from the outcomes' own index: a page costs the same whether the meeting holds ten outcomes or ten thousand.
    const { readModels } = meeting;
    const collection = meetingOutcomesProjection.collection;
    const window = keysetWindow(page, readModels.listOrder(collection));
    const found = readModels.page<MeetingOutcomeDocument>(collection, {
      filters: [
        { path: '$.meetingId', equals: meeting.entityId },
        ...(kind ? [{ path: '$.kind', equals: kind }] : []),
        ...(includeWithdrawn ? [] : [{ path: '$.status', equals: LIVE_OUTCOME }]),
      ],
    }, window);
    return toConnection(
      { ...found, items: found.items.map(({ item, position }) => ({ item: toOutcome(readModels, item, meeting.readPoint), position })) },
      window,
      readModels.listOrder(collection),
      found.totalCount!,
    );
  }

  @FieldResolver(() => RegionalGroup, { nullable: true })
  regionalGroup(@Root() meeting: Meeting, @Ctx() ctx: GraphQLContext) {
    if (!meeting.regionalGroupId) return null;
    const doc = ctx.app.readModels.get<RegionalGroupDocument>(regionalGroupsProjection.collection, meeting.regionalGroupId);
    return doc ? toRegionalGroup(doc) : null;
  }

  @FieldResolver(() => Organization, { nullable: true })
  hostOrganization(@Root() meeting: Meeting, @Ctx() ctx: GraphQLContext) {
    return meeting.hostOrganizationId ? organizationLoader(ctx).load(meeting.hostOrganizationId) : null;
  }

  @Authorized(MAY_WRITE)
  @Mutation(() => MeetingPayload)
  scheduleMeeting(@Arg('input') input: ScheduleMeetingInput, @Ctx() ctx: GraphQLContext) {
    const meetingId = newId();
    const regionalGroupId = given(input.regionalGroupId);
    const hostOrganizationId = given(input.hostOrganizationId);
    return runOnMeeting(ctx, meetingId, async (metadata, reads) => ({
      type: 'ScheduleMeeting',
      data: {
        meetingId,
        title: input.title,
        location: input.location,
        scheduledStart: input.scheduledStart.toISOString(),
        ...(given(input.scheduledEnd) && { scheduledEnd: input.scheduledEnd!.toISOString() }),
        ...(regionalGroupId && { regionalGroupId, regionalGroupExists: await regionalGroupExists(reads, regionalGroupId) }),
        ...(given(input.chair) && { chair: input.chair }),
        ...(hostOrganizationId && { hostOrganizationId, hostOrganization: await organizationLookup(reads, hostOrganizationId) }),
      },
      metadata,
    }), input);
  }

  @Authorized(MAY_WRITE)
  @Mutation(() => MeetingPayload)
  rescheduleMeeting(@Arg('input') input: RescheduleMeetingInput, @Ctx() ctx: GraphQLContext) {
    return runOnMeeting(ctx, input.meetingId, (metadata) => ({
      type: 'RescheduleMeeting',
      data: {
        meetingId: input.meetingId,
        scheduledStart: isoString(input.scheduledStart),
        scheduledEnd: isoString(input.scheduledEnd),
        location: given(input.location),
      },
      metadata,
    }), input);
  }

  @Authorized(MAY_WRITE)
  @Mutation(() => MeetingPayload)
  addParticipant(@Arg('input') input: AddParticipantInput, @Ctx() ctx: GraphQLContext) {
    return runOnMeeting(ctx, input.meetingId, async (metadata, reads) => ({
      type: 'AddParticipant',
      data: {
        meetingId: input.meetingId,
        organizationId: input.organizationId,
        role: input.role,
        ...(given(input.personName) && { personName: input.personName }),
        ...(given(input.title) && { title: input.title }),
        organization: await organizationLookup(reads, input.organizationId),
      },
      metadata,
    }), input);
  }

  @Authorized(MAY_WRITE)
  @Mutation(() => MeetingPayload)
  removeParticipant(@Arg('input') input: RemoveParticipantInput, @Ctx() ctx: GraphQLContext) {
    return runOnMeeting(ctx, input.meetingId, (metadata) => ({
      type: 'RemoveParticipant',
      data: { meetingId: input.meetingId, participantId: input.participantId },
      metadata,
    }), input);
  }

  @Authorized(MAY_WRITE)
  @Mutation(() => MeetingPayload)
  openMeeting(@Arg('input') input: OpenMeetingInput, @Ctx() ctx: GraphQLContext) {
    return runOnMeeting(ctx, input.meetingId, (metadata) => ({
      type: 'OpenMeeting',
      data: { meetingId: input.meetingId },
      metadata,
    }), input);
  }

  @Authorized(MAY_WRITE)
  @Mutation(() => MeetingPayload)
  formWorkingGroup(@Arg('input') input: FormWorkingGroupInput, @Ctx() ctx: GraphQLContext) {
    return runOnMeeting(ctx, input.meetingId, (metadata) => ({
      type: 'FormWorkingGroup',
      data: {
        meetingId: input.meetingId,
        title: input.title,
        ...(given(input.topic) && { topic: input.topic }),
        memberParticipantIds: given(input.memberParticipantIds) ?? [],
      },
      metadata,
    }), input);
  }

  @Authorized(MAY_WRITE)
  @Mutation(() => MeetingPayload)
  recordOutcome(@Arg('input') input: RecordOutcomeInput, @Ctx() ctx: GraphQLContext) {
    return runOnMeeting(ctx, input.meetingId, (metadata) => ({
      type: 'RecordOutcome',
      data: {
        meetingId: input.meetingId,
        kind: input.kind,
        text: input.text,
        ...(given(input.workingGroupId) && { workingGroupId: input.workingGroupId }),
      },
      metadata,
    }), input);
  }

  @Authorized(MAY_WRITE)
  @Mutation(() => MeetingPayload)
  amendOutcome(@Arg('input') input: AmendOutcomeInput, @Ctx() ctx: GraphQLContext) {
    return runOnMeeting(ctx, input.meetingId, (metadata) => ({
      type: 'AmendOutcome',
      data: { meetingId: input.meetingId, outcomeId: input.outcomeId, text: input.text },
      metadata,
    }), input);
  }

  @Authorized(MAY_WRITE)
  @Mutation(() => MeetingPayload)
  withdrawOutcome(@Arg('input') input: WithdrawOutcomeInput, @Ctx() ctx: GraphQLContext) {
    return runOnMeeting(ctx, input.meetingId, (metadata) => ({
      type: 'WithdrawOutcome',
      data: { meetingId: input.meetingId, outcomeId: input.outcomeId },
      metadata,
    }), input);
  }

  @Authorized(MAY_WRITE)
  @Mutation(() => MeetingPayload)
  approveMeetingSummary(@Arg('input') input: ApproveMeetingSummaryInput, @Ctx() ctx: GraphQLContext) {
    return runOnMeeting(ctx, input.meetingId, (metadata) => ({
      type: 'ApproveMeetingSummary',
      data: { meetingId: input.meetingId },
      metadata,
    }), input);
  }

  @Authorized(MAY_WRITE)
  @Mutation(() => MeetingPayload)
  closeMeeting(@Arg('input') input: CloseMeetingInput, @Ctx() ctx: GraphQLContext) {
    return runOnMeeting(ctx, input.meetingId, (metadata) => ({
      type: 'CloseMeeting',
      data: { meetingId: input.meetingId },
      metadata,
    }), input);
  }

  @Authorized(MAY_WRITE)
  @Mutation(() => MeetingPayload)
  cancelMeeting(@Arg('input') input: CancelMeetingInput, @Ctx() ctx: GraphQLContext) {
    return runOnMeeting(ctx, input.meetingId, (metadata) => ({
      type: 'CancelMeeting',
      data: { meetingId: input.meetingId, reason: input.reason },
      metadata,
    }), input);
  }
}

@Resolver(() => Participant)
export class ParticipantResolver {
  @FieldResolver(() => Organization, { nullable: true, description: 'The organization as it stands now.' })
  organization(@Root() participant: Participant, @Ctx() ctx: GraphQLContext) {
    return organizationLoader(ctx).load(participant.organizationId);
  }
}
