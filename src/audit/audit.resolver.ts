import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Args, Authorized, Ctx, Extensions, Info, Query, Resolver } from 'type-graphql';
import { invalidField } from '../core/errors';
import type { GraphQLContext } from '../graphql/context';
import { MAY_AUDIT } from '../graphql/auth-checker';
import { ANSWERED_FROM_THE_LOG } from '../graphql/service-unavailability';
import { DEFAULT_PAGE_SIZE, PageArgs, type ConnectionShape } from '../graphql/connection';
import { awaitConsistency } from '../graphql/entity-reads';
import { DateTime } from '../graphql/scalars';
import { EntityIdArgs } from '../graphql/read-args';
import { selectsField } from '../graphql/selection';
import { foldEntity } from '../../projections/entity-document';
import { AuditLogFilter, ConsistencyArgs, POSITION_PATTERN } from './audit.inputs';
import { categoryOfKnownEntityType } from './entity-types';
import { EventConnection } from '../graphql/event-connection';
import { toEventRecord, type EventRecord } from '../graphql/event-record.types';
import { entityHistory, OccurredArgs, occurredRangeOf } from '../graphql/entity-history';
import { locateEntity } from './entity-location';
import { locatePart, partAuditLog } from './part-history';
import { touchesPart } from '../../projections/entities/parts.projection';
import type { AuditLogFilter as AuditLogFilterOfStore, AuditLogPage } from '../eventstore/event-store';
import { FieldChange } from './field-change.types';
import { fieldChanges } from './field-changes';
import { inGraphQLTerms } from './graphql-paths';
import { readModelOf } from './read-model-of';

const positionCursor = (cursor: string | undefined, field: string): string | undefined => {
  if (cursor === undefined || cursor === null) return undefined;
  if (!POSITION_PATTERN.test(cursor)) throw invalidField(field, `${field} is not a cursor this list gave out`);
  return cursor;
};

@Resolver()
export class AuditResolver {
  @Authorized(MAY_AUDIT)
  @Query(() => EventConnection, {
    nullable: true,
    description:
      "One entity's events, oldest first, whatever its type; `occurredFrom`/`occurredTo` keep those that happened in that range (business time). A part of an entity (an outcome, participant or working group of a meeting, a progress report of a resolution) has its own: the events of its entity that touched it, the same as `auditLog(filter: { entityId })` lists. Null, with a NOT_FOUND error for this field, when there is no such entity or part.",
  })
  async history(
    @Args() { entityId }: EntityIdArgs,
    @Args() page: PageArgs,
    @Args() occurred: OccurredArgs,
    @Args() consistency: ConsistencyArgs,
    @Ctx() ctx: GraphQLContext,
  ) {
    await awaitConsistency(ctx, consistency);
    const part = locatePart(ctx, entityId);
    if (part) return entityHistory(ctx, part.category, part.ownerId, page, occurredRangeOf(occurred), (event) => touchesPart(ctx.app.partTracers, part, event));
    const { category } = locateEntity(ctx, entityId);
    return entityHistory(ctx, category, entityId, page, occurredRangeOf(occurred));
  }

  @Authorized(MAY_AUDIT)
  // From the store's own indexes, or (EventStoreDB) from a read-model table that is then only behind.
  @Extensions(ANSWERED_FROM_THE_LOG)
  @Query(() => EventConnection, { description: 'Every event, oldest first, filtered; cursors are positions.' })
  async auditLog(
    @Arg('filter', () => AuditLogFilter, { nullable: true }) filter: AuditLogFilter | undefined,
    @Args() page: PageArgs,
    @Args() consistency: ConsistencyArgs,
    @Ctx() ctx: GraphQLContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<ConnectionShape<EventRecord>> {
    if (page.first !== undefined && page.first !== null && page.last !== undefined && page.last !== null)
      throw invalidField('last', 'use either first or last, not both');
    // Needed when the audit log is a read-model table, which the runner fills; a store's own answer
    // is never behind, so for it this only waits while the read models catch up.
    await awaitConsistency(ctx, consistency);
    const query: AuditLogFilterOfStore = {
        actorId: filter?.actorId ?? undefined,
        entityType: filter?.entityType ? categoryOfKnownEntityType(ctx.app, filter.entityType) : undefined,
        entityId: filter?.entityId ?? undefined,
        types: filter?.types ?? undefined,
        from: filter?.from?.toISOString(),
        to: filter?.to?.toISOString(),
        occurredFrom: filter?.occurredFrom?.toISOString(),
        occurredTo: filter?.occurredTo?.toISOString(),
        fromPosition: filter?.fromPosition ?? undefined,
    };
    const window: AuditLogPage = {
      first: page.first ?? undefined,
      last: page.last ?? undefined,
      after: positionCursor(page.after, 'after'),
      before: positionCursor(page.before, 'before'),
      defaultSize: DEFAULT_PAGE_SIZE,
      countTotal: selectsField(info, 'totalCount'),
    };
    // A part (an outcome, a participant, …) has no stream of its own: its entity's events that touch it.
    const part = query.entityId === undefined ? null : locatePart(ctx, query.entityId);
    const result = part ? await partAuditLog(ctx, part, query, window) : await ctx.app.auditLog.query(query, window);
    const edges = result.events.map((event) => ({ cursor: event.position, node: toEventRecord(event) }));
    return {
      edges,
      // Not counted only when the operation does not ask for it, so never read then.
      totalCount: result.totalCount ?? 0,
      pageInfo: {
        hasNextPage: result.hasNextPage,
        hasPreviousPage: result.hasPreviousPage,
        startCursor: edges[0]?.cursor ?? null,
        endCursor: edges[edges.length - 1]?.cursor ?? null,
      },
    };
  }

  @Authorized(MAY_AUDIT)
  @Query(() => [FieldChange], { description: 'What changed in the entity between its state as recorded at `from` and at `to`, by GraphQL path (as EventRecord.changes).' })
  async diff(
    @Args() { entityId }: EntityIdArgs,
    @Arg('from', () => DateTime) from: Date,
    @Arg('to', () => DateTime) to: Date,
    @Args() consistency: ConsistencyArgs,
    @Ctx() ctx: GraphQLContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<FieldChange[]> {
    if (to.getTime() < from.getTime()) throw invalidField('to', 'to must not be before from');
    await awaitConsistency(ctx, consistency);
    const { streamId } = locateEntity(ctx, entityId);
    const projection = readModelOf(ctx.app.entityFolds, streamId);
    if (!projection) return [];
    const stateAt = async (at: Date) =>
      foldEntity(projection, await ctx.app.store.readStream(streamId, { untilRecordedAt: at.toISOString() }));
    const [before, after] = await Promise.all([stateAt(from), stateAt(to)]);
    return inGraphQLTerms(info.schema, streamId, fieldChanges(before, after));
  }
}
