import { Args, Ctx, FieldResolver, Resolver, Root, type ClassType } from 'type-graphql';
import { streamIdOf } from '../core/streams';
import type { GraphQLContext } from './context';
import { connectionOf, PageArgs, type ConnectionShape } from './connection';
import { toEventRecord, type EventRecord } from './event-record.types';
import { EventConnection } from './event-connection';

/** `history(first, after)` of any entity: its own stream, oldest first. */
export const entityHistory = async (
  ctx: GraphQLContext,
  category: string,
  entityId: string,
  page: PageArgs,
): Promise<ConnectionShape<EventRecord>> => {
  const events = await ctx.app.store.readStream(streamIdOf(category, entityId));
  return connectionOf(events.map(toEventRecord), page);
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
