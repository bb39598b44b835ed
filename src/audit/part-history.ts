import type { GraphQLContext } from '../graphql/context';
import type { AuditLogFilter, AuditLogPage, AuditLogResult } from '../eventstore/event-store';
import { auditLogWindowOf } from '../eventstore/audit-log-page';
import { comparePositions } from '../eventstore/position';
import { entitiesProjection, type EntityLocation } from '../../projections/entities/entities.projection';
import { PARTS_COLLECTION, touchesPart, type PartLocation } from '../../projections/entities/parts.projection';

/** A part of an entity (an outcome, a participant, …) by id; null when the id names none. */
export const locatePart = (ctx: GraphQLContext, id: string): PartLocation | null =>
  ctx.app.readModels.get<EntityLocation>(entitiesProjection.collection, id) ? null : ctx.app.readModels.get<PartLocation>(PARTS_COLLECTION, id);

/**
 * The audit log of one part: its entity's events that pass the filter, kept when they touch the
 * part, paged by position as the store pages. An entity's events are few enough to read whole (a
 * meeting of thousands of outcomes has thousands of events), and the log's own filters apply first.
 */
export const partAuditLog = async (ctx: GraphQLContext, part: PartLocation, filter: AuditLogFilter, page: AuditLogPage): Promise<AuditLogResult> => {
  const { backwards, size } = auditLogWindowOf(filter, page);
  const everything = await ctx.app.auditLog.query(
    { ...filter, entityId: part.ownerId },
    { first: Number.MAX_SAFE_INTEGER, defaultSize: Number.MAX_SAFE_INTEGER, countTotal: false },
  );
  const touching = everything.events.filter((event) => touchesPart(ctx.app.partTracers, part, event));
  const inWindow = touching.filter(
    (event) =>
      (page.after === undefined || comparePositions(event.position, page.after) > 0) &&
      (page.before === undefined || comparePositions(event.position, page.before) < 0),
  );
  const events = backwards ? inWindow.slice(Math.max(0, inWindow.length - size)) : inWindow.slice(0, size);
  const more = inWindow.length > events.length;
  return {
    events,
    totalCount: page.countTotal === false ? null : touching.length,
    hasNextPage: backwards ? page.before !== undefined && touching.some((event) => comparePositions(event.position, page.before!) >= 0) : more,
    hasPreviousPage: backwards ? more : page.after !== undefined && touching.some((event) => comparePositions(event.position, page.after!) <= 0),
  };
};
