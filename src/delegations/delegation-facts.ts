import { foldWith, type DecisionReads } from '../commands/decision-reads';
import { guardStreamId, type GuardedSet } from '../commands/guarded-set';
import { streamIdOf } from '../core/streams';
import type { GraphQLContext } from '../graphql/context';
import { readModelsAtHead } from '../graphql/read-models-at-head';
import { organizationFromLog } from '../organizations/organization-facts';
import { RESOLUTION_CATEGORY, evolve as evolveResolution, initialState as initialResolution } from '../resolutions/resolution';
import { DELEGATION_CATEGORY, evolve, initialState, type DelegationRecord } from './delegation';
import type { OrganizationLookup, ResolutionLookup } from './delegation.decide';
import { MAX_CHAIN } from './delegation-reads';
import { delegationsProjection, type DelegationDocument } from './delegations.projection';

// The facts a delegation command rests on, read from the streams themselves through DecisionReads:
// the append checks each one still stands as read (docs/consistency.md).

const foldDelegation = foldWith({ evolve, initialState });
const foldResolution = foldWith({ evolve: evolveResolution, initialState: initialResolution });

export const delegationFromLog = async (reads: DecisionReads, id: string): Promise<DelegationRecord | null> => {
  const delegation = await reads.stream(streamIdOf(DELEGATION_CATEGORY, id), foldDelegation);
  return delegation.status === 'None' ? null : delegation;
};

/** Each named delegation with every delegation above it; unknown ids are simply absent. */
export const lineagesFromLog = async (reads: DecisionReads, ids: (string | undefined)[]): Promise<DelegationRecord[]> => {
  const found = new Map<string, DelegationRecord>();
  for (const id of ids) {
    let steps = 0;
    for (let next = id; next !== undefined && !found.has(next) && steps < MAX_CHAIN; steps++) {
      const delegation = await delegationFromLog(reads, next);
      if (!delegation) break;
      found.set(next, delegation);
      next = delegation.parentDelegationId;
    }
  }
  return [...found.values()];
};

/**
 * The sub-delegations of one delegation, whatever their status: what an amendment of it must not
 * leave holding more than it. A new sub-delegation joins through the guard, so it and a narrowing
 * of its parent cannot both pass on what the other has not yet recorded.
 */
export const subdelegationsOf = (ctx: GraphQLContext, parentId: string): GuardedSet => ({
  streamId: guardStreamId('subdelegations', parentId),
  seed: async () =>
    (await readModelsAtHead(ctx))
      .find<DelegationDocument>(delegationsProjection.collection, { filters: [{ path: '$.state.parentDelegationId', equals: parentId }] })
      .docs.map((doc) => doc.id),
});

export const subdelegationsFromLog = async (reads: DecisionReads, set: GuardedSet): Promise<DelegationRecord[]> => {
  const children = await Promise.all((await reads.members(set)).map((id) => delegationFromLog(reads, id)));
  return children.filter((child): child is DelegationRecord => child !== null);
};

/** The statuses of the named organizations (absent: none recorded). */
export const organizationStatusesFromLog = async (reads: DecisionReads, ids: string[]): Promise<OrganizationLookup> => {
  const lookup: OrganizationLookup = {};
  for (const id of ids) lookup[id] = (await organizationFromLog(reads, id))?.status;
  return lookup;
};

/** The resolution a delegation rests on (undefined: none named; null: none recorded). */
export const resolutionFromLog = async (reads: DecisionReads, id: string | undefined): Promise<ResolutionLookup | undefined> => {
  if (id === undefined) return undefined;
  const resolution = await reads.stream(streamIdOf(RESOLUTION_CATEGORY, id), foldResolution);
  return resolution.status === 'None' ? null : { status: resolution.status };
};
