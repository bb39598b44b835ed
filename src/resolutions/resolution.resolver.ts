import { Arg, Args, Authorized, Ctx, FieldResolver, Mutation, Query, Resolver, Root } from 'type-graphql';
import { newId } from '../core/ids';
import type { GraphQLContext } from '../graphql/context';
import { MAY_READ, MAY_WRITE } from '../graphql/auth-checker';
import { PageArgs } from '../graphql/connection';
import { IdArgs, ReadArgs } from '../graphql/read-args';
import { pointOfRead } from '../graphql/read-point';
import { commandRunner, entityWithItemsAfterCommand } from '../graphql/payload';
import { ENTITY_QUERY, findEntityWithItems, readEntityWithItems, readPage } from '../graphql/entity-reads';
import { isoString } from '../graphql/scalars';
import type { Filter } from '../../projections/read-model-store';
import { WithHistory } from '../graphql/entity-history';
import { Organization } from '../organizations/organization.types';
import { organizationAt } from '../organizations/organization-lookup';
import { MEETING_CATEGORY } from '../meetings/meeting';
import { Meeting, toMeeting } from '../meetings/meeting.types';
import { meetingsProjection, type MeetingDocument } from '../meetings/meetings.projection';
import { resolutionsProjection, type ResolutionDocument } from './resolutions.projection';
import { delegationAt, readPointOf } from '../delegations/delegation-reads';
import { lineagesFromLog } from '../delegations/delegation-facts';
import {
  meetingFromLog,
  organizationLookupFromLog,
  resolutionsFromOutcome,
  resolutionsHoldingOutcome,
  successorFromLog,
} from './resolution-facts';
import { Delegation, toDelegation } from '../delegations/delegation.types';
import { RESOLUTION_CATEGORY } from './resolution';
import { resolutionDecider } from './resolution.decide';
import {
  AdoptResolutionInput,
  AmendResolutionInput,
  AssignResolutionInput,
  MarkResolutionImplementedInput,
  ProposeResolutionInput,
  RecordResolutionProgressInput,
  ReferResolutionInput,
  RejectResolutionInput,
  ResolutionFilter,
  SupersedeResolutionInput,
  WithdrawResolutionInput,
} from './resolution.inputs';
import { Resolution, ResolutionConnection, ResolutionPayload, ResolutionReferral, toResolution } from './resolution.types';

/** A resolution's view, its lists read from the same read models as the resolution (live, or as of the point read). */
const loadResolution = async (ctx: GraphQLContext, id: string, read: ReadArgs = {}): Promise<Resolution> => {
  const { doc, readModels } = await readEntityWithItems<ResolutionDocument>(ctx, resolutionsProjection, RESOLUTION_CATEGORY, 'resolution', id, read);
  return toResolution(doc, read, readModels);
};

// Cross-aggregate facts for `decide` come from the log through `reads`, checked by the append (docs/consistency.md).

/** Runs one command against one resolution's stream and answers with the resolution as it now reads. */
const runCommand = commandRunner(resolutionDecider, RESOLUTION_CATEGORY, 'resolution', async (ctx, result) => {
  const { doc, readModels } = await entityWithItemsAfterCommand<ResolutionDocument>(ctx, result, resolutionsProjection, 'resolution');
  // A mutation's answer keeps the entity's own id, a replayed one too (the first answer again): clients chain ids from it.
  return toResolution(doc, result.readAt, readModels, {});
});

@Resolver(() => Resolution)
export class ResolutionResolver extends WithHistory(Resolution, RESOLUTION_CATEGORY) {
  @Authorized(MAY_READ)
  @Query(() => Resolution, ENTITY_QUERY)
  async resolution(@Args() { id }: IdArgs, @Args() read: ReadArgs, @Ctx() ctx: GraphQLContext) {
    return loadResolution(ctx, id, read);
  }

  @Authorized(MAY_READ)
  @Query(() => ResolutionConnection)
  resolutions(
    @Arg('filter', () => ResolutionFilter, { nullable: true }) filter: ResolutionFilter | undefined,
    @Args() page: PageArgs,
    @Args() read: ReadArgs,
    @Ctx() ctx: GraphQLContext,
  ) {
    const filters: Filter[] = [
      ...(filter?.status ? [{ path: '$.state.status', equals: filter.status }] : []),
      ...(filter?.meetingId ? [{ path: '$.state.meetingId', equals: filter.meetingId }] : []),
      ...(filter?.fromOutcomeId ? [{ path: '$.state.fromOutcomeId', equals: filter.fromOutcomeId }] : []),
      ...(filter?.responsibleId ? [{ path: '$.state.responsibleOrganizationId', equals: filter.responsibleId }] : []),
      ...(filter?.referredToId ? [{ path: '$.referredToIds', contains: filter.referredToId }] : []),
    ];
    return readPage(ctx, resolutionsProjection.collection, { filters, text: filter?.text }, page, read, (doc: ResolutionDocument, readModels) =>
      toResolution(doc, read, readModels),
    );
  }

  @FieldResolver(() => Meeting, { nullable: true, description: 'The meeting it was proposed at.' })
  async meeting(@Root() resolution: Resolution, @Ctx() ctx: GraphQLContext) {
    if (!resolution.meetingId) return null;
    const found = await findEntityWithItems<MeetingDocument>(ctx, meetingsProjection, MEETING_CATEGORY, resolution.meetingId, resolution.readAt);
    return found ? toMeeting(found.doc, found.readModels, pointOfRead(resolution.readAt)) : null;
  }

  @FieldResolver(() => Organization, { nullable: true })
  responsibleOrganization(@Root() resolution: Resolution, @Ctx() ctx: GraphQLContext) {
    return organizationAt(ctx, resolution.responsibleOrganizationId, resolution.readAt);
  }

  @FieldResolver(() => Organization, { nullable: true, description: 'The organization that adopted it, when the adoption named one.' })
  adoptedBy(@Root() resolution: Resolution, @Ctx() ctx: GraphQLContext) {
    return organizationAt(ctx, resolution.adoptedById, resolution.readAt);
  }

  @FieldResolver(() => Delegation, { nullable: true, description: 'The delegation the adopting organization relied on.' })
  async adoptedUnderDelegation(@Root() resolution: Resolution, @Ctx() ctx: GraphQLContext): Promise<Delegation | null> {
    if (!resolution.adoptedUnderDelegationId) return null;
    const point = readPointOf(ctx, resolution.readAt);
    const doc = await delegationAt(ctx, resolution.adoptedUnderDelegationId, point);
    return doc ? toDelegation(doc, point) : null;
  }

  @FieldResolver(() => Resolution, { nullable: true, description: 'The resolution that took its place.' })
  async supersededBy(@Root() resolution: Resolution, @Ctx() ctx: GraphQLContext) {
    if (!resolution.supersededById) return null;
    const found = await findEntityWithItems<ResolutionDocument>(ctx, resolutionsProjection, RESOLUTION_CATEGORY, resolution.supersededById, resolution.readAt);
    return found ? toResolution(found.doc, resolution.readAt, found.readModels) : null;
  }

  @FieldResolver(() => [Resolution], { description: 'The resolutions this one took the place of.' })
  async supersedes(@Root() resolution: Resolution, @Ctx() ctx: GraphQLContext) {
    const { asOf, atPosition } = resolution.readAt;
    // The fact lives on the superseded streams only, so the successor's side is a query of the read model.
    const readModels =
      asOf || atPosition ? await ctx.app.readModelsAt({ untilRecordedAt: isoString(asOf), untilPosition: atPosition }) : ctx.app.readModels;
    return readModels
      .find<ResolutionDocument>(resolutionsProjection.collection, { filters: [{ path: '$.state.supersededById', equals: resolution.entityId }] })
      .docs.map((doc) => toResolution(doc, resolution.readAt, readModels));
  }

  @Authorized(MAY_WRITE)
  @Mutation(() => ResolutionPayload)
  proposeResolution(@Arg('input') input: ProposeResolutionInput, @Ctx() ctx: GraphQLContext) {
    const resolutionId = newId();
    const { title, text } = input;
    const meetingId = input.meetingId ?? undefined;
    const fromOutcomeId = input.fromOutcomeId ?? undefined;
    return runCommand(
      ctx,
      resolutionId,
      async (metadata, reads) => {
        const meeting = meetingId === undefined ? undefined : await meetingFromLog(reads, meetingId, fromOutcomeId);
        const holding =
          fromOutcomeId === undefined ? undefined : await resolutionsHoldingOutcome(reads, resolutionsFromOutcome(ctx, fromOutcomeId), resolutionId);
        return {
          type: 'ProposeResolution',
          data: { resolutionId, title, text, meetingId, fromOutcomeId, meeting, resolutionsFromOutcome: holding },
          metadata,
        };
      },
      input,
    );
  }

  @Authorized(MAY_WRITE)
  @Mutation(() => ResolutionPayload)
  amendResolution(@Arg('input') input: AmendResolutionInput, @Ctx() ctx: GraphQLContext) {
    const { resolutionId } = input;
    const title = input.title ?? undefined;
    const text = input.text ?? undefined;
    return runCommand(ctx, resolutionId, (metadata) => ({ type: 'AmendResolution', data: { resolutionId, title, text }, metadata }), input);
  }

  @Authorized(MAY_WRITE)
  @Mutation(() => ResolutionPayload)
  async adoptResolution(@Arg('input') input: AdoptResolutionInput, @Ctx() ctx: GraphQLContext) {
    const resolutionId = input.resolutionId;
    const adoptedById = input.adoptedById ?? undefined;
    const underDelegationId = input.underDelegationId ?? undefined;
    return runCommand(
      ctx,
      resolutionId,
      async (metadata, reads) => {
        const authority = {
          adoptedById,
          underDelegationId,
          power: input.power ?? undefined,
          ...(adoptedById && { adoptingOrganization: await organizationLookupFromLog(reads, adoptedById) }),
          ...(underDelegationId && { knownDelegations: await lineagesFromLog(reads, [underDelegationId]) }),
        };
        return { type: 'AdoptResolution', data: { resolutionId, ...authority }, metadata };
      },
      input,
    );
  }

  @Authorized(MAY_WRITE)
  @Mutation(() => ResolutionPayload)
  rejectResolution(@Arg('input') input: RejectResolutionInput, @Ctx() ctx: GraphQLContext) {
    const { resolutionId, reason } = input;
    return runCommand(ctx, resolutionId, (metadata) => ({ type: 'RejectResolution', data: { resolutionId, reason }, metadata }), input);
  }

  @Authorized(MAY_WRITE)
  @Mutation(() => ResolutionPayload)
  referResolution(@Arg('input') input: ReferResolutionInput, @Ctx() ctx: GraphQLContext) {
    const { resolutionId, toOrganizationId } = input;
    const note = input.note ?? undefined;
    return runCommand(
      ctx,
      resolutionId,
      async (metadata, reads) => ({
        type: 'ReferResolution',
        data: { resolutionId, toOrganizationId, note, organization: await organizationLookupFromLog(reads, toOrganizationId) },
        metadata,
      }),
      input,
    );
  }

  @Authorized(MAY_WRITE)
  @Mutation(() => ResolutionPayload)
  assignResolution(@Arg('input') input: AssignResolutionInput, @Ctx() ctx: GraphQLContext) {
    const { resolutionId, responsibleOrganizationId } = input;
    const dueDate = isoString(input.dueDate);
    return runCommand(
      ctx,
      resolutionId,
      async (metadata, reads) => ({
        type: 'AssignResolution',
        data: { resolutionId, responsibleOrganizationId, dueDate, organization: await organizationLookupFromLog(reads, responsibleOrganizationId) },
        metadata,
      }),
      input,
    );
  }

  @Authorized(MAY_WRITE)
  @Mutation(() => ResolutionPayload)
  recordResolutionProgress(@Arg('input') input: RecordResolutionProgressInput, @Ctx() ctx: GraphQLContext) {
    const { resolutionId, note } = input;
    const percent = input.percent ?? undefined;
    return runCommand(
      ctx,
      resolutionId,
      (metadata) => ({ type: 'RecordResolutionProgress', data: { resolutionId, note, percent }, metadata }),
      input,
    );
  }

  @Authorized(MAY_WRITE)
  @Mutation(() => ResolutionPayload)
  markResolutionImplemented(@Arg('input') input: MarkResolutionImplementedInput, @Ctx() ctx: GraphQLContext) {
    const { resolutionId } = input;
    const note = input.note ?? undefined;
    return runCommand(ctx, resolutionId, (metadata) => ({ type: 'MarkResolutionImplemented', data: { resolutionId, note }, metadata }), input);
  }

  @Authorized(MAY_WRITE)
  @Mutation(() => ResolutionPayload)
  withdrawResolution(@Arg('input') input: WithdrawResolutionInput, @Ctx() ctx: GraphQLContext) {
    const { resolutionId, reason } = input;
    return runCommand(ctx, resolutionId, (metadata) => ({ type: 'WithdrawResolution', data: { resolutionId, reason }, metadata }), input);
  }

  @Authorized(MAY_WRITE)
  @Mutation(() => ResolutionPayload)
  supersedeResolution(@Arg('input') input: SupersedeResolutionInput, @Ctx() ctx: GraphQLContext) {
    const { resolutionId, supersededById } = input;
    return runCommand(
      ctx,
      resolutionId,
      async (metadata, reads) => ({
        type: 'SupersedeResolution',
        data: { resolutionId, supersededById, successor: await successorFromLog(reads, supersededById) },
        metadata,
      }),
      input,
    );
  }
}

@Resolver(() => ResolutionReferral)
export class ResolutionReferralResolver {
  @FieldResolver(() => Organization, { nullable: true })
  organization(@Root() referral: ResolutionReferral, @Ctx() ctx: GraphQLContext) {
    return organizationAt(ctx, referral.organizationId, referral.readAt);
  }
}
