import { Args, Ctx, FieldResolver, Resolver, Root, type ClassType } from 'type-graphql';
import { streamIdOf } from '../core/streams';
import { invalidField } from '../core/errors';
import type { KeysetPosition } from '../../projections/keyset';
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

/**
 * `history(first, after)` of any entity: its own stream, oldest first. A stream's revisions run
 * from 0 without gaps and are never removed, so the page is worked out from the cursors and the
 * stream's last revision, and only its own events are read, however long the stream.
 */
export const entityHistory = async (
  ctx: GraphQLContext,
  category: string,
  entityId: string,
  page: PageArgs,
): Promise<ConnectionShape<EventRecord>> => {
  const streamId = streamIdOf(category, entityId);
  const window = keysetWindow(page, REVISION_ORDER);
  const last = (await ctx.app.store.streamRevision(streamId)) ?? -1;
  const start = window.after ? revisionOf(window.after, 'after') + 1 : 0;
  const end = Math.min(last, window.before ? revisionOf(window.before, 'before') - 1 : last);
  const size = Math.max(0, Math.min(window.size, end - start + 1));
  const first = window.fromEnd ? end - size + 1 : start;
  const events = size > 0 ? await ctx.app.store.readStream(streamId, { fromRevision: first, maxCount: size }) : [];
  return toConnection(
    {
      items: events.map((event) => ({ item: toEventRecord(event), position: { values: [event.revision], id: event.eventId } })),
      more: window.fromEnd ? first > start : first + size - 1 < end,
      beyond: window.fromEnd ? window.before !== undefined && revisionOf(window.before, 'before') <= last : start > 0 && last >= 0,
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
export const WithHistory = <View extends { id: string }>(View: ClassType<View>, category: string) => {
  @Resolver(() => View)
  abstract class EntityHistoryResolver {
    @FieldResolver(() => EventConnection)
    history(@Root() entity: View, @Args() page: PageArgs, @Ctx() ctx: GraphQLContext) {
      return entityHistory(ctx, category, entity.id, page);
    }
  }
  return EntityHistoryResolver;
};
