import { Arg, Args, Authorized, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { CommandMetadata } from '../core/decider';
import { newId } from '../core/ids';
import { streamIdOf } from '../core/streams';
import type { GraphQLContext } from '../graphql/context';
import { MAY_READ, MAY_WRITE } from '../graphql/auth-checker';
import { keysetWindow, PageArgs, toConnection } from '../graphql/connection';
import { ReadArgs } from '../graphql/read-args';
import type { CommandInput } from '../graphql/command-input';
import { executeCommand, type ExecutedCommand } from '../graphql/execute-command';
import { readEntityWithItems, readPage } from '../graphql/entity-reads';
import { isoString } from '../graphql/scalars';
import { EventConnection } from '../graphql/event-connection';
import { entityHistory } from '../graphql/entity-history';
import { Organization } from '../organizations/organization.types';
import { organizationLoader } from '../organizations/organization.loader';
import { RegionalGroup, toRegionalGroup } from '../regional-groups/regional-group.types';
import { organizationsProjection, type OrganizationDocument } from '../organizations/organizations.projection';
import { regionalGroupsProjection, type RegionalGroupDocument } from '../regional-groups/regional-groups.projection';
import { meetingOutcomesProjection, meetingsProjection, type MeetingDocument, type MeetingOutcomeDocument } from './meetings.projection';
import { MEETING_CATEGORY, type OutcomeKind } from './meeting';
import { meetingDecider, type MeetingCommand, type OrganizationLookup } from './meeting.decide';
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
  return toMeeting(doc, readModels);
};

/** What the organizations read model says of an organization the command names (null: none such). */
const lookUpOrganization = (ctx: GraphQLContext, id: string): OrganizationLookup => {
  const doc = ctx.app.readModels.get<OrganizationDocument>(organizationsProjection.collection, id);
  return doc ? { status: doc.state.status, ...(doc.state.dissolvedAt !== undefined && { dissolvedAt: doc.state.dissolvedAt }) } : null;
};

const regionalGroupExists = (ctx: GraphQLContext, id: string): boolean =>
  ctx.app.readModels.get<RegionalGroupDocument>(regionalGroupsProjection.collection, id) !== null;

/** GraphQL hands explicit nulls for omitted optional fields; commands and events know only "absent". */
const given = <T>(value: T | null | undefined): T | undefined => (value === null ? undefined : value);

/** Runs a command against one meeting's stream and answers with the meeting as the read model now has it. */
const runOnMeeting = async (
  ctx: GraphQLContext,
  meetingId: string,
  input: CommandInput,
  toCommand: (metadata: CommandMetadata) => MeetingCommand,
): Promise<MeetingPayload> => {
  const result: ExecutedCommand<unknown> = await executeCommand(
    ctx,
    meetingDecider,
    streamIdOf(MEETING_CATEGORY, meetingId),
    toCommand,
    input,
  );
  return {
    meeting: await loadMeeting(ctx, result.entityId),
    events: result.eventRecords,
    position: result.position,
  };
};

@Resolver(() => Meeting)
export class MeetingResolver {
  @Authorized(MAY_READ)
  @Query(() => Meeting)
  async meeting(@Arg('id', () => ID) id: string, @Args() read: ReadArgs, @Ctx() ctx: GraphQLContext) {
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
      toMeeting,
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
        { path: '$.meetingId', equals: meeting.id },
        ...(kind ? [{ path: '$.kind', equals: kind }] : []),
        ...(includeWithdrawn ? [] : [{ path: '$.status', equals: LIVE_OUTCOME }]),
      ],
    }, window);
    return toConnection(
      { ...found, items: found.items.map(({ item, position }) => ({ item: toOutcome(readModels, item), position })) },
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

  @FieldResolver(() => EventConnection)
  history(@Root() meeting: Meeting, @Args() page: PageArgs, @Ctx() ctx: GraphQLContext) {
    return entityHistory(ctx, MEETING_CATEGORY, meeting.id, page);
  }

  @Authorized(MAY_WRITE)
  @Mutation(() => MeetingPayload)
  scheduleMeeting(@Arg('input') input: ScheduleMeetingInput, @Ctx() ctx: GraphQLContext) {
    const meetingId = newId();
    const regionalGroupId = given(input.regionalGroupId);
    const hostOrganizationId = given(input.hostOrganizationId);
    return runOnMeeting(ctx, meetingId, input, (metadata) => ({
      type: 'ScheduleMeeting',
      data: {
        meetingId,
        title: input.title,
        location: input.location,
        scheduledStart: input.scheduledStart.toISOString(),
        ...(given(input.scheduledEnd) && { scheduledEnd: input.scheduledEnd!.toISOString() }),
        ...(regionalGroupId && { regionalGroupId, regionalGroupExists: regionalGroupExists(ctx, regionalGroupId) }),
        ...(given(input.chair) && { chair: input.chair }),
        ...(hostOrganizationId && { hostOrganizationId, hostOrganization: lookUpOrganization(ctx, hostOrganizationId) }),
      },
      metadata,
    }));
  }

  @Authorized(MAY_WRITE)
  @Mutation(() => MeetingPayload)
  rescheduleMeeting(@Arg('input') input: RescheduleMeetingInput, @Ctx() ctx: GraphQLContext) {
    return runOnMeeting(ctx, input.meetingId, input, (metadata) => ({
      type: 'RescheduleMeeting',
      data: {
        meetingId: input.meetingId,
        scheduledStart: isoString(input.scheduledStart),
        scheduledEnd: isoString(input.scheduledEnd),
        location: given(input.location),
      },
      metadata,
    }));
  }

  @Authorized(MAY_WRITE)
  @Mutation(() => MeetingPayload)
  addParticipant(@Arg('input') input: AddParticipantInput, @Ctx() ctx: GraphQLContext) {
    return runOnMeeting(ctx, input.meetingId, input, (metadata) => ({
      type: 'AddParticipant',
      data: {
        meetingId: input.meetingId,
        organizationId: input.organizationId,
        role: input.role,
        ...(given(input.personName) && { personName: input.personName }),
        ...(given(input.title) && { title: input.title }),
        organization: lookUpOrganization(ctx, input.organizationId),
      },
      metadata,
    }));
  }

  @Authorized(MAY_WRITE)
  @Mutation(() => MeetingPayload)
  removeParticipant(@Arg('input') input: RemoveParticipantInput, @Ctx() ctx: GraphQLContext) {
    return runOnMeeting(ctx, input.meetingId, input, (metadata) => ({
      type: 'RemoveParticipant',
      data: { meetingId: input.meetingId, participantId: input.participantId },
      metadata,
    }));
  }

  @Authorized(MAY_WRITE)
  @Mutation(() => MeetingPayload)
  openMeeting(@Arg('input') input: OpenMeetingInput, @Ctx() ctx: GraphQLContext) {
    return runOnMeeting(ctx, input.meetingId, input, (metadata) => ({
      type: 'OpenMeeting',
      data: { meetingId: input.meetingId },
      metadata,
    }));
  }

  @Authorized(MAY_WRITE)
  @Mutation(() => MeetingPayload)
  formWorkingGroup(@Arg('input') input: FormWorkingGroupInput, @Ctx() ctx: GraphQLContext) {
    return runOnMeeting(ctx, input.meetingId, input, (metadata) => ({
      type: 'FormWorkingGroup',
      data: {
        meetingId: input.meetingId,
        title: input.title,
        ...(given(input.topic) && { topic: input.topic }),
        memberParticipantIds: given(input.memberParticipantIds) ?? [],
      },
      metadata,
    }));
  }

  @Authorized(MAY_WRITE)
  @Mutation(() => MeetingPayload)
  recordOutcome(@Arg('input') input: RecordOutcomeInput, @Ctx() ctx: GraphQLContext) {
    return runOnMeeting(ctx, input.meetingId, input, (metadata) => ({
      type: 'RecordOutcome',
      data: {
        meetingId: input.meetingId,
        kind: input.kind,
        text: input.text,
        ...(given(input.workingGroupId) && { workingGroupId: input.workingGroupId }),
      },
      metadata,
    }));
  }

  @Authorized(MAY_WRITE)
  @Mutation(() => MeetingPayload)
  amendOutcome(@Arg('input') input: AmendOutcomeInput, @Ctx() ctx: GraphQLContext) {
    return runOnMeeting(ctx, input.meetingId, input, (metadata) => ({
      type: 'AmendOutcome',
      data: { meetingId: input.meetingId, outcomeId: input.outcomeId, text: input.text },
      metadata,
    }));
  }

  @Authorized(MAY_WRITE)
  @Mutation(() => MeetingPayload)
  withdrawOutcome(@Arg('input') input: WithdrawOutcomeInput, @Ctx() ctx: GraphQLContext) {
    return runOnMeeting(ctx, input.meetingId, input, (metadata) => ({
      type: 'WithdrawOutcome',
      data: { meetingId: input.meetingId, outcomeId: input.outcomeId },
      metadata,
    }));
  }

  @Authorized(MAY_WRITE)
  @Mutation(() => MeetingPayload)
  approveMeetingSummary(@Arg('input') input: ApproveMeetingSummaryInput, @Ctx() ctx: GraphQLContext) {
    return runOnMeeting(ctx, input.meetingId, input, (metadata) => ({
      type: 'ApproveMeetingSummary',
      data: { meetingId: input.meetingId },
      metadata,
    }));
  }

  @Authorized(MAY_WRITE)
  @Mutation(() => MeetingPayload)
  closeMeeting(@Arg('input') input: CloseMeetingInput, @Ctx() ctx: GraphQLContext) {
    return runOnMeeting(ctx, input.meetingId, input, (metadata) => ({
      type: 'CloseMeeting',
      data: { meetingId: input.meetingId },
      metadata,
    }));
  }

  @Authorized(MAY_WRITE)
  @Mutation(() => MeetingPayload)
  cancelMeeting(@Arg('input') input: CancelMeetingInput, @Ctx() ctx: GraphQLContext) {
    return runOnMeeting(ctx, input.meetingId, input, (metadata) => ({
      type: 'CancelMeeting',
      data: { meetingId: input.meetingId, reason: input.reason },
      metadata,
    }));
  }
}

@Resolver(() => Participant)
export class ParticipantResolver {
  @FieldResolver(() => Organization, { nullable: true, description: 'The organization as it stands now.' })
  organization(@Root() participant: Participant, @Ctx() ctx: GraphQLContext) {
    return organizationLoader(ctx).load(participant.organizationId);
  }
}
