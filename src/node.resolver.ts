import { Arg, Authorized, Ctx, ID, Query, Resolver } from 'type-graphql';
import { Forbidden, invalidField, NotFound } from './core/errors';
import { MAY_AUDIT, MAY_READ } from './graphql/auth-checker';
import type { GraphQLContext } from './graphql/context';
import { Node, parseEventNodeId } from './graphql/node';
import { parseIdAtPoint, type ReadPoint } from './graphql/read-point';
import { toEventRecord } from './graphql/event-record.types';
import { entitiesProjection, type EntityLocation } from '../projections/entities/entities.projection';
import { OrganizationResolver } from './organizations/organization.resolver';
import { RegionalGroupResolver } from './regional-groups/regional-group.resolver';
import { MeetingResolver } from './meetings/meeting.resolver';
import { CooperationDocumentResolver } from './cooperation-documents/cooperation-document.resolver';
import { ResolutionResolver } from './resolutions/resolution.resolver';
import { DelegationResolver } from './delegations/delegation.resolver';
import { delegationAt, readPointOf } from './delegations/delegation-reads';
import { toDelegation } from './delegations/delegation.types';

type EntityRead = (ctx: GraphQLContext, id: string, point: ReadPoint) => Promise<object>;

/** A delegation as an authority chain shows it: its status at the effective time `at`, as recorded at the point. */
const delegationWithStatusAt = async (ctx: GraphQLContext, id: string, { asOf, atPosition, at }: ReadPoint & { at: string }) => {
  const point = { ...readPointOf(ctx, { asOf, atPosition }), judgedAt: at, statusAt: at };
  const doc = await delegationAt(ctx, id, point);
  if (!doc) throw new NotFound('delegation', id);
  return toDelegation(doc, point);
};

/**
 * Each kind of entity read as its own root query reads it, at the point its id names (now, or
 * `asOf`/`atPosition`): by stream category. Only a delegation is read at an effective time (`at`).
 */
const entityReads: Record<string, EntityRead> = {
  organization: (ctx, id, point) => new OrganizationResolver().organization({ id }, point, ctx),
  regionalGroup: (ctx, id, point) => new RegionalGroupResolver().regionalGroup({ id }, point, ctx),
  meeting: (ctx, id, point) => new MeetingResolver().meeting({ id }, point, ctx),
  cooperationDocument: (ctx, id, point) => new CooperationDocumentResolver().cooperationDocument({ id }, point, ctx),
  resolution: (ctx, id, point) => new ResolutionResolver().resolution({ id }, point, ctx),
  delegation: (ctx, id, point) =>
    point.at ? delegationWithStatusAt(ctx, id, { ...point, at: point.at }) : new DelegationResolver().delegation({ id }, point, ctx),
};

const MALFORMED = (field: string) =>
  `${field} is not an id this API gave out (an entity's UUID, optionally read at a point: <UUID>@asOf:<ISO>, @position:<P>; or an event's event:<streamId>:<revision>)`;

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
  const parsed = parseIdAtPoint(id);
  if (!parsed) throw invalidField(field, MALFORMED(field));
  const { entityId, point } = parsed;
  const location = ctx.app.readModels.get<EntityLocation>(entitiesProjection.collection, entityId);
  if (location && point.at && location.category !== 'delegation')
    throw invalidField(field, `${field}: only a delegation is read at an effective time (@at:)`);
  const read = location && entityReads[location.category];
  if (!read) throw new NotFound('node', id);
  return read(ctx, entityId, point);
};

@Resolver()
export class NodeResolver {
  @Authorized(MAY_READ)
  @Query(() => Node, {
    nullable: true,
    description: 'Any entity or event by its global id (Relay Global Object Identification): an entity as it stands now, or, for an id read at a past point (`<entityId>@asOf:<ISO>`, `@position:<P>`), as it stood then. Null, with a NOT_FOUND error for this field, when nothing has that id (then).',
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
