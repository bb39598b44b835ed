import type { Event } from '../core/event';
import { appended } from '../core/grown-list';

export const DELEGATION_CATEGORY = 'delegation';

/** What a delegation hands over, and to whom, for how long: fixed at proposal or grant, some of it amendable. */
export interface DelegationTerms {
  delegatorId: string;
  delegateId: string;
  /** Named powers, normalised (trimmed, no repeats). */
  powers: string[];
  effectiveFrom: string;
  /** Exclusive end of the effective period; none means until revoked. */
  effectiveUntil?: string;
  conditions?: string;
  legalBasis?: string;
  canSubdelegate: boolean;
  parentDelegationId?: string;
  basedOnResolutionId?: string;
}

// Every act carries the time it took effect in its data (proposedAt, grantedAt, …): the effective
// time may be earlier than the recorded one, and the authority check must never need metadata.
export type DelegationProposed = Event<'DelegationProposed', DelegationTerms & { delegationId: string; proposedAt: string }>;

/** Carries the terms as granted, so a grant is self-contained whether or not a proposal preceded it. */
export type DelegationGranted = Event<
  'DelegationGranted',
  DelegationTerms & {
    delegationId: string;
    grantedAt: string;
    /** The delegation the delegator relied on to grant this one, checked at `grantedAt`. */
    underDelegationId?: string;
    /** That authority's chain, root first, ending with `underDelegationId`. */
    authorityChainIds?: string[];
  }
>;

export type DelegationRejected = Event<'DelegationRejected', { delegationId: string; rejectedAt: string; reason?: string }>;
export type DelegationSuspended = Event<'DelegationSuspended', { delegationId: string; suspendedAt: string; reason?: string }>;
export type DelegationReinstated = Event<'DelegationReinstated', { delegationId: string; reinstatedAt: string; reason?: string }>;
export type DelegationRevoked = Event<'DelegationRevoked', { delegationId: string; revokedAt: string; reason?: string }>;

export interface AmendableTerms {
  powers?: string[];
  effectiveUntil?: string;
  conditions?: string;
}

export type DelegationAmended = Event<
  'DelegationAmended',
  AmendableTerms & { delegationId: string; amendedAt: string; previous: AmendableTerms }
>;

export type DelegationEvent =
  | DelegationProposed
  | DelegationGranted
  | DelegationRejected
  | DelegationSuspended
  | DelegationReinstated
  | DelegationRevoked
  | DelegationAmended;

/** The recorded status. EXPIRED is never recorded: it follows from the effective period and the time of reading. */
export type DelegationStatus = 'PROPOSED' | 'ACTIVE' | 'SUSPENDED' | 'REVOKED' | 'REJECTED';

/** An act that changed whether a granted delegation could be relied on, at the time it took effect. */
export interface StandingChange {
  act: 'GRANTED' | 'SUSPENDED' | 'REINSTATED' | 'REVOKED';
  at: string;
  reason?: string;
}

/** The powers and end of period in force from `since` on (the grant, then each amendment after it). */
export interface TermsInForce {
  since: string;
  powers: string[];
  effectiveUntil?: string;
}

export type DelegationRecord = DelegationTerms & {
  status: DelegationStatus;
  delegationId: string;
  proposedAt?: string;
  grantedAt?: string;
  rejectedAt?: string;
  suspendedAt?: string;
  reinstatedAt?: string;
  revokedAt?: string;
  amendedAt?: string;
  /** Effective time of the latest act: acts on one delegation take effect in the order they are recorded. */
  lastActAt: string;
  /** The reason given with the latest rejection, suspension, reinstatement or revocation. */
  statusReason?: string;
  underDelegationId?: string;
  authorityChainIds?: string[];
  standingChanges: StandingChange[];
  termsInForce: TermsInForce[];
};

export type Delegation = { status: 'None' } | DelegationRecord;

export const initialState = (): Delegation => ({ status: 'None' });

/** Just the terms of an event or a state, without the acts around them. */
export const termsOf = (data: DelegationTerms): DelegationTerms => ({
  delegatorId: data.delegatorId,
  delegateId: data.delegateId,
  powers: [...data.powers],
  effectiveFrom: data.effectiveFrom,
  canSubdelegate: data.canSubdelegate,
  ...(data.effectiveUntil !== undefined && { effectiveUntil: data.effectiveUntil }),
  ...(data.conditions !== undefined && { conditions: data.conditions }),
  ...(data.legalBasis !== undefined && { legalBasis: data.legalBasis }),
  ...(data.parentDelegationId !== undefined && { parentDelegationId: data.parentDelegationId }),
  ...(data.basedOnResolutionId !== undefined && { basedOnResolutionId: data.basedOnResolutionId }),
});

const withStanding = (
  state: DelegationRecord,
  status: DelegationStatus,
  change: StandingChange,
  times: Partial<DelegationRecord>,
): DelegationRecord => ({
  ...state,
  ...times,
  status,
  lastActAt: change.at,
  statusReason: change.reason,
  standingChanges: appended(state.standingChanges, change),
});

export const evolve = (state: Delegation, event: DelegationEvent): Delegation => {
  switch (event.type) {
    case 'DelegationProposed':
      return {
        status: 'PROPOSED',
        delegationId: event.data.delegationId,
        ...termsOf(event.data),
        proposedAt: event.data.proposedAt,
        lastActAt: event.data.proposedAt,
        standingChanges: [],
        termsInForce: [],
      };
    case 'DelegationGranted': {
      const { grantedAt, underDelegationId, authorityChainIds } = event.data;
      const terms = termsOf(event.data);
      return {
        status: 'ACTIVE',
        delegationId: event.data.delegationId,
        ...terms,
        ...(state.status !== 'None' && state.proposedAt !== undefined && { proposedAt: state.proposedAt }),
        grantedAt,
        lastActAt: grantedAt,
        ...(underDelegationId !== undefined && { underDelegationId }),
        ...(authorityChainIds !== undefined && { authorityChainIds: [...authorityChainIds] }),
        standingChanges: [{ act: 'GRANTED', at: grantedAt }],
        termsInForce: [{ since: grantedAt, powers: terms.powers, effectiveUntil: terms.effectiveUntil }],
      };
    }
    case 'DelegationRejected':
      if (state.status === 'None') return state;
      return { ...state, status: 'REJECTED', rejectedAt: event.data.rejectedAt, lastActAt: event.data.rejectedAt, statusReason: event.data.reason };
    case 'DelegationSuspended':
      if (state.status === 'None') return state;
      return withStanding(
        state,
        'SUSPENDED',
        { act: 'SUSPENDED', at: event.data.suspendedAt, reason: event.data.reason },
        { suspendedAt: event.data.suspendedAt },
      );
    case 'DelegationReinstated':
      if (state.status === 'None') return state;
      return withStanding(
        state,
        'ACTIVE',
        { act: 'REINSTATED', at: event.data.reinstatedAt, reason: event.data.reason },
        { reinstatedAt: event.data.reinstatedAt },
      );
    case 'DelegationRevoked':
      if (state.status === 'None') return state;
      return withStanding(
        state,
        'REVOKED',
        { act: 'REVOKED', at: event.data.revokedAt, reason: event.data.reason },
        { revokedAt: event.data.revokedAt },
      );
    case 'DelegationAmended': {
      if (state.status === 'None') return state;
      const { amendedAt, powers, effectiveUntil, conditions } = event.data;
      const amended: DelegationRecord = {
        ...state,
        ...(powers !== undefined && { powers: [...powers] }),
        ...(effectiveUntil !== undefined && { effectiveUntil }),
        ...(conditions !== undefined && { conditions }),
        amendedAt,
        lastActAt: amendedAt,
      };
      // Before the grant an amendment only changes the proposal; after it, the new terms hold from `amendedAt`.
      if (state.grantedAt === undefined) return amended;
      return {
        ...amended,
        termsInForce: appended(state.termsInForce, { since: amendedAt, powers: amended.powers, effectiveUntil: amended.effectiveUntil }),
      };
    }
    default:
      return state;
  }
};
