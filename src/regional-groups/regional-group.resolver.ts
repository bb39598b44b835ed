import { Arg, Args, Authorized, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { newId } from '../core/ids';
import { streamIdOf } from '../core/streams';
import type { GraphQLContext } from '../graphql/context';
import { MAY_READ, MAY_WRITE } from '../graphql/auth-checker';
import { PageArgs } from '../graphql/connection';
import { ReadArgs } from '../graphql/read-args';
import { executeCommand, type ExecutedCommand } from '../graphql/execute-command';
import { readEntity, readPage } from '../graphql/entity-reads';
import { EventConnection } from '../graphql/event-connection';
import { entityHistory } from '../graphql/entity-history';
import { Organization, toOrganization } from '../organizations/organization.types';
import { organizationsProjection, type OrganizationDocument } from '../organizations/organizations.projection';
import { regionalGroupsProjection, type RegionalGroupDocument } from './regional-groups.projection';
import { REGIONAL_GROUP_CATEGORY } from './regional-group';
import {
  regionalGroupDecider,
  type ChangeRegionalGroupMembers,
  type DefineRegionalGroup,
  type MemberLookup,
} from './regional-group.decide';
import { ChangeRegionalGroupMembersInput, DefineRegionalGroupInput } from './regional-group.inputs';
import { RegionalGroup, RegionalGroupConnection, RegionalGroupPayload, toRegionalGroup } from './regional-group.types';

const lookUpMembers = (ctx: GraphQLContext, ids: string[]): MemberLookup =>
  Object.fromEntries(
    ids.map((id) => {
      const doc = ctx.app.readModels.get<OrganizationDocument>(organizationsProjection.collection, id);
      return [id, doc ? { kind: doc.state.kind, status: doc.state.status } : undefined];
    }),
  );

const loadRegionalGroup = (ctx: GraphQLContext, id: string, read?: ReadArgs) =>
  readEntity<RegionalGroupDocument>(ctx, regionalGroupsProjection, REGIONAL_GROUP_CATEGORY, 'regional group', id, read);

const regionalGroupPayload = async (ctx: GraphQLContext, result: ExecutedCommand<unknown>) => ({
  regionalGroup: toRegionalGroup(await loadRegionalGroup(ctx, result.entityId)),
  events: result.eventRecords,
  position: result.position,
});

const organizationsByIds = (ctx: GraphQLContext, ids: string[]): Organization[] =>
  ctx.app.readModels
    .getMany<OrganizationDocument>(organizationsProjection.collection, ids)
    .filter((doc): doc is OrganizationDocument => doc !== null)
    .map(toOrganization);

@Resolver(() => RegionalGroup)
export class RegionalGroupResolver {
  @Authorized(MAY_READ)
  @Query(() => RegionalGroup)
  async regionalGroup(@Arg('id', () => ID) id: string, @Args() read: ReadArgs, @Ctx() ctx: GraphQLContext) {
    return toRegionalGroup(await loadRegionalGroup(ctx, id, read));
  }

  @Authorized(MAY_READ)
  @Query(() => RegionalGroupConnection)
  regionalGroups(@Args() page: PageArgs, @Args() read: ReadArgs, @Ctx() ctx: GraphQLContext) {
    return readPage(
      ctx,
      regionalGroupsProjection.collection,
      {},
      page,
      read,
      toRegionalGroup,
    );
  }

  @FieldResolver(() => [Organization])
  provinces(@Root() group: RegionalGroup, @Ctx() ctx: GraphQLContext) {
    return organizationsByIds(ctx, group.provinceIds);
  }

  @FieldResolver(() => [Organization])
  missions(@Root() group: RegionalGroup, @Ctx() ctx: GraphQLContext) {
    return organizationsByIds(ctx, group.missionIds);
  }

  @FieldResolver(() => EventConnection)
  history(@Root() group: RegionalGroup, @Args() page: PageArgs, @Ctx() ctx: GraphQLContext) {
    return entityHistory(ctx, REGIONAL_GROUP_CATEGORY, group.id, page);
  }

  @Authorized(MAY_WRITE)
  @Mutation(() => RegionalGroupPayload)
  async defineRegionalGroup(@Arg('input') input: DefineRegionalGroupInput, @Ctx() ctx: GraphQLContext) {
    const regionalGroupId = newId();
    const result = await executeCommand(
      ctx,
      regionalGroupDecider,
      streamIdOf(REGIONAL_GROUP_CATEGORY, regionalGroupId),
      (metadata): DefineRegionalGroup => ({
        type: 'DefineRegionalGroup',
        data: {
          regionalGroupId,
          name: input.name,
          number: input.number,
          provinceIds: input.provinceIds,
          missionIds: input.missionIds,
          members: lookUpMembers(ctx, [...input.provinceIds, ...input.missionIds]),
        },
        metadata,
      }),
      input,
    );
    return regionalGroupPayload(ctx, result);
  }

  @Authorized(MAY_WRITE)
  @Mutation(() => RegionalGroupPayload)
  async changeRegionalGroupMembers(@Arg('input') input: ChangeRegionalGroupMembersInput, @Ctx() ctx: GraphQLContext) {
    const result = await executeCommand(
      ctx,
      regionalGroupDecider,
      streamIdOf(REGIONAL_GROUP_CATEGORY, input.regionalGroupId),
      (metadata): ChangeRegionalGroupMembers => ({
        type: 'ChangeRegionalGroupMembers',
        data: {
          regionalGroupId: input.regionalGroupId,
          provinceIds: input.provinceIds,
          missionIds: input.missionIds,
          members: lookUpMembers(ctx, [...(input.provinceIds ?? []), ...(input.missionIds ?? [])]),
        },
        metadata,
      }),
      input,
    );
    return regionalGroupPayload(ctx, result);
  }
}
