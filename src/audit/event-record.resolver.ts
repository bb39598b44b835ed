import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { GraphQLContext } from '../graphql/context';
import { EventRecord } from '../graphql/event-record.types';
import { FieldChange } from './field-change.types';
import { streamFoldsOf } from './stream-folds';

@Resolver(() => EventRecord)
export class EventRecordResolver {
  /** Derived, never stored: the entity's stream folded through its read model before and after the event. */
  @FieldResolver(() => [FieldChange], { description: "The fields of the entity's read model this event changed (bookkeeping fields left out)." })
  changes(@Root() record: EventRecord, @Ctx() ctx: GraphQLContext) {
    return streamFoldsOf(ctx).changesOf(record.recorded);
  }
}
