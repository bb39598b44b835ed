import { deciderOf, type Command, type CommandMetadata } from '../core/decider';
import { InvalidTransition, NotFound, ValidationFailed, invalidField, type FieldProblem } from '../core/errors';
import type { OrganizationStatus } from '../organizations/organization';
import {
  evolve,
  initialState,
  termsOf,
  type AmendableTerms,
  type Delegation,
  type DelegationAmended,
  type DelegationEvent,
  type DelegationGranted,
  type DelegationProposed,
  type DelegationRecord,
  type DelegationRejected,
  type DelegationReinstated,
  type DelegationRevoked,
  type DelegationSuspended,
  type DelegationTerms,
} from './delegation';
import { assertActingUnder } from './acting-under';
import { missingPowers, normalizePowers, powerKey } from './powers';
import { effectiveStandingAt, standingAt, termsAt } from './standing';

/** The terms as the clerk gave them: powers not yet normalised, canSubdelegate possibly absent. */
export type RequestedTerms = Omit<DelegationTerms, 'canSubdelegate'> & { canSubdelegate?: boolean };

/** What the caller found in the organizations read model for each named organization (absent: no such organization). */
export type OrganizationLookup = Record<string, OrganizationStatus | undefined>;

/**
 * What the caller found in the resolutions read model for `basedOnResolutionId` (null: no such
 * resolution). Resolutions stand above delegations (a resolution is adopted under one), so this
 * slice names the statuses it needs instead of importing the resolution's type.
 */
export type ResolutionLookup = { status: string } | null;

/** A delegation cannot rest on a resolution that was turned down or taken back. */
export const UNUSABLE_RESOLUTION_STATUSES: readonly string[] = ['REJECTED', 'WITHDRAWN'];

/**
 * Cross-aggregate facts, looked up by the caller so that deciding stays pure: the delegations above
 * a named parent or `underDelegationId` (each with its own ancestors), as currently recorded.
 */
export interface DelegationFacts {
  known: DelegationRecord[];
}

export type ProposeDelegation = Command<
  'ProposeDelegation',
  DelegationFacts & { delegationId: string; terms: RequestedTerms; organizations: OrganizationLookup; basedOnResolution?: ResolutionLookup }
>;
export type GrantDelegation = Command<
  'GrantDelegation',
  DelegationFacts & {
    delegationId: string;
    /** Present when granting a new delegation directly, absent when granting a proposed one. */
    terms?: RequestedTerms;
    underDelegationId?: string;
    organizations: OrganizationLookup;
    /** Looked up when new terms name `basedOnResolutionId`. */
    basedOnResolution?: ResolutionLookup;
  }
>;
export type RejectDelegation = Command<'RejectDelegation', { delegationId: string }>;
export type SuspendDelegation = Command<'SuspendDelegation', { delegationId: string }>;
export type ReinstateDelegation = Command<'ReinstateDelegation', { delegationId: string }>;
export type RevokeDelegation = Command<'RevokeDelegation', { delegationId: string }>;
export type AmendDelegation = Command<
  'AmendDelegation',
  DelegationFacts &
    AmendableTerms & {
      delegationId: string;
      /** Its sub-delegations that are not rejected or revoked: an amendment may not leave them holding more than it. */
      children: DelegationRecord[];
    }
>;

export type DelegationCommand =
  | ProposeDelegation
  | GrantDelegation
  | RejectDelegation
  | SuspendDelegation
  | ReinstateDelegation
  | RevokeDelegation
  | AmendDelegation;

const ms = (iso: string): number => Date.parse(iso);
const quoted = (powers: string[]): string => powers.map((power) => `"${power}"`).join(', ');
const lookupIn = (facts: DelegationFacts) => {
  const byId = new Map(facts.known.map((delegation) => [delegation.delegationId, delegation]));
  return Object.assign((id: string) => byId.get(id), { byId });
};

/** Acts on one delegation take effect in the order they are recorded, so its standing is a simple timeline. */
const assertInOrder = (state: DelegationRecord, metadata: CommandMetadata): void => {
  if (ms(metadata.occurredAt) < ms(state.lastActAt))
    throw invalidField(
      'occurredAt',
      `the delegation's latest act took effect at ${state.lastActAt}: a later act cannot take effect before it`,
    );
};

const assertNotExpired = (state: DelegationRecord, metadata: CommandMetadata): void => {
  const standing = standingAt(state, metadata.occurredAt);
  if (standing.kind === 'EXPIRED') throw new InvalidTransition(`the delegation expired at ${standing.at}`, 'EXPIRED');
};

const organizationProblems = (terms: RequestedTerms, organizations: OrganizationLookup): FieldProblem[] =>
  (['delegatorId', 'delegateId'] as const).flatMap((field) => {
    const status = organizations[terms[field]];
    if (status === undefined) return [{ field, message: `no organization ${terms[field]}` }];
    if (status !== 'ACTIVE') return [{ field, message: `organization ${terms[field]} is ${status.toLowerCase()}` }];
    return [];
  });

const resolutionProblems = (terms: RequestedTerms, resolution: ResolutionLookup | undefined): FieldProblem[] => {
  if (terms.basedOnResolutionId === undefined) return [];
  const field = 'basedOnResolutionId';
  if (!resolution) return [{ field, message: `no resolution ${terms.basedOnResolutionId}` }];
  if (UNUSABLE_RESOLUTION_STATUSES.includes(resolution.status))
    return [{ field, message: `resolution ${terms.basedOnResolutionId} is ${resolution.status.toLowerCase()}` }];
  return [];
};

/** The terms on their own: normalised powers, a period that ends after it begins, two existing bodies, a live resolution. */
const validTerms = (terms: RequestedTerms, organizations: OrganizationLookup, resolution?: ResolutionLookup): DelegationTerms => {
  const powers = normalizePowers(terms.powers);
  const problems: FieldProblem[] = [];
  if (powers.length === 0) problems.push({ field: 'powers', message: 'name at least one power' });
  if (terms.effectiveUntil !== undefined && ms(terms.effectiveUntil) <= ms(terms.effectiveFrom))
    problems.push({ field: 'effectiveUntil', message: 'effectiveUntil must be after effectiveFrom' });
  if (terms.delegatorId === terms.delegateId)
    problems.push({ field: 'delegateId', message: 'an organization cannot delegate to itself' });
  problems.push(...organizationProblems(terms, organizations), ...resolutionProblems(terms, resolution));
  if (problems.length) throw new ValidationFailed('the delegation is not valid', problems);
  return {
    delegatorId: terms.delegatorId,
    delegateId: terms.delegateId,
    powers,
    effectiveFrom: terms.effectiveFrom,
    canSubdelegate: terms.canSubdelegate ?? false,
    ...(terms.effectiveUntil !== undefined && { effectiveUntil: terms.effectiveUntil }),
    ...(terms.conditions !== undefined && { conditions: terms.conditions }),
    ...(terms.legalBasis !== undefined && { legalBasis: terms.legalBasis }),
    ...(terms.parentDelegationId !== undefined && { parentDelegationId: terms.parentDelegationId }),
    ...(terms.basedOnResolutionId !== undefined && { basedOnResolutionId: terms.basedOnResolutionId }),
  };
};

/** Why a period does not fit inside the parent's, or null when it does. */
const periodOverrun = (child: { effectiveFrom: string; effectiveUntil?: string }, parent: DelegationRecord, parentUntil?: string) => {
  if (ms(child.effectiveFrom) < ms(parent.effectiveFrom))
    return `it would begin at ${child.effectiveFrom}, before its parent ${parent.delegationId} (from ${parent.effectiveFrom})`;
  if (parentUntil !== undefined && (child.effectiveUntil === undefined || ms(child.effectiveUntil) > ms(parentUntil)))
    return `it would run ${child.effectiveUntil ? `until ${child.effectiveUntil}` : 'without end'}, past its parent ${parent.delegationId} (until ${parentUntil})`;
  return null;
};

/**
 * A sub-delegation can never carry more power or a longer period than its parent; its delegator is
 * the parent's delegate, the parent allows sub-delegating, and no body gets back a power it passed down.
 * When granting (`at` given), the parent and everything above it must also stand active at that time.
 */
const assertFitsParent = (terms: DelegationTerms, facts: DelegationFacts, state: Delegation, at?: string): void => {
  if (terms.parentDelegationId === undefined) return;
  const lookup = lookupIn(facts);
  const parent = lookup(terms.parentDelegationId);
  if (!parent) throw invalidField('parentDelegationId', `no delegation ${terms.parentDelegationId}`);
  const refuse = (why: string) =>
    new InvalidTransition(`sub-delegation of ${parent.delegationId} refused: ${why}`, state.status);
  if (parent.status === 'REJECTED' || parent.status === 'REVOKED') throw refuse(`the parent is ${parent.status.toLowerCase()}`);
  if (parent.delegateId !== terms.delegatorId)
    throw refuse(`its delegator must be the parent's delegate ${parent.delegateId}, not ${terms.delegatorId}`);
  if (!parent.canSubdelegate) throw refuse('the parent does not allow sub-delegation');
  const parentTerms = at === undefined ? { powers: parent.powers, effectiveUntil: parent.effectiveUntil } : termsAt(parent, at);
  const lacking = missingPowers(parentTerms.powers, terms.powers);
  if (lacking.length) throw refuse(`the parent does not hold ${quoted(lacking)}`);
  const overrun = periodOverrun(terms, parent, parentTerms.effectiveUntil);
  if (overrun) throw refuse(overrun);
  const above = new Set<string>();
  for (let link: DelegationRecord | undefined = parent; link && !above.has(link.delegatorId); link = link.parentDelegationId ? lookup(link.parentDelegationId) : undefined)
    above.add(link.delegatorId);
  if (above.has(terms.delegateId)) throw refuse(`${terms.delegateId} is already above it in the chain`);
  if (at === undefined) return;
  const standing = effectiveStandingAt(lookup, parent, at);
  if (standing.status !== 'ACTIVE') throw refuse(`at ${at} the parent was ${standing.status}${standing.reason ? `: ${standing.reason}` : ''}`);
};

/** The authority the delegator relies on must give it every requested power when the grant takes effect. */
const authorityRelied = (terms: DelegationTerms, underDelegationId: string | undefined, facts: DelegationFacts, state: Delegation, at: string) =>
  underDelegationId === undefined
    ? {}
    : assertActingUnder({ underDelegationId, actingOrganizationId: terms.delegatorId, powers: terms.powers, known: facts.known }, at, state.status);

export const proposeDelegation = (command: ProposeDelegation, state: Delegation): DelegationProposed => {
  if (state.status !== 'None') throw new InvalidTransition('the delegation already exists', state.status);
  const terms = validTerms(command.data.terms, command.data.organizations, command.data.basedOnResolution);
  assertFitsParent(terms, command.data, state);
  return {
    type: 'DelegationProposed',
    data: { delegationId: command.data.delegationId, ...terms, proposedAt: command.metadata.occurredAt },
  };
};

export const grantDelegation = (command: GrantDelegation, state: Delegation): DelegationGranted => {
  const { delegationId, organizations, underDelegationId } = command.data;
  const at = command.metadata.occurredAt;
  let terms: DelegationTerms;
  if (state.status === 'None') {
    if (!command.data.terms) throw new NotFound('delegation', delegationId);
    terms = validTerms(command.data.terms, organizations, command.data.basedOnResolution);
  } else {
    if (command.data.terms) throw invalidField('delegationId', 'grant either a proposed delegation or new terms, not both');
    if (state.status !== 'PROPOSED')
      throw new InvalidTransition(`only a proposed delegation can be granted; this one is ${state.status}`, state.status);
    assertInOrder(state, command.metadata);
    terms = termsOf(state);
    const problems = organizationProblems(terms, organizations);
    if (problems.length) throw new ValidationFailed('the delegation is not valid', problems);
  }
  if (terms.effectiveUntil !== undefined && ms(terms.effectiveUntil) <= ms(at))
    throw new InvalidTransition(`its effective period ended at ${terms.effectiveUntil}, before the grant at ${at}`, state.status);
  assertFitsParent(terms, command.data, state, at);
  const authority = authorityRelied(terms, underDelegationId, command.data, state, at);
  return { type: 'DelegationGranted', data: { delegationId, ...terms, grantedAt: at, ...authority } };
};

const existing = (state: Delegation, delegationId: string): DelegationRecord => {
  if (state.status === 'None') throw new NotFound('delegation', delegationId);
  return state;
};

const reasonOf = (command: Command) => (command.metadata.reason !== undefined ? { reason: command.metadata.reason } : {});

export const rejectDelegation = (command: RejectDelegation, state: Delegation): DelegationRejected => {
  const delegation = existing(state, command.data.delegationId);
  if (delegation.status !== 'PROPOSED')
    throw new InvalidTransition(`only a proposed delegation can be rejected; this one is ${delegation.status}`, delegation.status);
  assertInOrder(delegation, command.metadata);
  return {
    type: 'DelegationRejected',
    data: { delegationId: command.data.delegationId, rejectedAt: command.metadata.occurredAt, ...reasonOf(command) },
  };
};

export const suspendDelegation = (command: SuspendDelegation, state: Delegation): DelegationSuspended => {
  const delegation = existing(state, command.data.delegationId);
  if (delegation.status !== 'ACTIVE')
    throw new InvalidTransition(`only an active delegation can be suspended; this one is ${delegation.status}`, delegation.status);
  assertInOrder(delegation, command.metadata);
  assertNotExpired(delegation, command.metadata);
  return {
    type: 'DelegationSuspended',
    data: { delegationId: command.data.delegationId, suspendedAt: command.metadata.occurredAt, ...reasonOf(command) },
  };
};

export const reinstateDelegation = (command: ReinstateDelegation, state: Delegation): DelegationReinstated => {
  const delegation = existing(state, command.data.delegationId);
  if (delegation.status !== 'SUSPENDED')
    throw new InvalidTransition(`only a suspended delegation can be reinstated; this one is ${delegation.status}`, delegation.status);
  assertInOrder(delegation, command.metadata);
  assertNotExpired(delegation, command.metadata);
  return {
    type: 'DelegationReinstated',
    data: { delegationId: command.data.delegationId, reinstatedAt: command.metadata.occurredAt, ...reasonOf(command) },
  };
};

export const revokeDelegation = (command: RevokeDelegation, state: Delegation): DelegationRevoked => {
  const delegation = existing(state, command.data.delegationId);
  if (delegation.status === 'PROPOSED')
    throw new InvalidTransition('a proposed delegation is rejected, not revoked', delegation.status);
  if (delegation.status !== 'ACTIVE' && delegation.status !== 'SUSPENDED')
    throw new InvalidTransition(`the delegation is already ${delegation.status}`, delegation.status);
  assertInOrder(delegation, command.metadata);
  assertNotExpired(delegation, command.metadata);
  return {
    type: 'DelegationRevoked',
    data: { delegationId: command.data.delegationId, revokedAt: command.metadata.occurredAt, ...reasonOf(command) },
  };
};

const samePowers = (a: readonly string[], b: readonly string[]): boolean => {
  const keys = new Set(a.map(powerKey));
  return keys.size === new Set(b.map(powerKey)).size && b.every((power) => keys.has(powerKey(power)));
};

/** What the amendment actually changes, with the values it replaces. */
const changesOf = (command: AmendDelegation, delegation: DelegationRecord) => {
  const changed: AmendableTerms = {};
  const previous: AmendableTerms = {};
  if (command.data.powers !== undefined) {
    const powers = normalizePowers(command.data.powers);
    if (powers.length === 0) throw invalidField('powers', 'name at least one power');
    if (!samePowers(powers, delegation.powers)) {
      changed.powers = powers;
      previous.powers = delegation.powers;
    }
  }
  const until = command.data.effectiveUntil;
  if (until !== undefined && (delegation.effectiveUntil === undefined || ms(until) !== ms(delegation.effectiveUntil))) {
    if (ms(until) <= ms(delegation.effectiveFrom)) throw invalidField('effectiveUntil', 'effectiveUntil must be after effectiveFrom');
    if (delegation.grantedAt !== undefined && ms(until) <= ms(command.metadata.occurredAt))
      throw invalidField('effectiveUntil', 'an amendment cannot end the period before it takes effect: revoke the delegation instead');
    changed.effectiveUntil = until;
    if (delegation.effectiveUntil !== undefined) previous.effectiveUntil = delegation.effectiveUntil;
  }
  if (command.data.conditions !== undefined && command.data.conditions !== delegation.conditions) {
    changed.conditions = command.data.conditions;
    if (delegation.conditions !== undefined) previous.conditions = delegation.conditions;
  }
  if (Object.keys(changed).length === 0)
    throw new ValidationFailed('nothing would change', [{ field: 'powers', message: 'the delegation already has these terms' }]);
  return { changed, previous };
};

export const amendDelegation = (command: AmendDelegation, state: Delegation): DelegationAmended => {
  const delegation = existing(state, command.data.delegationId);
  if (delegation.status === 'REJECTED' || delegation.status === 'REVOKED')
    throw new InvalidTransition(`a ${delegation.status.toLowerCase()} delegation cannot be amended`, delegation.status);
  assertInOrder(delegation, command.metadata);
  assertNotExpired(delegation, command.metadata);
  const { changed, previous } = changesOf(command, delegation);
  const amended = { ...delegation, ...changed };
  if (delegation.parentDelegationId !== undefined) {
    const parent = lookupIn(command.data)(delegation.parentDelegationId);
    if (!parent) throw invalidField('delegationId', `its parent ${delegation.parentDelegationId} is not on record`);
    const lacking = missingPowers(parent.powers, amended.powers);
    const overrun = periodOverrun(amended, parent, parent.effectiveUntil);
    if (lacking.length || overrun)
      throw new InvalidTransition(
        `a sub-delegation cannot exceed its parent ${parent.delegationId}: ${lacking.length ? `the parent does not hold ${quoted(lacking)}` : overrun}`,
        delegation.status,
      );
  }
  for (const child of command.data.children) {
    if (child.status === 'REJECTED' || child.status === 'REVOKED') continue;
    if (standingAt(child, command.metadata.occurredAt).kind === 'EXPIRED') continue;
    const lacking = missingPowers(amended.powers, child.powers);
    const overrun = periodOverrun(child, amended, amended.effectiveUntil);
    if (lacking.length || overrun)
      throw new InvalidTransition(
        `sub-delegation ${child.delegationId} would exceed it: ${lacking.length ? `it holds ${quoted(lacking)}` : overrun}; amend or revoke the sub-delegation first`,
        delegation.status,
      );
  }
  return {
    type: 'DelegationAmended',
    data: { delegationId: command.data.delegationId, ...changed, amendedAt: command.metadata.occurredAt, previous },
  };
};

export const delegationDecider = deciderOf<Delegation, DelegationCommand, DelegationEvent>(initialState, evolve, {
  ProposeDelegation: proposeDelegation,
  GrantDelegation: grantDelegation,
  RejectDelegation: rejectDelegation,
  SuspendDelegation: suspendDelegation,
  ReinstateDelegation: reinstateDelegation,
  RevokeDelegation: revokeDelegation,
  AmendDelegation: amendDelegation,
});
