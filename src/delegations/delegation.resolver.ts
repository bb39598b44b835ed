import { Arg, Args, Authorized, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { CommandMetadata } from '../core/decider';
import { NotFound, ValidationFailed, type FieldProblem } from '../core/errors';
import { newId } from '../core/ids';
import { streamIdOf } from '../core/streams';
import type { GraphQLContext } from '../graphql/context';
import { MAY_READ, MAY_WRITE } from '../graphql/auth-checker';
import { connectionOf, ID_ORDER, PageArgs } from '../graphql/connection';
import { ReadArgs } from '../graphql/read-args';
import type { CommandInput } from '../graphql/command-input';
import { awaitConsistency, findEntity, readModelsFor, readPage } from '../graphql/entity-reads';
import { executeCommand } from '../graphql/execute-command';
import { isoString } from '../graphql/scalars';
import type { Filter } from '../../projections/read-model-store';
import { EventConnection } from '../graphql/event-connection';
import { entityHistory } from '../graphql/entity-history';
import { ORGANIZATION_CATEGORY } from '../organizations/organization';
import { Organization, toOrganization } from '../organizations/organization.types';
import { organizationsProjection, type OrganizationDocument } from '../organizations/organizations.projection';
import { delegationsProjection, type DelegationDocument } from './delegations.projection';
import { resolutionsProjection, type ResolutionDocument } from '../resolutions/resolutions.projection';
import { DELEGATION_CATEGORY, type DelegationTerms } from './delegation';
import { authority } from './authority';
import {
  delegationDecider,
  type DelegationCommand,
  type OrganizationLookup,
  type RequestedTerms,
  type ResolutionLookup,
} from './delegation.decide';
import {
  AmendDelegationInput,
  AuthorityArgs,
  DelegationFilter,
  GrantDelegationInput,
  ProposeDelegationInput,
  ReinstateDelegationInput,
  RejectDelegationInput,
  RevokeDelegationInput,
  SuspendDelegationInput,
} from './delegation.inputs';
import {
  AuthorityCheck,
  Delegation,
  DelegationConnection,
  DelegationPayload,
  DelegationStatusEnum,
  toDelegation,
  type DelegationReadPoint,
} from './delegation.types';
import {
  authorityHistoriesFor,
  childrenOf,
  delegationAt,
  effectiveStandingOf,
  lineagesOf,
  readPointOf,
} from './delegation-reads';
import { includesPower, powerKey } from './powers';
import { termsAt, type ReadableStatus } from './standing';

// Cross-aggregate facts for `decide` come from the live read models, as the command is being handled.
const lookUpOrganizations = (ctx: GraphQLContext, ids: string[]): OrganizationLookup =>
  Object.fromEntries(
    ids.map((id) => [id, ctx.app.readModels.get<OrganizationDocument>(organizationsProjection.collection, id)?.state.status]),
  );

const lookUpResolution = (ctx: GraphQLContext, id: string | undefined): ResolutionLookup | undefined => {
  if (id === undefined) return undefined;
  const doc = ctx.app.readModels.get<ResolutionDocument>(resolutionsProjection.collection, id);
  return doc ? { status: doc.state.status } : null;
};

const liveDelegation = (ctx: GraphQLContext, id: string) =>
  ctx.app.readModels.get<DelegationDocument>(delegationsProjection.collection, id);

const runCommand = async (
  ctx: GraphQLContext,
  delegationId: string,
  toCommand: (metadata: CommandMetadata) => DelegationCommand,
  input: CommandInput,
): Promise<DelegationPayload> => {
  const result = await executeCommand(ctx, delegationDecider, streamIdOf(DELEGATION_CATEGORY, delegationId), toCommand, input);
  const doc = liveDelegation(ctx, result.entityId);
  if (!doc) throw new NotFound('delegation', result.entityId);
  return { delegation: toDelegation(doc, readPointOf(ctx)), events: result.eventRecords, position: result.position };
};

const TERM_FIELDS = ['delegatorId', 'delegateId', 'powers', 'effectiveFrom', 'effectiveUntil', 'conditions', 'legalBasis', 'canSubdelegate', 'parentDelegationId', 'basedOnResolutionId'] as const;
const REQUIRED_TERM_FIELDS = ['delegatorId', 'delegateId', 'powers', 'effectiveFrom'] as const;

const requestedTerms = (input: ProposeDelegationInput | GrantDelegationInput): RequestedTerms => ({
  delegatorId: input.delegatorId!,
  delegateId: input.delegateId!,
  powers: input.powers!,
  effectiveFrom: isoString(input.effectiveFrom)!,
  effectiveUntil: isoString(input.effectiveUntil),
  conditions: input.conditions ?? undefined,
  legalBasis: input.legalBasis ?? undefined,
  canSubdelegate: input.canSubdelegate ?? undefined,
  parentDelegationId: input.parentDelegationId ?? undefined,
  basedOnResolutionId: input.basedOnResolutionId ?? undefined,
});

/** grantDelegation takes a proposed delegation or the terms of a new one: exactly one of the two. */
const newTermsOf = (input: GrantDelegationInput): RequestedTerms | undefined => {
  const given = TERM_FIELDS.filter((field) => input[field] !== undefined && input[field] !== null);
  if (input.delegationId) {
    if (given.length)
      throw new ValidationFailed(
        'grant either a proposed delegation or new terms, not both',
        given.map((field) => ({ field, message: 'not allowed with delegationId: the proposal already has its terms' })),
      );
    return undefined;
  }
  const missing: FieldProblem[] = REQUIRED_TERM_FIELDS.filter((field) => !given.includes(field)).map((field) => ({
    field,
    message: `${field} is required to grant a new delegation (or name a proposed one with delegationId)`,
  }));
  if (missing.length) throw new ValidationFailed('the new delegation is missing terms', missing);
  return requestedTerms(input);
};

/** Lists of delegations come in id order, and are paged by it. */
const byId = (delegation: Delegation) => ({ values: [], id: delegation.id });

/** Own status judged at `at`, as a filter on the stored status and end of period. */
const statusFilters = (status: ReadableStatus, at: string): Filter[] => {
  switch (status) {
    case 'ACTIVE':
    case 'SUSPENDED':
      return [{ path: '$.state.status', equals: status }, { path: '$.periodEnd', gt: at }];
    case 'EXPIRED':
      return [{ path: '$.state.status', in: ['ACTIVE', 'SUSPENDED'] }, { path: '$.periodEnd', lte: at }];
    default:
      return [{ path: '$.state.status', equals: status }];
  }
};

@Resolver(() => Delegation)
export class DelegationResolver {
  @Authorized(MAY_READ)
  @Query(() => Delegation)
  async delegation(@Arg('id', () => ID) id: string, @Args() read: ReadArgs, @Ctx() ctx: GraphQLContext) {
    await awaitConsistency(ctx, read);
    const point = readPointOf(ctx, read);
    const doc = await delegationAt(ctx, id, point);
    if (!doc) throw new NotFound('delegation', id);
    return toDelegation(doc, point);
  }

  @Authorized(MAY_READ)
  @Query(() => DelegationConnection)
  async delegations(
    @Arg('filter', () => DelegationFilter, { nullable: true }) filter: DelegationFilter | undefined,
    @Args() page: PageArgs,
    @Args() read: ReadArgs,
    @Ctx() ctx: GraphQLContext,
  ) {
    const point = readPointOf(ctx, read);
    const activeAt = filter?.activeAt?.toISOString();
    const filters: Filter[] = [
      ...(filter?.delegatorId ? [{ path: '$.state.delegatorId', equals: filter.delegatorId }] : []),
      ...(filter?.delegateId ? [{ path: '$.state.delegateId', equals: filter.delegateId }] : []),
      ...(filter?.status ? statusFilters(filter.status, point.judgedAt) : []),
      // With activeAt the powers that count are those in force then, checked below; without it, the current ones.
      ...(filter?.power && !activeAt ? [{ path: '$.powerKeys', contains: powerKey(filter.power) }] : []),
      ...(activeAt
        ? [
            { path: '$.state.grantedAt', lte: activeAt },
            { path: '$.state.effectiveFrom', lte: activeAt },
          ]
        : []),
    ];
    const toNode = (doc: DelegationDocument) => toDelegation(doc, point);
    if (!activeAt) return readPage(ctx, delegationsProjection.collection, { filters, text: filter?.text }, page, read, toNode);

    // In force at activeAt depends on each delegation's timeline and its whole chain: judged here, then paged.
    const readModels = await readModelsFor(ctx, read);
    const candidates = readModels.find<DelegationDocument>(delegationsProjection.collection, { filters, text: filter?.text }).docs.map(toNode);
    const inForce: Delegation[] = [];
    for (const candidate of candidates) {
      if (filter?.power && !includesPower(termsAt(candidate.record, activeAt).powers, filter.power)) continue;
      if ((await effectiveStandingOf(ctx, candidate, activeAt)).inEffect) inForce.push(candidate);
    }
    return connectionOf(inForce, page, ID_ORDER, byId);
  }

  @Authorized(MAY_READ)
  @Query(() => AuthorityCheck, {
    description: 'Did the organization hold the power at effective time `at`, as the records stood at `asOf` (default now)?',
  })
  async authority(
    @Args() args: AuthorityArgs,
    @Arg('consistentWith', () => String, { nullable: true, description: 'Answer only once the read models have processed this position.' })
    consistentWith: string | undefined,
    @Ctx() ctx: GraphQLContext,
  ): Promise<AuthorityCheck> {
    await awaitConsistency(ctx, { consistentWith: consistentWith ?? undefined });
    if (!ctx.app.readModels.get(organizationsProjection.collection, args.organizationId))
      throw new NotFound('organization', args.organizationId);
    const asOf = args.asOf ?? ctx.app.clock.now();
    const { events, docs } = await authorityHistoriesFor(ctx, args.organizationId, args.asOf);
    const at = args.at.toISOString();
    const result = authority(events, { organizationId: args.organizationId, power: args.power, at, asOf: asOf.toISOString() });
    const point: DelegationReadPoint = { asOf: args.asOf, judgedAt: asOf.toISOString() };
    return Object.assign(new AuthorityCheck(), {
      holds: result.holds,
      chain: result.chain.map((id) => toDelegation(docs.get(id)!, point)),
      reason: result.reason,
      organizationId: args.organizationId,
      power: args.power,
      at,
      asOf: asOf.toISOString(),
    });
  }

  @FieldResolver(() => Organization, { nullable: true })
  delegator(@Root() delegation: Delegation, @Ctx() ctx: GraphQLContext) {
    return this.organizationAt(ctx, delegation.delegatorId, delegation.readPoint);
  }

  @FieldResolver(() => Organization, { nullable: true })
  delegate(@Root() delegation: Delegation, @Ctx() ctx: GraphQLContext) {
    return this.organizationAt(ctx, delegation.delegateId, delegation.readPoint);
  }

  @FieldResolver(() => Delegation, { nullable: true })
  async parent(@Root() delegation: Delegation, @Ctx() ctx: GraphQLContext) {
    if (!delegation.parentDelegationId) return null;
    const doc = await delegationAt(ctx, delegation.parentDelegationId, delegation.readPoint);
    return doc ? toDelegation(doc, delegation.readPoint) : null;
  }

  @FieldResolver(() => DelegationConnection, { description: 'Its sub-delegations.' })
  async children(@Root() delegation: Delegation, @Args() page: PageArgs, @Ctx() ctx: GraphQLContext) {
    const docs = await childrenOf(ctx, delegation.id, delegation.readPoint);
    return connectionOf(docs.map((doc) => toDelegation(doc, delegation.readPoint)), page, ID_ORDER, byId);
  }

  @FieldResolver(() => DelegationStatusEnum, {
    description: 'SUSPENDED while any delegation above it is suspended, revoked or otherwise not active; else its own status.',
  })
  async effectiveStatus(@Root() delegation: Delegation, @Ctx() ctx: GraphQLContext) {
    return (await effectiveStandingOf(ctx, delegation)).status;
  }

  @FieldResolver(() => String, { nullable: true, description: 'Why it is not in force, e.g. "parent <id> revoked at …".' })
  async effectiveStatusReason(@Root() delegation: Delegation, @Ctx() ctx: GraphQLContext) {
    return (await effectiveStandingOf(ctx, delegation)).reason;
  }

  @FieldResolver(() => Boolean, { description: 'Whether it can be relied on now (or at asOf): effectively active and its period begun.' })
  async inForce(@Root() delegation: Delegation, @Ctx() ctx: GraphQLContext) {
    return (await effectiveStandingOf(ctx, delegation)).inEffect;
  }

  @FieldResolver(() => EventConnection)
  history(@Root() delegation: Delegation, @Args() page: PageArgs, @Ctx() ctx: GraphQLContext) {
    return entityHistory(ctx, DELEGATION_CATEGORY, delegation.id, page);
  }

  @Authorized(MAY_WRITE)
  @Mutation(() => DelegationPayload)
  async proposeDelegation(@Arg('input') input: ProposeDelegationInput, @Ctx() ctx: GraphQLContext) {
    const delegationId = newId();
    const terms = requestedTerms(input);
    const organizations = lookUpOrganizations(ctx, [terms.delegatorId, terms.delegateId]);
    const basedOnResolution = lookUpResolution(ctx, terms.basedOnResolutionId);
    const known = await lineagesOf(ctx, [terms.parentDelegationId]);
    return runCommand(
      ctx,
      delegationId,
      (metadata) => ({ type: 'ProposeDelegation', data: { delegationId, terms, organizations, basedOnResolution, known }, metadata }),
      input,
    );
  }

  @Authorized(MAY_WRITE)
  @Mutation(() => DelegationPayload)
  async grantDelegation(@Arg('input') input: GrantDelegationInput, @Ctx() ctx: GraphQLContext) {
    const terms = newTermsOf(input);
    const delegationId = input.delegationId ?? newId();
    const named: Pick<DelegationTerms, 'delegatorId' | 'delegateId' | 'parentDelegationId'> | undefined =
      terms ?? liveDelegation(ctx, delegationId)?.state;
    const organizations = named ? lookUpOrganizations(ctx, [named.delegatorId, named.delegateId]) : {};
    const known = await lineagesOf(ctx, [named?.parentDelegationId, input.underDelegationId ?? undefined]);
    return runCommand(
      ctx,
      delegationId,
      (metadata) => ({
        type: 'GrantDelegation',
        data: {
          delegationId,
          terms,
          underDelegationId: input.underDelegationId ?? undefined,
          organizations,
          basedOnResolution: lookUpResolution(ctx, terms?.basedOnResolutionId),
          known,
        },
        metadata,
      }),
      input,
    );
  }

  @Authorized(MAY_WRITE)
  @Mutation(() => DelegationPayload)
  rejectDelegation(@Arg('input') input: RejectDelegationInput, @Ctx() ctx: GraphQLContext) {
    return runCommand(ctx, input.delegationId, (metadata) => ({ type: 'RejectDelegation', data: { delegationId: input.delegationId }, metadata }), input);
  }

  @Authorized(MAY_WRITE)
  @Mutation(() => DelegationPayload)
  suspendDelegation(@Arg('input') input: SuspendDelegationInput, @Ctx() ctx: GraphQLContext) {
    return runCommand(ctx, input.delegationId, (metadata) => ({ type: 'SuspendDelegation', data: { delegationId: input.delegationId }, metadata }), input);
  }

  @Authorized(MAY_WRITE)
  @Mutation(() => DelegationPayload)
  reinstateDelegation(@Arg('input') input: ReinstateDelegationInput, @Ctx() ctx: GraphQLContext) {
    return runCommand(ctx, input.delegationId, (metadata) => ({ type: 'ReinstateDelegation', data: { delegationId: input.delegationId }, metadata }), input);
  }

  @Authorized(MAY_WRITE)
  @Mutation(() => DelegationPayload)
  revokeDelegation(@Arg('input') input: RevokeDelegationInput, @Ctx() ctx: GraphQLContext) {
    return runCommand(ctx, input.delegationId, (metadata) => ({ type: 'RevokeDelegation', data: { delegationId: input.delegationId }, metadata }), input);
  }

  @Authorized(MAY_WRITE)
  @Mutation(() => DelegationPayload)
  async amendDelegation(@Arg('input') input: AmendDelegationInput, @Ctx() ctx: GraphQLContext) {
    const current = liveDelegation(ctx, input.delegationId)?.state;
    const known = await lineagesOf(ctx, [current?.parentDelegationId]);
    const children = (await childrenOf(ctx, input.delegationId, {})).map((doc) => doc.state);
    return runCommand(
      ctx,
      input.delegationId,
      (metadata) => ({
        type: 'AmendDelegation',
        data: {
          delegationId: input.delegationId,
          powers: input.powers ?? undefined,
          effectiveUntil: isoString(input.effectiveUntil),
          conditions: input.conditions ?? undefined,
          known,
          children,
        },
        metadata,
      }),
      input,
    );
  }

  private async organizationAt(ctx: GraphQLContext, id: string, point: DelegationReadPoint): Promise<Organization | null> {
    const doc = await findEntity<OrganizationDocument>(ctx, organizationsProjection, ORGANIZATION_CATEGORY, id, {
      asOf: point.asOf,
      atPosition: point.atPosition,
    });
    return doc ? toOrganization(doc) : null;
  }
}
