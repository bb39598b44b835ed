import { Arg, Args, Authorized, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { streamIdOf } from '../core/streams';
import { newId } from '../core/ids';
import type { GraphQLContext } from '../graphql/context';
import { MAY_READ, MAY_WRITE } from '../graphql/auth-checker';
import { PageArgs } from '../graphql/connection';
import { ReadArgs } from '../graphql/read-args';
import { commandPayloadOf, entityAfter, executeCommand, type ExecutedCommand } from '../graphql/execute-command';
import { NotFound } from '../core/errors';
import { findEntity, readEntity, readPage } from '../graphql/entity-reads';
import { EventConnection } from '../graphql/event-connection';
import { entityHistory } from '../graphql/entity-history';
import { organizationsProjection, type OrganizationDocument } from './organizations.projection';
import { organizationFromLog } from './organization-facts';
import { ORGANIZATION_CATEGORY } from './organization';
import {
  organizationDecider,
  type DissolveOrganization,
  type RegisterOrganization,
  type RenameOrganization,
} from './organization.decide';
import { DissolveOrganizationInput, OrganizationFilter, RegisterOrganizationInput, RenameOrganizationInput } from './organization.inputs';
import { Organization, OrganizationConnection, OrganizationPayload, toOrganization } from './organization.types';

export const loadOrganization = (ctx: GraphQLContext, id: string, read?: ReadArgs) =>
  readEntity<OrganizationDocument>(ctx, organizationsProjection, ORGANIZATION_CATEGORY, 'organization', id, read);

export const findOrganization = (ctx: GraphQLContext, id: string) =>
  findEntity<OrganizationDocument>(ctx, organizationsProjection, ORGANIZATION_CATEGORY, id);

const organizationPayload = async (ctx: GraphQLContext, result: ExecutedCommand<unknown>) => {
  const doc = await entityAfter(ctx, result, organizationsProjection);
  if (!doc) throw new NotFound('organization', result.entityId);
  return { organization: toOrganization(doc), ...commandPayloadOf(result) };
};

@Resolver(() => Organization)
export class OrganizationResolver {
  @Authorized(MAY_READ)
  @Query(() => Organization)
  async organization(@Arg('id', () => ID) id: string, @Args() read: ReadArgs, @Ctx() ctx: GraphQLContext) {
    return toOrganization(await loadOrganization(ctx, id, read));
  }

  @Authorized(MAY_READ)
  @Query(() => OrganizationConnection)
  organizations(
    @Arg('filter', () => OrganizationFilter, { nullable: true }) filter: OrganizationFilter | undefined,
    @Args() page: PageArgs,
    @Args() read: ReadArgs,
    @Ctx() ctx: GraphQLContext,
  ) {
    return readPage(
      ctx,
      organizationsProjection.collection,
      {
        filters: [
          ...(filter?.kind ? [{ path: '$.state.kind', equals: filter.kind }] : []),
          ...(filter?.country ? [{ path: '$.state.country', equals: filter.country }] : []),
        ],
        text: filter?.name,
      },
      page,
      read,
      toOrganization,
    );
  }

  @FieldResolver(() => Organization, { nullable: true })
  async parent(@Root() organization: Organization, @Ctx() ctx: GraphQLContext) {
    if (!organization.parentId) return null;
    const doc = await findOrganization(ctx, organization.parentId);
    return doc ? toOrganization(doc) : null;
  }

  @FieldResolver(() => EventConnection)
  history(@Root() organization: Organization, @Args() page: PageArgs, @Ctx() ctx: GraphQLContext) {
    return entityHistory(ctx, ORGANIZATION_CATEGORY, organization.id, page);
  }

  @Authorized(MAY_WRITE)
  @Mutation(() => OrganizationPayload)
  async registerOrganization(@Arg('input') input: RegisterOrganizationInput, @Ctx() ctx: GraphQLContext) {
    const organizationId = newId();
    const result = await executeCommand(
      ctx,
      organizationDecider,
      streamIdOf(ORGANIZATION_CATEGORY, organizationId),
      // The parent from its own stream: one registered a moment ago on another node counts, though no read model has it yet.
      async (metadata, reads): Promise<RegisterOrganization> => ({
        type: 'RegisterOrganization',
        data: {
          organizationId,
          kind: input.kind,
          name: input.name,
          nameEn: input.nameEn,
          country: input.country,
          parentId: input.parentId,
          parentStatus: input.parentId ? ((await organizationFromLog(reads, input.parentId))?.status ?? null) : undefined,
        },
        metadata,
      }),
      input,
    );
    return organizationPayload(ctx, result);
  }

  @Authorized(MAY_WRITE)
  @Mutation(() => OrganizationPayload)
  async renameOrganization(@Arg('input') input: RenameOrganizationInput, @Ctx() ctx: GraphQLContext) {
    const result = await executeCommand(
      ctx,
      organizationDecider,
      streamIdOf(ORGANIZATION_CATEGORY, input.organizationId),
      (metadata): RenameOrganization => ({
        type: 'RenameOrganization',
        data: { organizationId: input.organizationId, name: input.name, nameEn: input.nameEn },
        metadata,
      }),
      input,
    );
    return organizationPayload(ctx, result);
  }

  @Authorized(MAY_WRITE)
  @Mutation(() => OrganizationPayload)
  async dissolveOrganization(@Arg('input') input: DissolveOrganizationInput, @Ctx() ctx: GraphQLContext) {
    const result = await executeCommand(
      ctx,
      organizationDecider,
      streamIdOf(ORGANIZATION_CATEGORY, input.organizationId),
      (metadata): DissolveOrganization => ({ type: 'DissolveOrganization', data: { organizationId: input.organizationId }, metadata }),
      input,
    );
    return organizationPayload(ctx, result);
  }
}
