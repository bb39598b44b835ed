import type { CommandBuilder, CommandResult } from '../commands/command-handler';
import type { Command, Decider } from '../core/decider';
import type { Event } from '../core/event';
import { toEventRecord, type EventRecord } from './event-record.types';
import type { CommandInput } from './command-input';
import { actorFrom, type GraphQLContext } from './context';

export interface ExecutedCommand<State> extends CommandResult<State> {
  eventRecords: EventRecord[];
}

/**
 * The path every mutation takes: the actor from the token, the guards from the input, the decider's
 * verdict appended, then the read models brought up to the new position so the payload reads its write.
 */
export const executeCommand = async <State, C extends Command, E extends Event>(
  ctx: GraphQLContext,
  decider: Decider<State, C, E>,
  streamId: string,
  toCommand: CommandBuilder<C>,
  input: CommandInput,
): Promise<ExecutedCommand<State>> => {
  const result = await ctx.app.commands.handle(decider, streamId, toCommand, {
    actor: actorFrom(ctx),
    reason: input.reason,
    occurredAt: input.occurredAt,
    expectedVersion: input.expectedVersion,
    idempotencyKey: input.idempotencyKey,
    correlationId: ctx.requestId,
  });
  await ctx.app.projections.waitFor(result.position, ctx.app.config.CONSISTENCY_TIMEOUT_MS);
  return { ...result, eventRecords: result.events.map(toEventRecord) };
};
