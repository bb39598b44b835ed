import { Args, ArgsType, Ctx, FieldResolver, Resolver, Root, type ClassType } from 'type-graphql';
import { IsDate } from 'class-validator';
import { OptionalField } from './input-fields';
import { DateTime } from './scalars';
import { streamIdOf } from '../core/streams';
import type { GraphQLContext } from './context';
import { connectionOf, PageArgs, type ConnectionShape } from './connection';
import { toEventRecord, type EventRecord } from './event-record.types';
import { EventConnection } from './event-connection';

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

/** `history(first, after)` of any entity: its own stream, oldest first; only what happened in `occurred` when given. */
export const entityHistory = async (
  ctx: GraphQLContext,
  category: string,
  entityId: string,
  page: PageArgs,
  { occurredFrom, occurredTo }: OccurredRange = {},
): Promise<ConnectionShape<EventRecord>> => {
  const events = (await ctx.app.store.readStream(streamIdOf(category, entityId))).filter(
    (event) =>
      (occurredFrom === undefined || event.metadata.occurredAt >= occurredFrom) &&
      (occurredTo === undefined || event.metadata.occurredAt <= occurredTo),
  );
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
    history(@Root() entity: View, @Args() page: PageArgs, @Args() occurred: OccurredArgs, @Ctx() ctx: GraphQLContext) {
      return entityHistory(ctx, category, entity.id, page, occurredRangeOf(occurred));
    }
  }
  return EntityHistoryResolver;
};
