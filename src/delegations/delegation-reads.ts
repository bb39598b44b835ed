import { streamIdOf } from '../core/streams';
import { upcast } from '../eventstore/upcasters';
import type { GraphQLContext } from '../graphql/context';
import type { ReadArgs } from '../graphql/read-args';
import { isPastPoint, pointOfRead } from '../graphql/read-point';
import { foldEntity } from '../../projections/entity-document';
import { delegationsProjection, type DelegationDocument } from './delegations.projection';
import { DELEGATION_CATEGORY, type DelegationRecord } from './delegation';
import type { TimedDelegationEvent } from './authority';
import { effectiveStandingAt, type EffectiveStanding } from './standing';
import type { Delegation, DelegationReadPoint } from './delegation.types';

/** Far deeper than any real chain of sub-delegations; stops a corrupt chain from being walked for ever. */
export const MAX_CHAIN = 64;

export const readPointOf = (ctx: GraphQLContext, read: Pick<ReadArgs, 'asOf' | 'atPosition'> = {}): DelegationReadPoint => {
  const point = pointOfRead(read);
  return { ...point, judgedAt: (point.asOf ?? ctx.app.clock.now()).toISOString() };
};


const limitsOf = (point: Pick<DelegationReadPoint, 'asOf' | 'atPosition'>) => ({
  untilRecordedAt: point.asOf?.toISOString(),
  untilPosition: point.atPosition,
});

/**
 * One delegation where the read point says: the live read model, or its own stream folded up to
 * that point. Past reads are memoised per request (a chain is walked once per list, not per item);
 * live reads are not, so a mutation's payload reads its own write.
 */
export const delegationAt = (ctx: GraphQLContext, id: string, point: Pick<DelegationReadPoint, 'asOf' | 'atPosition'>): Promise<DelegationDocument | null> => {
  if (!isPastPoint(point)) return Promise.resolve(ctx.app.readModels.get<DelegationDocument>(delegationsProjection.collection, id));
  const key = `delegations@${point.asOf?.toISOString() ?? ''}|${point.atPosition ?? ''}`;
  let memo = ctx.loaders.get(key) as Map<string, Promise<DelegationDocument | null>> | undefined;
  if (!memo) ctx.loaders.set(key, (memo = new Map()));
  let doc = memo.get(id);
  if (!doc) {
    doc = ctx.app.store
      .readStream(streamIdOf(DELEGATION_CATEGORY, id), limitsOf(point))
      .then((events) => foldEntity(delegationsProjection, events));
    memo.set(id, doc);
  }
  return doc;
};

/** The delegations above this one, nearest first, as they stood at the read point. */
export const ancestorsOf = async (
  ctx: GraphQLContext,
  delegation: DelegationRecord,
  point: Pick<DelegationReadPoint, 'asOf' | 'atPosition'>,
): Promise<DelegationRecord[]> => {
  const ancestors: DelegationRecord[] = [];
  const seen = new Set([delegation.delegationId]);
  for (let id = delegation.parentDelegationId; id && !seen.has(id) && ancestors.length < MAX_CHAIN; ) {
    seen.add(id);
    const doc = await delegationAt(ctx, id, point);
    if (!doc) break;
    ancestors.push(doc.state);
    id = doc.state.parentDelegationId;
  }
  return ancestors;
};

/** Its standing with its whole chain, judged at `at` (default: the read point's time), memoised on the object. */
export const effectiveStandingOf = (ctx: GraphQLContext, delegation: Delegation, at?: string): Promise<EffectiveStanding> => {
  const judge = async () => {
    const byId = new Map((await ancestorsOf(ctx, delegation.record, delegation.readPoint)).map((d) => [d.delegationId, d]));
    return effectiveStandingAt((id) => byId.get(id), delegation.record, at ?? delegation.readPoint.judgedAt);
  };
  if (at !== undefined) return judge();
  return (delegation.effectiveStanding ??= judge());
};

/**
 * The facts a command needs about other delegations: each named one with every delegation above it,
 * as recorded now. Unknown ids are simply absent; the decider says what that means.
 */
export const lineagesOf = async (ctx: GraphQLContext, ids: (string | undefined)[]): Promise<DelegationRecord[]> => {
  const found = new Map<string, DelegationRecord>();
  for (const id of ids) {
    if (!id || found.has(id)) continue;
    const doc = await delegationAt(ctx, id, {});
    if (!doc) continue;
    found.set(id, doc.state);
    for (const ancestor of await ancestorsOf(ctx, doc.state, {})) found.set(ancestor.delegationId, ancestor);
  }
  return [...found.values()];
};

/** Its sub-delegations as they stood at the read point (a parent never changes, so the live index finds them). */
export const childrenOf = async (
  ctx: GraphQLContext,
  id: string,
  point: Pick<DelegationReadPoint, 'asOf' | 'atPosition'>,
): Promise<DelegationDocument[]> => {
  const live = ctx.app.readModels.find<DelegationDocument>(delegationsProjection.collection, {
    filters: [{ path: '$.state.parentDelegationId', equals: id }],
  }).docs;
  if (!isPastPoint(point)) return live;
  const past = await Promise.all(live.map((doc) => delegationAt(ctx, doc.id, point)));
  return past.filter((doc): doc is DelegationDocument => doc !== null);
};

/**
 * Everything the authority check needs to know about an organization: the event histories (up to
 * `asOf`) of every delegation to it and of every delegation above those, and their documents.
 */
export const authorityHistoriesFor = async (ctx: GraphQLContext, organizationId: string, asOf?: Date) => {
  const queue = ctx.app.readModels
    .find<DelegationDocument>(delegationsProjection.collection, { filters: [{ path: '$.state.delegateId', equals: organizationId }] })
    .docs.map((doc) => doc.id);
  const events: TimedDelegationEvent[] = [];
  const docs = new Map<string, DelegationDocument>();
  const visited = new Set<string>();
  while (queue.length && visited.size < 10_000) {
    const id = queue.shift()!;
    if (visited.has(id)) continue;
    visited.add(id);
    const recorded = (await ctx.app.store.readStream(streamIdOf(DELEGATION_CATEGORY, id), { untilRecordedAt: asOf?.toISOString() })).map(upcast);
    const doc = foldEntity(delegationsProjection, recorded);
    if (!doc) continue;
    docs.set(id, doc);
    events.push(...recorded.map((event) => ({ type: event.type, data: event.data, recordedAt: event.recordedAt }) as TimedDelegationEvent));
    if (doc.state.parentDelegationId) queue.push(doc.state.parentDelegationId);
  }
  return { events, docs };
};
