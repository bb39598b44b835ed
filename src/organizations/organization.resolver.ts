import { Arg, Args, Authorized, Ctx, FieldResolver, Mutation, Query, Resolver, Root } from 'type-graphql';
import { newId } from '../core/ids';
import type { GraphQLContext } from '../graphql/context';
import { MAY_READ, MAY_WRITE } from '../graphql/auth-checker';
import { PageArgs } from '../graphql/connection';
import { IdArgs, ReadArgs } from '../graphql/read-args';
import { pointOfRead } from '../graphql/read-point';
import { commandRunner, entityAfterCommand } from '../graphql/payload';
import { ENTITY_QUERY, readEntity, readPage } from '../graphql/entity-reads';
import { WithHistory } from '../graphql/entity-history';
import { organizationsProjection, type OrganizationDocument } from './organizations.projection';
import { organizationFromLog } from './organization-facts';
import { organizationAt } from './organization-lookup';
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

const runOnOrganization = commandRunner(organizationDecider, ORGANIZATION_CATEGORY, 'organization', async (ctx, result) =>
  toOrganization(await entityAfterCommand(ctx, result, organizationsProjection, 'organization')),
);

@Resolver(() => Organization)
export class OrganizationResolver extends WithHistory(Organization, ORGANIZATION_CATEGORY) {
  @Authorized(MAY_READ)
  @Query(() => Organization, ENTITY_QUERY)
  async organization(@Args() { id }: IdArgs, @Args() read: ReadArgs, @Ctx() ctx: GraphQLContext) {
    return toOrganization(await loadOrganization(ctx, id, read), pointOfRead(read));
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
      (doc: OrganizationDocument) => toOrganization(doc, pointOfRead(read)),
    );
  }

  @FieldResolver(() => Organization, { nullable: true })
  parent(@Root() organization: Organization, @Ctx() ctx: GraphQLContext) {
    return organizationAt(ctx, organization.parentId);
  }

  @Authorized(MAY_WRITE)
  @Mutation(() => OrganizationPayload)
  async registerOrganization(@Arg('input') input: RegisterOrganizationInput, @Ctx() ctx: GraphQLContext) {
    const organizationId = newId();
    return runOnOrganization(
      ctx,
      organizationId,
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
  }

  @Authorized(MAY_WRITE)
  @Mutation(() => OrganizationPayload)
  async renameOrganization(@Arg('input') input: RenameOrganizationInput, @Ctx() ctx: GraphQLContext) {
    return runOnOrganization(
      ctx,
      input.organizationId,
      (metadata): RenameOrganization => ({
        type: 'RenameOrganization',
        data: { organizationId: input.organizationId, name: input.name, nameEn: input.nameEn },
        metadata,
      }),
      input,
    );
  }

  @Authorized(MAY_WRITE)
  @Mutation(() => OrganizationPayload)
  async dissolveOrganization(@Arg('input') input: DissolveOrganizationInput, @Ctx() ctx: GraphQLContext) {
    return runOnOrganization(
      ctx,
      input.organizationId,
      (metadata): DissolveOrganization => ({ type: 'DissolveOrganization', data: { organizationId: input.organizationId }, metadata }),
      input,
    );
  }
}
