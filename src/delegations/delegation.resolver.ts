import { Arg, Args, Authorized, Ctx, FieldResolver, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { DecisionReads } from '../commands/decision-reads';
import { NotFound, ValidationFailed, type FieldProblem } from '../core/errors';
import { newId } from '../core/ids';
import type { GraphQLContext } from '../graphql/context';
import { MAY_READ, MAY_WRITE } from '../graphql/auth-checker';
import { connectionOf, ID_ORDER, PageArgs } from '../graphql/connection';
import { IdArgs, ReadArgs } from '../graphql/read-args';
import { ENTITY_QUERY, awaitConsistency, readModelsFor, readPage } from '../graphql/entity-reads';
import { commandRunner, entityAfterCommand } from '../graphql/payload';
import { isoString } from '../graphql/scalars';
import type { Filter } from '../../projections/read-model-store';
import { WithHistory } from '../graphql/entity-history';
import { Organization } from '../organizations/organization.types';
import { lookUpOrganization, organizationAt } from '../organizations/organization-lookup';
import { delegationsProjection, type DelegationDocument } from './delegations.projection';
import { DELEGATION_CATEGORY, type DelegationRecord, type DelegationTerms } from './delegation';
import { authority, type Wording } from './authority';
import {
  delegationDecider,
  type RequestedTerms,
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
  readPointOf,
} from './delegation-reads';
import { includesPower, powerKey } from './powers';
import { termsAt, type ReadableStatus } from './standing';
import { toJalali } from '../graphql/jalali';
import {
  delegationFromLog,
  lineagesFromLog,
  organizationStatusesFromLog,
  resolutionFromLog,
  subdelegationsFromLog,
  subdelegationsOf,
} from './delegation-facts';

// Cross-aggregate facts for `decide` come from the log through `reads`, checked by the append (docs/consistency.md).
const runCommand = commandRunner(delegationDecider, DELEGATION_CATEGORY, 'delegation', async (ctx, result) => {
  const doc = await entityAfterCommand(ctx, result, delegationsProjection, 'delegation');
  // A mutation's answer keeps the entity's own id, a replayed one too (the first answer again): clients chain ids from it.
  return toDelegation(doc, readPointOf(ctx, result.readAt), {});
});

/** A sub-delegation joins its parent's guarded set (none to join when no such parent is recorded: the decider refuses it). */
const joinParent = async (ctx: GraphQLContext, reads: DecisionReads, parentId: string | undefined, known: DelegationRecord[], delegationId: string) => {
  if (parentId !== undefined && known.some((delegation) => delegation.delegationId === parentId))
    await reads.members(subdelegationsOf(ctx, parentId), { joining: delegationId });
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
const byId = (delegation: Delegation) => ({ values: [], id: delegation.entityId });

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
export class DelegationResolver extends WithHistory(Delegation, DELEGATION_CATEGORY) {
  @Authorized(MAY_READ)
  @Query(() => Delegation, ENTITY_QUERY)
  async delegation(@Args() { id }: IdArgs, @Args() read: ReadArgs, @Ctx() ctx: GraphQLContext) {
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
    if (!lookUpOrganization(ctx, args.organizationId)) throw new NotFound('organization', args.organizationId);
    const asOf = args.asOf ?? ctx.app.clock.now();
    const { events, docs } = await authorityHistoriesFor(ctx, args.organizationId, args.asOf);
    const at = args.at.toISOString();
    const words: Wording = {
      organization: (id) => {
        const name = lookUpOrganization(ctx, id)?.name;
        return name === undefined ? id : `«${name}» (${id})`;
      },
      date: (iso) => `${iso} (${toJalali(iso)})`,
    };
    const result = authority(events, { organizationId: args.organizationId, power: args.power, at, asOf: asOf.toISOString() }, words);
    // Each link as it stood at `at`, as recorded at `asOf`: a chain that holds shows them ACTIVE.
    const point: DelegationReadPoint = { asOf: args.asOf, judgedAt: at, statusAt: at };
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
    return organizationAt(ctx, delegation.delegatorId, delegation.readPoint);
  }

  @FieldResolver(() => Organization, { nullable: true })
  delegate(@Root() delegation: Delegation, @Ctx() ctx: GraphQLContext) {
    return organizationAt(ctx, delegation.delegateId, delegation.readPoint);
  }

  @FieldResolver(() => Delegation, { nullable: true })
  async parent(@Root() delegation: Delegation, @Ctx() ctx: GraphQLContext) {
    if (!delegation.parentDelegationId) return null;
    const doc = await delegationAt(ctx, delegation.parentDelegationId, delegation.readPoint);
    return doc ? toDelegation(doc, delegation.readPoint) : null;
  }

  @FieldResolver(() => DelegationConnection, { description: 'Its sub-delegations.' })
  async children(@Root() delegation: Delegation, @Args() page: PageArgs, @Ctx() ctx: GraphQLContext) {
    const docs = await childrenOf(ctx, delegation.entityId, delegation.readPoint);
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

  @Authorized(MAY_WRITE)
  @Mutation(() => DelegationPayload)
  async proposeDelegation(@Arg('input') input: ProposeDelegationInput, @Ctx() ctx: GraphQLContext) {
    const delegationId = newId();
    const terms = requestedTerms(input);
    // Cross-aggregate facts come from the log through `reads`, checked by the append (docs/consistency.md).
    return runCommand(
      ctx,
      delegationId,
      async (metadata, reads) => {
        const organizations = await organizationStatusesFromLog(reads, [terms.delegatorId, terms.delegateId]);
        const basedOnResolution = await resolutionFromLog(reads, terms.basedOnResolutionId);
        const known = await lineagesFromLog(reads, [terms.parentDelegationId]);
        await joinParent(ctx, reads, terms.parentDelegationId, known, delegationId);
        return { type: 'ProposeDelegation', data: { delegationId, terms, organizations, basedOnResolution, known }, metadata };
      },
      input,
    );
  }

  @Authorized(MAY_WRITE)
  @Mutation(() => DelegationPayload)
  async grantDelegation(@Arg('input') input: GrantDelegationInput, @Ctx() ctx: GraphQLContext) {
    const terms = newTermsOf(input);
    const delegationId = input.delegationId ?? newId();
    return runCommand(
      ctx,
      delegationId,
      async (metadata, reads) => {
        const named: Pick<DelegationTerms, 'delegatorId' | 'delegateId' | 'parentDelegationId'> | undefined =
          terms ?? (await delegationFromLog(reads, delegationId)) ?? undefined;
        const organizations = named ? await organizationStatusesFromLog(reads, [named.delegatorId, named.delegateId]) : {};
        const known = await lineagesFromLog(reads, [named?.parentDelegationId, input.underDelegationId ?? undefined]);
        await joinParent(ctx, reads, named?.parentDelegationId, known, delegationId);
        return {
          type: 'GrantDelegation',
          data: {
            delegationId,
            terms,
            underDelegationId: input.underDelegationId ?? undefined,
            organizations,
            basedOnResolution: await resolutionFromLog(reads, terms?.basedOnResolutionId),
            known,
          },
          metadata,
        };
      },
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
    return runCommand(
      ctx,
      input.delegationId,
      async (metadata, reads) => {
        const current = await delegationFromLog(reads, input.delegationId);
        const known = await lineagesFromLog(reads, [current?.parentDelegationId]);
        // Only a delegation that allows sub-delegating can have any (canSubdelegate is never amended).
        const children = current?.canSubdelegate ? await subdelegationsFromLog(reads, subdelegationsOf(ctx, input.delegationId)) : [];
        return {
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
        };
      },
      input,
    );
  }
}
