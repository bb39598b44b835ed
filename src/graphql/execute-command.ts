import type { CommandBuilder, CommandResult } from '../commands/command-handler';
import type { Command, Decider } from '../core/decider';
import type { Event } from '../core/event';
import { storageUnavailable } from '../core/storage-failure';
import { EventStoreUnavailable } from '../eventstore/errors';
import { comparePositions } from '../eventstore/position';
import { foldEntity } from '../../projections/entity-document';
import type { Projection } from '../../projections/projection';
import { toEventRecord, type EventRecord } from './event-record.types';
import type { CommandInput } from './command-input';
import { actorFrom, type GraphQLContext } from './context';
import { currentMutationFingerprint } from './mutation-fingerprint';
import type { ReadArgs } from './read-args';

export interface ExecutedCommand<State> extends CommandResult<State> {
  eventRecords: EventRecord[];
  /**
   * Whether the read models had reached `position` when the answer was built. When not (they lag
   * or are failing), the payload's entity is folded from its own stream instead.
   */
  readModelsCaughtUp: boolean;
  /**
   * When the payload's time-dependent readings (a delegation's standing) are judged: now after a
   * new write; on an idempotent replay, as the records stood at the first append, so the replay
   * answers what the first request was answered, not the entity as later commands left it.
   */
  readAt: ReadArgs;
}

/**
 * The path every mutation takes: the actor from the token, the guards from the input, the decider's
 * verdict appended, then the read models brought up to the new position so the payload reads its
 * write. Once the events are appended the client is told so, whatever the read models do.
 */
export const executeCommand = async <State, C extends Command, E extends Event>(
  ctx: GraphQLContext,
  decider: Decider<State, C, E>,
  streamId: string,
  toCommand: CommandBuilder<C>,
  input: CommandInput,
): Promise<ExecutedCommand<State>> => {
  let result: CommandResult<State>;
  try {
    result = await ctx.app.commands.handle(decider, streamId, toCommand, {
      actor: actorFrom(ctx),
      reason: input.reason,
      occurredAt: input.occurredAt,
      expectedVersion: input.expectedVersion,
      idempotencyKey: input.idempotencyKey,
      idempotencyFingerprint: currentMutationFingerprint(),
      correlationId: ctx.requestId,
    });
  } catch (error) {
    throw refusalOf(ctx, error) ?? error;
  }
  const readModelsCaughtUp = await ctx.app.projections.waitFor(result.position, ctx.app.config.CONSISTENCY_TIMEOUT_MS).then(
    () => true,
    (error: unknown) => {
      ctx.app.logger.warn({ err: error, position: result.position, requestId: ctx.requestId }, 'command appended; answering without the read models');
      return false;
    },
  );
  return { ...result, eventRecords: result.events.map(toEventRecord), readModelsCaughtUp, readAt: readPointOfResult(result) };
};

/**
 * A store that cannot be used is SERVICE_UNAVAILABLE with its reason. The embedded stores append
 * in one local transaction, so a failure there recorded nothing; a networked store may have lost
 * its connection after the commit reached it, so the client is told the outcome is not known, and
 * how to find out without writing twice.
 */
const refusalOf = (ctx: GraphQLContext, error: unknown) => {
  const local = ctx.app.store.name === 'sqlite' || ctx.app.store.name === 'memory';
  const outcome = local
    ? 'nothing was recorded; try again later'
    : 'whether it was recorded is not known: send it again with the same idempotencyKey, or look for it in the audit log';
  return storageUnavailable(error, 'the event store', outcome, error instanceof EventStoreUnavailable ? 'STORAGE_UNREACHABLE' : null);
};

const readPointOfResult = (result: CommandResult<unknown>): ReadArgs => {
  const last = result.events.at(-1);
  if (!result.idempotentReplay || !last) return {};
  // Both limits name the same event (the append's last); the time also makes time-dependent
  // readings (a delegation's standing) be judged when the first request was answered.
  return { atPosition: result.position, asOf: new Date(last.recordedAt) };
};

/** What every mutation payload carries besides its entity. */
export const commandPayloadOf = (result: ExecutedCommand<unknown>) => ({
  events: result.eventRecords,
  position: result.position,
  readModelsCaughtUp: result.readModelsCaughtUp,
});

/**
 * Whether a live document already holds a later write than the command's: another request's on
 * the same entity, folded in the same batch, or another node's.
 */
const isPastCommand = (doc: object, result: ExecutedCommand<unknown>): boolean => {
  const { position } = doc as { position?: unknown };
  return typeof position === 'string' && comparePositions(position, result.position) > 0;
};

/**
 * The live read model's document of the command's entity, when it shows the entity as the command
 * left it: after a new write, once the read models reached the command's position, and holding no
 * later write. Null otherwise (they lag or fail, or their read fails, or it is an idempotent
 * replay, or another write followed): the caller folds the entity from its stream up to the
 * command's position instead, which is what the read model holds (or will) at that position.
 */
export const liveDocumentAfter = <Doc extends object>(ctx: GraphQLContext, result: ExecutedCommand<unknown>, projection: Projection<Doc>): Doc | null => {
  if (!result.readModelsCaughtUp || result.idempotentReplay) return null;
  try {
    const doc = ctx.app.readModels.get<Doc>(projection.collection, result.entityId);
    return doc && !isPastCommand(doc, result) ? doc : null;
  } catch (error) {
    ctx.app.logger.warn({ err: error, requestId: ctx.requestId }, 'read model unreadable; folding the entity from its stream');
    return null;
  }
};

/** The entity a mutation's payload shows: the live document (`liveDocumentAfter`), else its own stream folded up to the command's position. */
export const entityAfter = async <Doc extends object>(
  ctx: GraphQLContext,
  result: ExecutedCommand<unknown>,
  projection: Projection<Doc>,
): Promise<Doc | null> => {
  const live = liveDocumentAfter(ctx, result, projection);
  if (live) return live;
  return foldEntity(projection, await ctx.app.store.readStream(result.streamId, { untilPosition: result.position }));
};
