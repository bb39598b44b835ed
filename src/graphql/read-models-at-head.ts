import type { ReadModelStore } from '../../projections/read-model-store';
import type { GraphQLContext } from './context';

/**
 * The live read models once they hold every event the log held when this was called: what a
 * guarded set's seed reads, so that no member recorded before its guard existed is missed.
 */
export const readModelsAtHead = async (ctx: GraphQLContext): Promise<ReadModelStore> => {
  const head = await ctx.app.store.head();
  if (head) await ctx.app.projections.waitFor(head.position, ctx.app.config.CONSISTENCY_TIMEOUT_MS);
  return ctx.app.readModels;
};
