import { Args, ArgsType, Ctx, FieldResolver, Resolver, Root, type ClassType } from 'type-graphql';
import { IsDate } from 'class-validator';
import { OptionalField } from './input-fields';
import { DateTime } from './scalars';
import { streamIdOf } from '../core/streams';
import { invalidField } from '../core/errors';
import type { KeysetPosition } from '../../projections/keyset';
import type { RecordedEvent } from '../eventstore/event-store';
import type { GraphQLContext } from './context';
import { keysetWindow, toConnection, PageArgs, type ConnectionShape, type ListOrder } from './connection';
import { toEventRecord, type EventRecord } from './event-record.types';
import { EventConnection } from './event-connection';

/** A stream's events in revision order: a cursor carries the revision (and the event's id). */
const REVISION_ORDER: ListOrder = { name: 'revision', arity: 1 };

const revisionOf = (position: KeysetPosition, field: string): number => {
  const [revision] = position.values;
  if (typeof revision !== 'number' || !Number.isSafeInteger(revision) || revision < 0)
    throw invalidField(field, `${field} is not a cursor this list gave out`);
  return revision;
};

/** Business time: events that happened (`occurredAt`) in a range, whenever they were recorded. */
@ArgsType()
export class OccurredArgs {
  @OptionalField(() => DateTime, { description: 'Only events that happened (business time, `occurredAt`) at or after this time.' })
  @IsDate()
  occurredFrom?: Date;

  @OptionalField(() => DateTime, { description: 'Only events that happened at or before this time.' })
  @IsDate()
  occurredTo?: Date;
}

/** Business time, both ends included: ISO strings in `toISOString()` form, as events keep `occurredAt`. */
export interface OccurredRange {
  occurredFrom?: string;
  occurredTo?: string;
}

export const occurredRangeOf = (args: OccurredArgs): OccurredRange => ({
  occurredFrom: args.occurredFrom?.toISOString(),
  occurredTo: args.occurredTo?.toISOString(),
});

/**
 * `history(first, after)` of any entity: its own stream, oldest first; a cursor carries the
 * event's revision. A stream's revisions run from 0 without gaps and are never removed, so without
 * a business-time range the page is worked out from the cursors and the stream's last revision,
 * and only its own events are read, however long the stream. With one, the stream is read and
 * filtered by `occurredAt`: the events that happened in the range, paged by the same cursors.
 */
export const entityHistory = async (
  ctx: GraphQLContext,
  category: string,
  entityId: string,
  page: PageArgs,
  { occurredFrom, occurredTo }: OccurredRange = {},
  /** Only these of the stream's events (a part's, of its entity's stream): read and filtered as a business-time range is. */
  keep?: (event: RecordedEvent) => boolean,
): Promise<ConnectionShape<EventRecord>> => {
  const streamId = streamIdOf(category, entityId);
  const window = keysetWindow(page, REVISION_ORDER);
  const after = window.after ? revisionOf(window.after, 'after') : -1;
  const before = window.before ? revisionOf(window.before, 'before') : Number.POSITIVE_INFINITY;
  if (occurredFrom !== undefined || occurredTo !== undefined || keep) {
    const happened = (await ctx.app.store.readStream(streamId)).filter(
      (event) =>
        (occurredFrom === undefined || event.metadata.occurredAt >= occurredFrom) &&
        (occurredTo === undefined || event.metadata.occurredAt <= occurredTo) &&
        (keep === undefined || keep(event)),
    );
    const between = happened.filter((event) => event.revision > after && event.revision < before);
    const chosen = window.fromEnd ? between.slice(-window.size) : between.slice(0, window.size);
    return toConnection(
      {
        items: chosen.map((event) => ({ item: toEventRecord(event), position: { values: [event.revision], id: event.eventId } })),
        more: between.length > chosen.length,
        beyond: window.fromEnd ? happened.some((event) => event.revision >= before) : happened.some((event) => event.revision <= after),
      },
      window,
      REVISION_ORDER,
      happened.length,
    );
  }
  const last = (await ctx.app.store.streamRevision(streamId)) ?? -1;
  const start = after + 1;
  const end = Math.min(last, before - 1);
  const size = Math.max(0, Math.min(window.size, end - start + 1));
  const first = window.fromEnd ? end - size + 1 : start;
  const events = size > 0 ? await ctx.app.store.readStream(streamId, { fromRevision: first, maxCount: size }) : [];
  return toConnection(
    {
      items: events.map((event) => ({ item: toEventRecord(event), position: { values: [event.revision], id: event.eventId } })),
      more: window.fromEnd ? first > start : first + size - 1 < end,
      beyond: window.fromEnd ? window.before !== undefined && before <= last : start > 0 && last >= 0,
    },
    window,
    REVISION_ORDER,
    last + 1,
  );
};

/**
 * What an entity's resolver extends to give the entity its `history` field
 * (`class MeetingResolver extends WithHistory(Meeting, MEETING_CATEGORY)`). A class is made per
 * entity: type-graphql hands a base resolver's fields to the first class that extends it only.
 */
export const WithHistory = <View extends { entityId: string }>(View: ClassType<View>, category: string) => {
  @Resolver(() => View)
  abstract class EntityHistoryResolver {
    @FieldResolver(() => EventConnection)
    history(@Root() entity: View, @Args() page: PageArgs, @Args() occurred: OccurredArgs, @Ctx() ctx: GraphQLContext) {
      return entityHistory(ctx, category, entity.entityId, page, occurredRangeOf(occurred));
    }
  }
  return EntityHistoryResolver;
};
