import { Arg, Authorized, Ctx, ID, Query, Resolver } from 'type-graphql';
import { isUUID } from 'class-validator';
import { Forbidden, invalidField, NotFound } from './core/errors';
import { MAY_AUDIT, MAY_READ } from './graphql/auth-checker';
import type { GraphQLContext } from './graphql/context';
import { Node, parseEventNodeId } from './graphql/node';
import { toEventRecord } from './graphql/event-record.types';
import { entitiesProjection, type EntityLocation } from '../projections/entities/entities.projection';
import { OrganizationResolver } from './organizations/organization.resolver';
import { RegionalGroupResolver } from './regional-groups/regional-group.resolver';
import { MeetingResolver } from './meetings/meeting.resolver';
import { CooperationDocumentResolver } from './cooperation-documents/cooperation-document.resolver';
import { ResolutionResolver } from './resolutions/resolution.resolver';
import { DelegationResolver } from './delegations/delegation.resolver';

type EntityRead = (ctx: GraphQLContext, id: string) => Promise<object>;

/** Each kind of entity read as its own root query reads it (now, no as-of): by stream category. */
const entityReads: Record<string, EntityRead> = {
  organization: (ctx, id) => new OrganizationResolver().organization({ id }, {}, ctx),
  regionalGroup: (ctx, id) => new RegionalGroupResolver().regionalGroup({ id }, {}, ctx),
  meeting: (ctx, id) => new MeetingResolver().meeting({ id }, {}, ctx),
  cooperationDocument: (ctx, id) => new CooperationDocumentResolver().cooperationDocument({ id }, {}, ctx),
  resolution: (ctx, id) => new ResolutionResolver().resolution({ id }, {}, ctx),
  delegation: (ctx, id) => new DelegationResolver().delegation({ id }, {}, ctx),
};

/** The object a global id names, or NotFound; a malformed id is BAD_USER_INPUT naming `field`. */
const readNode = async (ctx: GraphQLContext, id: string, field: string): Promise<object> => {
  const event = parseEventNodeId(id);
  if (event) {
    // Events are audit data: the roles that may read the audit log may read one by id.
    const roles = ctx.user?.roles ?? [];
    if (!roles.includes('ADMIN') && !MAY_AUDIT.some((role) => roles.includes(role))) {
      const wouldDo = [...MAY_AUDIT, 'ADMIN' as const];
      throw new Forbidden(`requires one of the roles ${wouldDo.join(', ')}`, wouldDo);
    }
    const [found] = await ctx.app.store.readStream(event.streamId, { fromRevision: event.revision, maxCount: 1 });
    if (!found || found.revision !== event.revision) throw new NotFound('event', id);
    return toEventRecord(found);
  }
  if (!isUUID(id)) throw invalidField(field, `${field} is not an id this API gave out (an entity's UUID or an event's event:<streamId>:<revision>)`);
  const location = ctx.app.readModels.get<EntityLocation>(entitiesProjection.collection, id);
  const read = location && entityReads[location.category];
  if (!read) throw new NotFound('node', id);
  return read(ctx, id);
};

@Resolver()
export class NodeResolver {
  @Authorized(MAY_READ)
  @Query(() => Node, {
    nullable: true,
    description: 'Any entity or event by its global id (Relay Global Object Identification), as it stands now. Null, with a NOT_FOUND error for this field, when nothing has that id.',
  })
  node(@Arg('id', () => ID) id: string, @Ctx() ctx: GraphQLContext): Promise<object> {
    return readNode(ctx, id, 'id');
  }

  @Authorized(MAY_READ)
  @Query(() => [Node], {
    nullable: 'items',
    description: 'Several entities or events by their global ids, in the order given; null in place of an id that names nothing.',
  })
  async nodes(@Arg('ids', () => [ID]) ids: string[], @Ctx() ctx: GraphQLContext): Promise<(object | null)[]> {
    if (ids.length > 100) throw invalidField('ids', 'at most 100 ids at once');
    return Promise.all(
      ids.map((id, index) =>
        readNode(ctx, id, `ids[${index}]`).catch((error: unknown) => {
          if (error instanceof NotFound) return null;
          throw error;
        }),
      ),
    );
  }
}
