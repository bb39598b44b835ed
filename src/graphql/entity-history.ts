import { streamIdOf } from '../core/streams';
import type { GraphQLContext } from './context';
import { connectionOf, type ConnectionShape, type PageArgs } from './connection';
import { toEventRecord, type EventRecord } from './event-record.types';

/** `history(first, after)` of any entity: its own stream, oldest first. */
export const entityHistory = async (
  ctx: GraphQLContext,
  category: string,
  entityId: string,
  page: PageArgs,
): Promise<ConnectionShape<EventRecord>> => {
  const events = await ctx.app.store.readStream(streamIdOf(category, entityId));
  return connectionOf(events.map(toEventRecord), page);
};
