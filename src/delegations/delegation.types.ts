import { Field, ID, ObjectType } from 'type-graphql';
import { Connection } from '../graphql/connection';
import { Payload } from '../graphql/payload';
import { DateTimeField } from '../graphql/date-time-field';
import { EntityView, entityView } from '../graphql/entity-view';
import { graphQLEnum } from '../graphql/enum-of';
import type { DelegationDocument } from './delegations.projection';
import type { DelegationRecord } from './delegation';
import { readableStatus, standingAt, type EffectiveStanding, type ReadableStatus } from './standing';
import { Node } from '../graphql/node';
import type { ReadPoint } from '../graphql/read-point';

export const DELEGATION_STATUSES = ['PROPOSED', 'ACTIVE', 'SUSPENDED', 'REVOKED', 'EXPIRED', 'REJECTED'] as const;
export const DelegationStatusEnum = graphQLEnum(
  DELEGATION_STATUSES,
  'DelegationStatus',
  'EXPIRED is not recorded: a granted delegation is EXPIRED once its effective period has ended.',
);

/** Where a delegation is read from: the live records, or as they stood at `asOf`/`atPosition`. */
export interface DelegationReadPoint {
  asOf?: Date;
  atPosition?: string;
  /** The time EXPIRED and the chain's standing are judged at: `asOf`, else the time of the request. */
  judgedAt: string;
  /**
   * Read `status` at this effective time from the delegation's acts (as recorded at `asOf`), not
   * as its latest act left it: an authority chain shows each link as it stood at the check's `at`.
   */
  statusAt?: string;
}

@ObjectType({ simpleResolvers: true, implements: Node })
export class Delegation extends EntityView {
  @Field(() => ID)
  delegatorId: string;

  @Field(() => ID)
  delegateId: string;

  @Field(() => [String], { description: 'Named powers, trimmed and without repeats.' })
  powers: string[];

  @Field(() => String, { nullable: true })
  conditions: string | null;

  @Field(() => String, { nullable: true })
  legalBasis: string | null;

  @DateTimeField()
  effectiveFrom: string;

  @DateTimeField({ nullable: true, description: 'Exclusive end of the effective period; null: until revoked.' })
  effectiveUntil: string | null;

  @Field()
  canSubdelegate: boolean;

  @Field(() => ID, { nullable: true })
  parentDelegationId: string | null;

  @Field(() => ID, { nullable: true })
  basedOnResolutionId: string | null;

  @Field(() => DelegationStatusEnum, { description: 'Its own status (EXPIRED once its period has ended).' })
  status: ReadableStatus;

  @DateTimeField({ nullable: true })
  proposedAt: string | null;

  @DateTimeField({ nullable: true, description: 'When the grant took effect.' })
  grantedAt: string | null;

  @DateTimeField({ nullable: true, description: 'When the latest suspension took effect.' })
  suspendedAt: string | null;

  @DateTimeField({ nullable: true, description: 'When the latest reinstatement took effect.' })
  reinstatedAt: string | null;

  @DateTimeField({ nullable: true })
  revokedAt: string | null;

  @DateTimeField({ nullable: true })
  rejectedAt: string | null;

  @DateTimeField({ nullable: true, description: 'When the latest amendment took effect.' })
  amendedAt: string | null;

  @Field(() => String, { nullable: true, description: 'The reason given with the latest rejection, suspension, reinstatement or revocation.' })
  statusReason: string | null;

  @Field(() => ID, { nullable: true, description: 'The delegation the delegator relied on to grant this one.' })
  underDelegationId: string | null;

  @Field(() => [ID], { nullable: true, description: "That authority's chain, root first." })
  authorityChainIds: string[] | null;

  /** The state itself and where it was read, for the field resolvers that look along the chain. */
  record: DelegationRecord;
  readPoint: DelegationReadPoint;
  effectiveStanding?: Promise<EffectiveStanding>;
}

/** Its own status at `at`: the recorded one, or EXPIRED once a granted delegation's period is over. */
export const readableStatusAt = (state: DelegationRecord, at: string): ReadableStatus =>
  (state.status === 'ACTIVE' || state.status === 'SUSPENDED') &&
  state.effectiveUntil !== undefined &&
  Date.parse(state.effectiveUntil) <= Date.parse(at)
    ? 'EXPIRED'
    : state.status;

/** The view of a delegation read at `readPoint`; its id names that point unless `idPoint` says otherwise. */
export const toDelegation = (
  doc: DelegationDocument,
  readPoint: DelegationReadPoint,
  idPoint: ReadPoint = { asOf: readPoint.asOf, atPosition: readPoint.atPosition, at: readPoint.statusAt },
): Delegation => {
  const state = doc.state;
  return entityView(Delegation, doc, {
    delegatorId: state.delegatorId,
    delegateId: state.delegateId,
    powers: state.powers,
    conditions: state.conditions ?? null,
    legalBasis: state.legalBasis ?? null,
    effectiveFrom: state.effectiveFrom,
    effectiveUntil: state.effectiveUntil ?? null,
    canSubdelegate: state.canSubdelegate,
    parentDelegationId: state.parentDelegationId ?? null,
    basedOnResolutionId: state.basedOnResolutionId ?? null,
    status: readPoint.statusAt === undefined ? readableStatusAt(state, readPoint.judgedAt) : readableStatus(state, standingAt(state, readPoint.statusAt)),
    proposedAt: state.proposedAt ?? null,
    grantedAt: state.grantedAt ?? null,
    suspendedAt: state.suspendedAt ?? null,
    reinstatedAt: state.reinstatedAt ?? null,
    revokedAt: state.revokedAt ?? null,
    rejectedAt: state.rejectedAt ?? null,
    amendedAt: state.amendedAt ?? null,
    statusReason: state.statusReason ?? null,
    underDelegationId: state.underDelegationId ?? null,
    authorityChainIds: state.authorityChainIds ?? null,
    record: state,
    readPoint,
  }, idPoint);
};

@ObjectType({ simpleResolvers: true })
export class DelegationConnection extends Connection(Delegation, 'Delegation') {}

@ObjectType({ simpleResolvers: true })
export class DelegationPayload extends Payload(Delegation, 'delegation') {}

@ObjectType({ simpleResolvers: true, description: 'Did an organization hold a power at an effective time, as the records stood at a recorded time?' })
export class AuthorityCheck {
  @Field()
  holds: boolean;

  @Field(() => [Delegation], { description: 'From the delegation whose delegator held the power originally down to the organization; empty when it does not hold. Each link as it stood at `at` (its status, effectiveStatus), as the records stood at `asOf`.' })
  chain: Delegation[];

  @Field(() => String, { nullable: true, description: 'Why it does not hold, naming the organizations, with each date in ISO and, in brackets, in the Solar Hijri calendar (Tehran time).' })
  reason: string | null;

  @Field(() => ID)
  organizationId: string;

  @Field()
  power: string;

  @DateTimeField()
  at: string;

  @DateTimeField({ description: 'The recorded time the answer reflects.' })
  asOf: string;
}
