import { InvalidTransition, invalidField } from '../core/errors';
import type { DelegationRecord } from './delegation';
import { authorityThrough } from './authority';

/**
 * "I act under delegation D": the authority a body relies on for an act (granting a delegation,
 * adopting a resolution). The caller looks up D and every delegation above it; the decider checks.
 */
export interface ActingUnder {
  underDelegationId: string;
  /** The organization that acts: it must be D's delegate. */
  actingOrganizationId: string;
  /** What the act needs: every one must be held through D. */
  powers: string[];
  /** D and every delegation above it, as recorded now. */
  known: DelegationRecord[];
}

/** What the act's event records of the authority relied on. */
export interface AuthorityRelied {
  underDelegationId: string;
  /** Root first, ending with `underDelegationId`. */
  authorityChainIds: string[];
}

/**
 * Refuses (INVALID_TRANSITION, with the reason) unless D gives the acting organization every needed
 * power at `at`, the effective time of the act; an unknown D is a bad `underDelegationId`.
 */
export const assertActingUnder = (acting: ActingUnder, at: string, state: string): AuthorityRelied => {
  const delegations = new Map(acting.known.map((delegation) => [delegation.delegationId, delegation]));
  if (!delegations.has(acting.underDelegationId))
    throw invalidField('underDelegationId', `no delegation ${acting.underDelegationId}`);
  const result = authorityThrough(delegations, acting.underDelegationId, acting.actingOrganizationId, acting.powers, at);
  if (!result.holds)
    throw new InvalidTransition(
      `${acting.actingOrganizationId} may not act under delegation ${acting.underDelegationId}: ${result.reason}`,
      state,
    );
  return { underDelegationId: acting.underDelegationId, authorityChainIds: result.chain };
};
