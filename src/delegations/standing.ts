import type { DelegationRecord, DelegationStatus, TermsInForce } from './delegation';

/**
 * Where one delegation stood at an effective time, from its own acts alone: acts count from the
 * time they took effect (their occurredAt, kept in the event data), the period from effectiveFrom
 * to effectiveUntil (exclusive). EXPIRED is never recorded: it is read off the period here.
 */
export type Standing =
  | { kind: 'NOT_YET_PROPOSED' }
  | { kind: 'PROPOSED' }
  | { kind: 'REJECTED'; at: string; reason?: string }
  | { kind: 'ACTIVE'; since: string }
  | { kind: 'SUSPENDED'; at: string; reason?: string }
  | { kind: 'REVOKED'; at: string; reason?: string }
  | { kind: 'EXPIRED'; at: string };

/** The status clients see: the recorded one, or EXPIRED once the period is over. */
export type ReadableStatus = DelegationStatus | 'EXPIRED';

const ms = (iso: string): number => Date.parse(iso);

/** The powers and end of period that applied at `at` (the proposal's, before any grant). */
export const termsAt = (delegation: DelegationRecord, at: string): TermsInForce => {
  const history = delegation.termsInForce;
  if (history.length === 0)
    return { since: delegation.proposedAt ?? delegation.lastActAt, powers: delegation.powers, effectiveUntil: delegation.effectiveUntil };
  let current = history[0];
  for (const entry of history) if (ms(entry.since) <= ms(at)) current = entry;
  return current;
};

export const standingAt = (delegation: DelegationRecord, at: string): Standing => {
  const t = ms(at);
  if (delegation.grantedAt === undefined || ms(delegation.grantedAt) > t) {
    if (delegation.rejectedAt !== undefined && ms(delegation.rejectedAt) <= t)
      return { kind: 'REJECTED', at: delegation.rejectedAt, reason: delegation.statusReason };
    if (delegation.proposedAt !== undefined && ms(delegation.proposedAt) <= t) return { kind: 'PROPOSED' };
    return { kind: 'NOT_YET_PROPOSED' };
  }
  let last = delegation.standingChanges[0];
  for (const change of delegation.standingChanges) if (ms(change.at) <= t) last = change;
  const { effectiveUntil } = termsAt(delegation, at);
  const expired = effectiveUntil !== undefined && ms(effectiveUntil) <= t;
  if (last.act === 'REVOKED' && (!expired || ms(last.at) < ms(effectiveUntil!)))
    return { kind: 'REVOKED', at: last.at, reason: last.reason };
  if (expired) return { kind: 'EXPIRED', at: effectiveUntil! };
  if (last.act === 'SUSPENDED') return { kind: 'SUSPENDED', at: last.at, reason: last.reason };
  return { kind: 'ACTIVE', since: last.at };
};

/** Granted, not suspended, revoked or expired, and its period has begun. */
export const isInEffect = (delegation: DelegationRecord, standing: Standing, at: string): boolean =>
  standing.kind === 'ACTIVE' && ms(delegation.effectiveFrom) <= ms(at);

/** "revoked at 2026-02-01T00:00:00.000Z (مصوبه لغو شد)": a standing as a clause of a sentence. */
export const describeStanding = (standing: Standing, date: (iso: string) => string = (iso) => iso): string => {
  const why = 'reason' in standing && standing.reason ? ` (${standing.reason})` : '';
  switch (standing.kind) {
    case 'NOT_YET_PROPOSED':
      return 'not yet on record';
    case 'PROPOSED':
      return 'proposed, not granted';
    case 'REJECTED':
      return `rejected at ${date(standing.at)}${why}`;
    case 'ACTIVE':
      return `active since ${date(standing.since)}`;
    case 'SUSPENDED':
      return `suspended at ${date(standing.at)}${why}`;
    case 'REVOKED':
      return `revoked at ${date(standing.at)}${why}`;
    case 'EXPIRED':
      return `expired at ${date(standing.at)}`;
  }
};

export type DelegationLookup = (delegationId: string) => DelegationRecord | undefined;

export interface EffectiveStanding {
  /** Its own status, or SUSPENDED when a delegation above it in the chain is not active. */
  status: ReadableStatus;
  reason: string | null;
  /** Whether it can be relied on at that time: effectively active and its period begun. */
  inEffect: boolean;
  /** The delegation above it that takes it down, if any. */
  blockedBy?: string;
}

export const readableStatus = (delegation: DelegationRecord, standing: Standing): ReadableStatus => {
  switch (standing.kind) {
    case 'NOT_YET_PROPOSED':
      return delegation.status === 'PROPOSED' || delegation.status === 'REJECTED' ? 'PROPOSED' : delegation.status;
    case 'PROPOSED':
    case 'REJECTED':
    case 'ACTIVE':
    case 'SUSPENDED':
    case 'REVOKED':
    case 'EXPIRED':
      return standing.kind;
  }
};

/**
 * The standing of a delegation together with every delegation above it: suspending or revoking a
 * delegation takes its sub-delegations with it, so this is computed on reading, never written onto
 * the children.
 */
export const effectiveStandingAt = (lookup: DelegationLookup, delegation: DelegationRecord, at: string): EffectiveStanding => {
  const own = standingAt(delegation, at);
  if (own.kind !== 'ACTIVE') {
    const status = readableStatus(delegation, own);
    return { status, reason: status === 'PROPOSED' ? null : describeStanding(own), inEffect: false };
  }
  const seen = new Set([delegation.delegationId]);
  let inEffect = isInEffect(delegation, own, at);
  for (let parentId = delegation.parentDelegationId, depth = 1; parentId; depth++) {
    const label = depth === 1 ? 'parent' : 'ancestor';
    if (seen.has(parentId))
      return { status: 'SUSPENDED', reason: `${label} ${parentId} loops back into its own chain`, inEffect: false, blockedBy: parentId };
    seen.add(parentId);
    const parent = lookup(parentId);
    if (!parent) return { status: 'SUSPENDED', reason: `${label} ${parentId} is not on record`, inEffect: false, blockedBy: parentId };
    const standing = standingAt(parent, at);
    if (standing.kind !== 'ACTIVE')
      return { status: 'SUSPENDED', reason: `${label} ${parentId} ${describeStanding(standing)}`, inEffect: false, blockedBy: parentId };
    inEffect &&= isInEffect(parent, standing, at);
    parentId = parent.parentDelegationId;
  }
  const reason = inEffect ? null : `in effect from ${delegation.effectiveFrom}`;
  return { status: 'ACTIVE', reason, inEffect };
};
