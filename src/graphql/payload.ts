import { Field, ObjectType, type ClassType } from 'type-graphql';
import type { Command, Decider } from '../core/decider';
import type { CommandBuilder } from '../commands/command-handler';
import type { Event } from '../core/event';
import { categoryOf, streamIdOf } from '../core/streams';
import type { CommandInput } from './command-input';
import type { GraphQLContext } from './context';
import { NotFound } from '../core/errors';
import type { Projection } from '../../projections/projection';
import { CommandPayload } from './command-payload';
import { commandPayloadOf, entityAfter, executeCommand, liveDocumentAfter, type ExecutedCommand } from './execute-command';
import type { EntityWithItems } from './entity-reads';

/** A mutation's answer: the entity under `Name`, the events the command appended, and where the log then ended. */
export type PayloadShape<Name extends string, T> = { [K in Name]: T } & CommandPayload;

const capitalized = (name: string): string => name.charAt(0).toUpperCase() + name.slice(1);

/**
 * The payload type of an entity's mutations, named `<Name>Payload` (`Payload(Meeting, 'meeting')` is
 * `MeetingPayload { meeting, events, position, readModelsCaughtUp }`); pass `position` as `consistentWith` to read the write.
 */
export const Payload = <Name extends string, T extends object>(Entity: ClassType<T>, name: Name) => {
  class PayloadType extends CommandPayload {}
  // Declared here rather than with a decorator in the class, since the entity's field takes its name from `name`.
  Field(() => Entity)(PayloadType.prototype, name);
  ObjectType(`${capitalized(name)}Payload`, { simpleResolvers: true })(PayloadType);
  return PayloadType as ClassType<PayloadShape<Name, T>>;
};

/**
 * How the mutations of one kind of entity run: the command against the entity's stream, as
 * `executeCommand` runs it (the arguments in the same order), then the payload, with the entity as
 * `readBack` shows it after the command (see `entityAfterCommand`).
 */
export const commandRunner =
  <State, C extends Command, E extends Event, Name extends string, T>(
    decider: Decider<State, C, E>,
    category: string,
    name: Name,
    readBack: (ctx: GraphQLContext, result: ExecutedCommand<State>) => Promise<T>,
  ) =>
  async (
    ctx: GraphQLContext,
    entityId: string,
    toCommand: CommandBuilder<C>,
    input: CommandInput,
  ): Promise<PayloadShape<Name, T>> => {
    const result = await executeCommand(ctx, decider, streamIdOf(category, entityId), toCommand, input);
    const entity = await readBack(ctx, result);
    return { [name]: entity, ...commandPayloadOf(result) } as PayloadShape<Name, T>;
  };

/** The entity's document after a command (`entityAfter`): a command's stream always holds its entity. */
export const entityAfterCommand = async <Doc extends object>(
  ctx: GraphQLContext,
  result: ExecutedCommand<unknown>,
  projection: Projection<Doc>,
  entityName: string,
): Promise<Doc> => {
  const doc = await entityAfter(ctx, result, projection);
  if (!doc) throw new NotFound(entityName, result.entityId);
  return doc;
};

/**
 * The same for an entity whose lists are documents of their own (a meeting's outcomes), with the
 * read models its lists are read from: the live ones when they hold the command's document
 * (`liveDocumentAfter`), else the entity and its items folded from its stream up to the command's
 * position in a store of their own, which is what the live read models hold (or will) then.
 */
export const entityWithItemsAfterCommand = async <Doc extends object>(
  ctx: GraphQLContext,
  result: ExecutedCommand<unknown>,
  projection: Projection<Doc>,
  entityName: string,
): Promise<EntityWithItems<Doc>> => {
  const live = liveDocumentAfter(ctx, result, projection);
  if (live) return { doc: live, readModels: ctx.app.readModels };
  const readModels = await ctx.app.entityStoreAt(categoryOf(result.streamId), result.streamId, result.entityId, { untilPosition: result.position });
  const doc = readModels.get<Doc>(projection.collection, result.entityId);
  if (!doc) throw new NotFound(entityName, result.entityId);
  return { doc, readModels };
};
