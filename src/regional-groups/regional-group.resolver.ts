import { Arg, Args, Authorized, Ctx, FieldResolver, Mutation, Query, Resolver, Root } from 'type-graphql';
import { newId } from '../core/ids';
import type { GraphQLContext } from '../graphql/context';
import { MAY_READ, MAY_WRITE } from '../graphql/auth-checker';
import { PageArgs } from '../graphql/connection';
import { IdArgs, ReadArgs } from '../graphql/read-args';
import { commandRunner, entityAfterCommand } from '../graphql/payload';
import { ENTITY_QUERY, readEntity, readPage } from '../graphql/entity-reads';
import { pointOfRead } from '../graphql/read-point';
import { WithHistory } from '../graphql/entity-history';
import type { DecisionReads } from '../commands/decision-reads';
import { organizationFromLog } from '../organizations/organization-facts';
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

/** The named members from their own streams, checked by the append: a dissolution racing the command makes it decide again. */
const membersFromLog = async (reads: DecisionReads, ids: string[]): Promise<MemberLookup> => {
  const members: MemberLookup = {};
  for (const id of ids) {
    const organization = await organizationFromLog(reads, id);
    members[id] = organization ? { kind: organization.kind, status: organization.status } : undefined;
  }
  return members;
};

const loadRegionalGroup = (ctx: GraphQLContext, id: string, read?: ReadArgs) =>
  readEntity<RegionalGroupDocument>(ctx, regionalGroupsProjection, REGIONAL_GROUP_CATEGORY, 'regional group', id, read);

const runOnRegionalGroup = commandRunner(regionalGroupDecider, REGIONAL_GROUP_CATEGORY, 'regionalGroup', async (ctx, result) =>
  toRegionalGroup(await entityAfterCommand(ctx, result, regionalGroupsProjection, 'regional group')),
);

const organizationsByIds = (ctx: GraphQLContext, ids: string[]): Organization[] =>
  ctx.app.readModels
    .getMany<OrganizationDocument>(organizationsProjection.collection, ids)
    .filter((doc): doc is OrganizationDocument => doc !== null)
    .map((doc) => toOrganization(doc));

@Resolver(() => RegionalGroup)
export class RegionalGroupResolver extends WithHistory(RegionalGroup, REGIONAL_GROUP_CATEGORY) {
  @Authorized(MAY_READ)
  @Query(() => RegionalGroup, ENTITY_QUERY)
  async regionalGroup(@Args() { id }: IdArgs, @Args() read: ReadArgs, @Ctx() ctx: GraphQLContext) {
    return toRegionalGroup(await loadRegionalGroup(ctx, id, read), pointOfRead(read));
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
      (doc: RegionalGroupDocument) => toRegionalGroup(doc, pointOfRead(read)),
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

  @Authorized(MAY_WRITE)
  @Mutation(() => RegionalGroupPayload)
  async defineRegionalGroup(@Arg('input') input: DefineRegionalGroupInput, @Ctx() ctx: GraphQLContext) {
    const regionalGroupId = newId();
    return runOnRegionalGroup(
      ctx,
      regionalGroupId,
      async (metadata, reads): Promise<DefineRegionalGroup> => ({
        type: 'DefineRegionalGroup',
        data: {
          regionalGroupId,
          name: input.name,
          number: input.number,
          provinceIds: input.provinceIds,
          missionIds: input.missionIds,
          members: await membersFromLog(reads, [...input.provinceIds, ...input.missionIds]),
        },
        metadata,
      }),
      input,
    );
  }

  @Authorized(MAY_WRITE)
  @Mutation(() => RegionalGroupPayload)
  async changeRegionalGroupMembers(@Arg('input') input: ChangeRegionalGroupMembersInput, @Ctx() ctx: GraphQLContext) {
    return runOnRegionalGroup(
      ctx,
      input.regionalGroupId,
      async (metadata, reads): Promise<ChangeRegionalGroupMembers> => ({
        type: 'ChangeRegionalGroupMembers',
        data: {
          regionalGroupId: input.regionalGroupId,
          provinceIds: input.provinceIds,
          missionIds: input.missionIds,
          members: await membersFromLog(reads, [...(input.provinceIds ?? []), ...(input.missionIds ?? [])]),
        },
        metadata,
      }),
      input,
    );
  }
}
