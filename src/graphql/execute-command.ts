import type { CommandResult } from '../commands/command-handler';
import type { Command, CommandMetadata, Decider } from '../core/decider';
import type { Event } from '../core/event';
import { toEventRecord, type EventRecord } from './event-record.types';
import type { CommandInput } from './command-input';
import { actorFrom, type GraphQLContext } from './context';
import { currentMutationFingerprint } from './mutation-fingerprint';
import type { ReadArgs } from './read-args';

export interface ExecutedCommand<State> extends CommandResult<State> {
  eventRecords: EventRecord[];
  /**
   * Where the payload reads its entity: the live read models after a new write; on an idempotent
   * replay, the records as they stood at the first append, so the replay answers what the first
   * request was answered, not the entity as later commands left it.
   */
  readAt: ReadArgs;
}

/**
 * The path every mutation takes: the actor from the token, the guards from the input, the decider's
 * verdict appended, then the read models brought up to the new position so the payload reads its write.
 */
export const executeCommand = async <State, C extends Command, E extends Event>(
  ctx: GraphQLContext,
  decider: Decider<State, C, E>,
  streamId: string,
  toCommand: (metadata: CommandMetadata) => C,
  input: CommandInput,
): Promise<ExecutedCommand<State>> => {
  const result = await ctx.app.commands.handle(decider, streamId, toCommand, {
    actor: actorFrom(ctx),
    reason: input.reason,
    occurredAt: input.occurredAt,
    expectedVersion: input.expectedVersion,
    idempotencyKey: input.idempotencyKey,
    idempotencyFingerprint: currentMutationFingerprint(),
    correlationId: ctx.requestId,
  });
  await ctx.app.projections.waitFor(result.position, ctx.app.config.CONSISTENCY_TIMEOUT_MS);
  return { ...result, eventRecords: result.events.map(toEventRecord), readAt: readPointOfResult(result) };
};

const readPointOfResult = (result: CommandResult<unknown>): ReadArgs => {
  const last = result.events.at(-1);
  if (!result.idempotentReplay || !last) return {};
  // Both limits name the same event (the append's last); the time also makes time-dependent
  // readings (a delegation's standing) be judged when the first request was answered.
  return { atPosition: result.position, asOf: new Date(last.recordedAt) };
};
