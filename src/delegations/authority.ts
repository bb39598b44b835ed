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

/**
 * How a reason names things. Plain: ids and ISO dates. The GraphQL answer names each organization
 * and gives each date in the Solar Hijri calendar beside the ISO one, so a reader needs no lookups.
 */
export interface Wording {
  organization(id: string): string;
  date(iso: string): string;
}

export const PLAIN_WORDING: Wording = { organization: (id) => id, date: (iso) => iso };

type ChainFailure = { holds: false; chain: []; reason: string; lacksPowerItself: boolean };
type ChainResult = (AuthorityResult & { holds: true }) | ChainFailure;

const failure = (reason: string, lacksPowerItself = false): ChainFailure => ({ holds: false, chain: [], reason, lacksPowerItself });

const notReliedOn = (link: DelegationRecord, standing: Exclude<Standing, { kind: 'ACTIVE' }>, at: string, words: Wording): string => {
  switch (standing.kind) {
    case 'NOT_YET_PROPOSED':
    case 'PROPOSED':
      return link.grantedAt ? `was granted only at ${words.date(link.grantedAt)}, after ${words.date(at)}` : `was not granted by ${words.date(at)}`;
    case 'EXPIRED':
      return `expired at ${words.date(standing.at)}`;
    default:
      return `was ${describeStanding(standing, words.date)}`;
  }
};

/** `X` plainly; `X (from «delegator» to «delegate»)` when the wording names organizations. */
const named = (link: DelegationRecord, words: Wording): string =>
  words === PLAIN_WORDING ? link.delegationId : `${link.delegationId} (from ${words.organization(link.delegatorId)} to ${words.organization(link.delegateId)})`;

/** Every delegation as the records stood at `asOf`: each one's events folded in the order they were recorded. */
export const delegationsAsOf = (events: readonly TimedDelegationEvent[], asOf?: string): Map<string, DelegationRecord> => {
  const limit = asOf === undefined ? Infinity : Date.parse(asOf);
  const byDelegation = new Map<string, DelegationEvent[]>();
  for (const event of events) {
    if (Date.parse(event.recordedAt) > limit) continue;
    const id = event.data.delegationId;
    const history = byDelegation.get(id);
    if (history) history.push(event);
    else byDelegation.set(id, [event]);
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
  words: Wording = PLAIN_WORDING,
): ChainResult => {
  const chain: DelegationRecord[] = [];
  let holder = organizationId;
  for (let id: string | undefined = delegationId; id !== undefined; ) {
    const child: DelegationRecord | undefined = chain[chain.length - 1];
    const looped = chain.some((link) => link.delegationId === id);
    const link: DelegationRecord | undefined = looped ? undefined : delegations.get(id);
    const which = link ? named(link, words) : id;
    const label = child ? `parent ${which} of ${child.delegationId}` : `delegation ${which}`;
    if (looped) return failure(`${label} loops back into its own chain`);
    if (!link) return failure(`${label} is not on record`);
    if (link.delegateId !== holder)
      return failure(`${label} delegates to ${words.organization(link.delegateId)}, not to ${words.organization(child ? holder : organizationId)}`);
    const lacking = missingPowers(termsAt(link, at).powers, powers);
    if (lacking.length) return failure(`${label} does not include ${lacking.map((p) => `"${p}"`).join(', ')} at ${words.date(at)}`, !child);
    const standing = standingAt(link, at);
    if (standing.kind !== 'ACTIVE') return failure(`${label} ${notReliedOn(link, standing, at, words)}`);
    if (Date.parse(link.effectiveFrom) > Date.parse(at)) return failure(`${label} takes effect only from ${words.date(link.effectiveFrom)}`);
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
  words: Wording = PLAIN_WORDING,
): AuthorityResult => {
  const organization = words.organization(query.organizationId);
  const candidates = [...delegations.values()]
    .filter((delegation) => delegation.delegateId === query.organizationId)
    .sort((a, b) => a.delegationId.localeCompare(b.delegationId));
  if (candidates.length === 0) return { holds: false, chain: [], reason: `no delegation to ${organization} is on record` };
  const results = candidates.map((candidate) =>
    authorityThrough(delegations, candidate.delegationId, query.organizationId, [query.power], query.at, words),
  );
  const holding = results.filter((result) => result.holds).sort((a, b) => a.chain.length - b.chain.length);
  if (holding.length) return { holds: true, chain: holding[0].chain, reason: null };
  const relevant = results.filter((result): result is ChainFailure => !result.holds && !result.lacksPowerItself);
  if (relevant.length === 0)
    return { holds: false, chain: [], reason: `no delegation to ${organization} includes "${query.power}" at ${words.date(query.at)}` };
  return { holds: false, chain: [], reason: relevant.map((result) => result.reason).join('; ') };
};

/**
 * The bitemporal question "did the organization hold the power at effective time `at`, as the
 * records stood at recorded time `asOf`?", answered from the delegations' event histories alone.
 */
export const authority = (events: readonly TimedDelegationEvent[], query: AuthorityQuery, words: Wording = PLAIN_WORDING): AuthorityResult =>
  authorityAmong(delegationsAsOf(events, query.asOf), query, words);
