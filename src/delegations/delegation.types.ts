import { CommandPayload } from '../graphql/command-payload';
import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Connection } from '../graphql/connection';
import { DateTime } from '../graphql/scalars';
import { enumOf } from '../graphql/enum-of';
import { JALALI_DESCRIPTION, toJalali, toJalaliOrNull } from '../graphql/jalali';
import type { DelegationDocument } from './delegations.projection';
import type { DelegationRecord } from './delegation';
import type { EffectiveStanding, ReadableStatus } from './standing';

export const DELEGATION_STATUSES = ['PROPOSED', 'ACTIVE', 'SUSPENDED', 'REVOKED', 'EXPIRED', 'REJECTED'] as const;
export const DelegationStatusEnum = enumOf(DELEGATION_STATUSES);
registerEnumType(DelegationStatusEnum, {
  name: 'DelegationStatus',
  description: 'EXPIRED is not recorded: a granted delegation is EXPIRED once its effective period has ended.',
});

/** Where a delegation is read from: the live records, or as they stood at `asOf`/`atPosition`. */
export interface DelegationReadPoint {
  asOf?: Date;
  atPosition?: string;
  /** The time EXPIRED and the chain's standing are judged at: `asOf`, else the time of the request. */
  judgedAt: string;
}

@ObjectType({ simpleResolvers: true })
export class Delegation {
  @Field(() => ID)
  id: string;

  @Field(() => Int, { description: "The stream's revision: 0 after the first event." })
  version: number;

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

  @Field(() => DateTime)
  effectiveFrom: string;

  @Field({ description: JALALI_DESCRIPTION })
  get effectiveFromJalali(): string {
    return toJalali(this.effectiveFrom);
  }

  @Field(() => DateTime, { nullable: true, description: 'Exclusive end of the effective period; null: until revoked.' })
  effectiveUntil: string | null;

  @Field(() => String, { nullable: true, description: JALALI_DESCRIPTION })
  get effectiveUntilJalali(): string | null {
    return toJalaliOrNull(this.effectiveUntil);
  }

  @Field()
  canSubdelegate: boolean;

  @Field(() => ID, { nullable: true })
  parentDelegationId: string | null;

  @Field(() => ID, { nullable: true })
  basedOnResolutionId: string | null;

  @Field(() => DelegationStatusEnum, { description: 'Its own status (EXPIRED once its period has ended).' })
  status: ReadableStatus;

  @Field(() => DateTime, { nullable: true })
  proposedAt: string | null;

  @Field(() => String, { nullable: true, description: JALALI_DESCRIPTION })
  get proposedAtJalali(): string | null {
    return toJalaliOrNull(this.proposedAt);
  }

  @Field(() => DateTime, { nullable: true, description: 'When the grant took effect.' })
  grantedAt: string | null;

  @Field(() => String, { nullable: true, description: JALALI_DESCRIPTION })
  get grantedAtJalali(): string | null {
    return toJalaliOrNull(this.grantedAt);
  }

  @Field(() => DateTime, { nullable: true, description: 'When the latest suspension took effect.' })
  suspendedAt: string | null;

  @Field(() => String, { nullable: true, description: JALALI_DESCRIPTION })
  get suspendedAtJalali(): string | null {
    return toJalaliOrNull(this.suspendedAt);
  }

  @Field(() => DateTime, { nullable: true, description: 'When the latest reinstatement took effect.' })
  reinstatedAt: string | null;

  @Field(() => String, { nullable: true, description: JALALI_DESCRIPTION })
  get reinstatedAtJalali(): string | null {
    return toJalaliOrNull(this.reinstatedAt);
  }

  @Field(() => DateTime, { nullable: true })
  revokedAt: string | null;

  @Field(() => String, { nullable: true, description: JALALI_DESCRIPTION })
  get revokedAtJalali(): string | null {
    return toJalaliOrNull(this.revokedAt);
  }

  @Field(() => DateTime, { nullable: true })
  rejectedAt: string | null;

  @Field(() => String, { nullable: true, description: JALALI_DESCRIPTION })
  get rejectedAtJalali(): string | null {
    return toJalaliOrNull(this.rejectedAt);
  }

  @Field(() => DateTime, { nullable: true, description: 'When the latest amendment took effect.' })
  amendedAt: string | null;

  @Field(() => String, { nullable: true, description: JALALI_DESCRIPTION })
  get amendedAtJalali(): string | null {
    return toJalaliOrNull(this.amendedAt);
  }

  @Field(() => String, { nullable: true, description: 'The reason given with the latest rejection, suspension, reinstatement or revocation.' })
  statusReason: string | null;

  @Field(() => ID, { nullable: true, description: 'The delegation the delegator relied on to grant this one.' })
  underDelegationId: string | null;

  @Field(() => [ID], { nullable: true, description: "That authority's chain, root first." })
  authorityChainIds: string[] | null;

  @Field(() => DateTime)
  createdAt: string;

  @Field({ description: JALALI_DESCRIPTION })
  get createdAtJalali(): string {
    return toJalali(this.createdAt);
  }

  @Field(() => DateTime)
  updatedAt: string;

  @Field({ description: JALALI_DESCRIPTION })
  get updatedAtJalali(): string {
    return toJalali(this.updatedAt);
  }

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

export const toDelegation = (doc: DelegationDocument, readPoint: DelegationReadPoint): Delegation => {
  const state = doc.state;
  return Object.assign(new Delegation(), {
    id: doc.id,
    version: doc.version,
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
    status: readableStatusAt(state, readPoint.judgedAt),
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
    createdAt: doc.createdAt,
    updatedAt: doc.updatedAt,
    record: state,
    readPoint,
  });
};

@ObjectType({ simpleResolvers: true })
export class DelegationConnection extends Connection(Delegation, 'Delegation') {}

@ObjectType({ simpleResolvers: true })
export class DelegationPayload extends CommandPayload {
  @Field(() => Delegation)
  delegation: Delegation;
}

@ObjectType({ simpleResolvers: true, description: 'Did an organization hold a power at an effective time, as the records stood at a recorded time?' })
export class AuthorityCheck {
  @Field()
  holds: boolean;

  @Field(() => [Delegation], { description: 'From the delegation whose delegator held the power originally down to the organization; empty when it does not hold.' })
  chain: Delegation[];

  @Field(() => String, { nullable: true, description: 'Why it does not hold.' })
  reason: string | null;

  @Field(() => ID)
  organizationId: string;

  @Field()
  power: string;

  @Field(() => DateTime)
  at: string;

  @Field({ description: JALALI_DESCRIPTION })
  get atJalali(): string {
    return toJalali(this.at);
  }

  @Field(() => DateTime, { description: 'The recorded time the answer reflects.' })
  asOf: string;

  @Field({ description: JALALI_DESCRIPTION })
  get asOfJalali(): string {
    return toJalali(this.asOf);
  }
}
