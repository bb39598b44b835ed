import { Field, ObjectType } from 'type-graphql';
import { EventRecord } from './event-record.types';

/** What every mutation's payload carries besides its entity (named after it in each slice's payload). */
@ObjectType({ simpleResolvers: true })
export abstract class CommandPayload {
  @Field(() => [EventRecord])
  events: EventRecord[];

  @Field()
  position: string;

  @Field({
    description:
      'Whether the read models had reached `position` when this answer was built. False: the events are recorded all the same, and the entity shown is its own stream folded up to `position`; queries (with `consistentWith: position`) show it once the read models catch up, or answer SERVICE_UNAVAILABLE while they are not live.',
  })
  readModelsCaughtUp: boolean;
}
