import { Field, ObjectType, type ClassType } from 'type-graphql';
import type { Command, CommandMetadata, Decider } from '../core/decider';
import type { Event } from '../core/event';
import { streamIdOf } from '../core/streams';
import type { CommandInput } from './command-input';
import type { GraphQLContext } from './context';
import { EventRecord } from './event-record.types';
import { executeCommand } from './execute-command';

/** A mutation's answer: the entity under `Name`, the events the command appended, and where the log then ended. */
export type PayloadShape<Name extends string, T> = { [K in Name]: T } & { events: EventRecord[]; position: string };

const capitalized = (name: string): string => name.charAt(0).toUpperCase() + name.slice(1);

/**
 * The payload type of an entity's mutations, named `<Name>Payload` (`Payload(Meeting, 'meeting')` is
 * `MeetingPayload { meeting, events, position }`); pass `position` as `consistentWith` to read the write.
 */
export const Payload = <Name extends string, T extends object>(Entity: ClassType<T>, name: Name) => {
  class PayloadType {}
  // Declared here rather than with decorators in the class, since the entity's field takes its name from `name`.
  Field(() => Entity)(PayloadType.prototype, name);
  Field(() => [EventRecord])(PayloadType.prototype, 'events');
  Field(() => String)(PayloadType.prototype, 'position');
  ObjectType(`${capitalized(name)}Payload`, { simpleResolvers: true })(PayloadType);
  return PayloadType as ClassType<PayloadShape<Name, T>>;
};

/**
 * How the mutations of one kind of entity run: the command against the entity's stream, as
 * `executeCommand` runs it (the arguments in the same order), then the payload, with the entity as
 * `readBack` finds it once the read models have the write.
 */
export const commandRunner =
  <State, C extends Command, E extends Event, Name extends string, T>(
    decider: Decider<State, C, E>,
    category: string,
    name: Name,
    readBack: (ctx: GraphQLContext, id: string) => Promise<T>,
  ) =>
  async (
    ctx: GraphQLContext,
    entityId: string,
    toCommand: (metadata: CommandMetadata) => C,
    input: CommandInput,
  ): Promise<PayloadShape<Name, T>> => {
    const result = await executeCommand(ctx, decider, streamIdOf(category, entityId), toCommand, input);
    const entity = await readBack(ctx, result.entityId);
    return { [name]: entity, events: result.eventRecords, position: result.position } as PayloadShape<Name, T>;
  };
