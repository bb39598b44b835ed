import { Arg, ArgumentValidationError, Authorized, Resolver, Root, Subscription, type SubscribeResolverData } from 'type-graphql';
import { validate } from 'class-validator';
import { invalidField } from '../core/errors';
import type { RecordedEvent } from '../eventstore/event-store';
import type { GraphQLContext } from '../graphql/context';
import { MAY_READ } from '../graphql/auth-checker';
import { EventsFilter } from './audit.inputs';
import { categoryOfKnownEntityType } from './entity-types';
import { EventRecord, toEventRecord } from '../graphql/event-record.types';
import { liveEvents } from './live-events';

/**
 * `subscribe` runs before type-graphql's argument validation (which only guards each delivery), so
 * the filter is checked here: a bad one is refused at once instead of failing the stream later.
 */
const subscribeToEvents = async ({ args, context }: SubscribeResolverData<unknown, { filter?: EventsFilter | null }, GraphQLContext>) => {
  const filter = Object.assign(new EventsFilter(), args.filter ?? {});
  const problems = await validate(filter, { forbidUnknownValues: false, validationError: { target: false, value: false } });
  if (problems.length > 0) throw new ArgumentValidationError(problems);
  if (filter.fromPosition !== undefined && filter.fromPosition !== null) {
    try {
      await context.app.store.readAll({ fromPosition: filter.fromPosition, maxCount: 0 });
    } catch (error) {
      if (error instanceof RangeError) throw invalidField('fromPosition', `fromPosition is not a position of this store: ${filter.fromPosition}`);
      throw error;
    }
  }
  return liveEvents(context.app, {
    entityType: filter.entityType ? categoryOfKnownEntityType(context.app, filter.entityType) : undefined,
    entityId: filter.entityId ?? undefined,
    types: filter.types ?? undefined,
    fromPosition: filter.fromPosition ?? undefined,
  });
};

@Resolver()
export class LiveEventsResolver {
  @Authorized(MAY_READ)
  @Subscription(() => EventRecord, {
    subscribe: subscribeToEvents,
    description:
      'Each appended event, live, that matches the filter. With `fromPosition`, the stored events after it come first: subscribe with the last position you saw and miss nothing. See docs/live-events.md.',
  })
  events(
    @Root() event: RecordedEvent,
    // Declared for the schema; applied in subscribeToEvents.
    @Arg('filter', () => EventsFilter, { nullable: true }) _filter: EventsFilter | undefined,
  ): EventRecord {
    return toEventRecord(event);
  }
}
