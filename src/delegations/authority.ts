import { fold } from '../core/decider';
import { evolve, initialState, type Delegation, type DelegationEvent, type DelegationRecord } from './delegation';
import { missingPowers } from './powers';
import { describeStanding, standingAt, termsAt, type Standing } from './standing';

/** A delegation event with the time it was recorded; its effective time is in its data. */
export type TimedDelegationEvent = DelegationEvent & { recordedAt: string };

export interface AuthorityQuery {
  organizationId: string;
  power: string;
  /** Effective time: which acts had taken effect, and which periods had begun, by then. */
  at: string;
  /** Recorded time: only what had been recorded by then is known. Default: everything. */
  asOf?: string;
}

export interface AuthorityResult {
  holds: boolean;
  /** Ids from the root (whose delegator held the power originally) down to the organization's delegation. */
  chain: string[];
  reason: string | null;
}

type ChainFailure = { holds: false; chain: []; reason: string; lacksPowerItself: boolean };
type ChainResult = (AuthorityResult & { holds: true }) | ChainFailure;

const failure = (reason: string, lacksPowerItself = false): ChainFailure => ({ holds: false, chain: [], reason, lacksPowerItself });

const notReliedOn = (link: DelegationRecord, standing: Exclude<Standing, { kind: 'ACTIVE' }>, at: string): string => {
  switch (standing.kind) {
    case 'NOT_YET_PROPOSED':
    case 'PROPOSED':
      return link.grantedAt ? `was granted only at ${link.grantedAt}, after ${at}` : `was not granted by ${at}`;
    case 'EXPIRED':
      return `expired at ${standing.at}`;
    default:
      return `was ${describeStanding(standing)}`;
  }
};

/** Every delegation as the records stood at `asOf`: each one's events folded in the order they were recorded. */
export const delegationsAsOf = (events: readonly TimedDelegationEvent[], asOf?: string): Map<string, DelegationRecord> => {
  const limit = asOf === undefined ? Infinity : Date.parse(asOf);
  const byDelegation = new Map<string, DelegationEvent[]>();
  for (const event of events) {
    if (Date.parse(event.recordedAt) > limit) continue;
    const id = event.data.delegationId;
    byDelegation.set(id, [...(byDelegation.get(id) ?? []), event]);
  }
  const delegations = new Map<string, DelegationRecord>();
  for (const [id, history] of byDelegation) {
    const state: Delegation = fold(evolve, initialState(), history);
    if (state.status !== 'None') delegations.set(id, state);
  }
  return delegations;
};

/**
 * Whether delegation `delegationId` gives `organizationId` all of `powers` at `at`: every link up to
 * the root must be in effect then and hold the powers, each link's delegator being its parent's delegate.
 */
export const authorityThrough = (
  delegations: ReadonlyMap<string, DelegationRecord>,
  delegationId: string,
  organizationId: string,
  powers: readonly string[],
  at: string,
): ChainResult => {
  const chain: DelegationRecord[] = [];
  let holder = organizationId;
  for (let id: string | undefined = delegationId; id !== undefined; ) {
    const child: DelegationRecord | undefined = chain[chain.length - 1];
    const label = child ? `parent ${id} of ${child.delegationId}` : `delegation ${id}`;
    if (chain.some((link) => link.delegationId === id)) return failure(`${label} loops back into its own chain`);
    const link = delegations.get(id);
    if (!link) return failure(`${label} is not on record`);
    if (link.delegateId !== holder)
      return failure(child ? `${label} delegates to ${link.delegateId}, not to ${holder}` : `${label} delegates to ${link.delegateId}, not to ${organizationId}`);
    const lacking = missingPowers(termsAt(link, at).powers, powers);
    if (lacking.length) return failure(`${label} does not include ${lacking.map((p) => `"${p}"`).join(', ')} at ${at}`, !child);
    const standing = standingAt(link, at);
    if (standing.kind !== 'ACTIVE') return failure(`${label} ${notReliedOn(link, standing, at)}`);
    if (Date.parse(link.effectiveFrom) > Date.parse(at)) return failure(`${label} takes effect only from ${link.effectiveFrom}`);
    chain.push(link);
    holder = link.delegatorId;
    id = link.parentDelegationId;
  }
  return { holds: true, chain: chain.reverse().map((link) => link.delegationId), reason: null };
};

/** Did the organization hold the power at `at` through any of the delegations known? The shortest chain wins. */
export const authorityAmong = (
  delegations: ReadonlyMap<string, DelegationRecord>,
  query: Omit<AuthorityQuery, 'asOf'>,
): AuthorityResult => {
  const candidates = [...delegations.values()]
    .filter((delegation) => delegation.delegateId === query.organizationId)
    .sort((a, b) => a.delegationId.localeCompare(b.delegationId));
  if (candidates.length === 0) return { holds: false, chain: [], reason: `no delegation to ${query.organizationId} is on record` };
  const results = candidates.map((candidate) =>
    authorityThrough(delegations, candidate.delegationId, query.organizationId, [query.power], query.at),
  );
  const holding = results.filter((result) => result.holds).sort((a, b) => a.chain.length - b.chain.length);
  if (holding.length) return { holds: true, chain: holding[0].chain, reason: null };
  const relevant = results.filter((result): result is ChainFailure => !result.holds && !result.lacksPowerItself);
  if (relevant.length === 0)
    return { holds: false, chain: [], reason: `no delegation to ${query.organizationId} includes "${query.power}" at ${query.at}` };
  return { holds: false, chain: [], reason: relevant.map((result) => result.reason).join('; ') };
};

/**
 * The bitemporal question "did the organization hold the power at effective time `at`, as the
 * records stood at recorded time `asOf`?", answered from the delegations' event histories alone.
 */
export const authority = (events: readonly TimedDelegationEvent[], query: AuthorityQuery): AuthorityResult =>
  authorityAmong(delegationsAsOf(events, query.asOf), query);
