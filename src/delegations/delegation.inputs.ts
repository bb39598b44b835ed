import { ArgsType, Field, InputType } from 'type-graphql';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsBoolean,
  IsDate,
  IsEnum,
  IsString,
  MaxLength,
  MinLength,
} from 'class-validator';
import { IdField, OptionalField } from '../graphql/input-fields';
import { CommandInput, CommandOn } from '../graphql/command-input';
import { DateTime } from '../graphql/scalars';
import { DELEGATION_STATUSES, DelegationStatusEnum } from './delegation.types';
import type { ReadableStatus } from './standing';

const MAX_POWERS = 50;
const MAX_POWER_LENGTH = 200;

/** What every command on an existing delegation names. */
const DelegationCommandInput = CommandOn('delegationId');

@InputType()
export class ProposeDelegationInput extends CommandInput {
  @IdField()
  delegatorId: string;

  @IdField()
  delegateId: string;

  @Field(() => [String], { description: 'Named powers; trimmed, repeats dropped (ي/ی, ك/ک, spacing, and a ZWNJ, a space or nothing between Persian letters ignored).' })
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_POWERS)
  @IsString({ each: true })
  @MaxLength(MAX_POWER_LENGTH, { each: true })
  powers: string[];

  @Field(() => DateTime, { description: 'May be in the future.' })
  @IsDate()
  effectiveFrom: Date;

  @OptionalField(() => DateTime, { description: 'Exclusive end; absent: until revoked. May be in the future.' })
  @IsDate()
  effectiveUntil?: Date;

  @OptionalField(() => String)
  @MinLength(1)
  @MaxLength(4000)
  conditions?: string;

  @OptionalField(() => String)
  @MinLength(1)
  @MaxLength(1000)
  legalBasis?: string;

  @OptionalField(() => Boolean, { description: 'Default false.' })
  @IsBoolean()
  canSubdelegate?: boolean;

  @IdField({ nullable: true, description: 'Makes this a sub-delegation: its delegator must be the parent’s delegate.' })
  parentDelegationId?: string;

  @IdField({ nullable: true })
  basedOnResolutionId?: string;
}

@InputType({ description: 'Either `delegationId` (a proposed delegation) or the terms of a new one (as proposeDelegation), not both.' })
export class GrantDelegationInput extends CommandInput {
  @IdField({ nullable: true })
  delegationId?: string;

  @IdField({ nullable: true })
  delegatorId?: string;

  @IdField({ nullable: true })
  delegateId?: string;

  @OptionalField(() => [String])
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_POWERS)
  @IsString({ each: true })
  @MaxLength(MAX_POWER_LENGTH, { each: true })
  powers?: string[];

  @OptionalField(() => DateTime)
  @IsDate()
  effectiveFrom?: Date;

  @OptionalField(() => DateTime)
  @IsDate()
  effectiveUntil?: Date;

  @OptionalField(() => String)
  @MinLength(1)
  @MaxLength(4000)
  conditions?: string;

  @OptionalField(() => String)
  @MinLength(1)
  @MaxLength(1000)
  legalBasis?: string;

  @OptionalField(() => Boolean)
  @IsBoolean()
  canSubdelegate?: boolean;

  @IdField({ nullable: true })
  parentDelegationId?: string;

  @IdField({ nullable: true })
  basedOnResolutionId?: string;

  @IdField({ nullable: true, description: 'The delegation the delegator relies on; it must give the delegator every requested power at occurredAt.' })
  underDelegationId?: string;
}

@InputType({ description: 'Takes effect at occurredAt; the reason is recorded with the event.' })
export class RejectDelegationInput extends DelegationCommandInput {}

@InputType({ description: 'Takes effect at occurredAt, for it and every delegation below it.' })
export class SuspendDelegationInput extends DelegationCommandInput {}

@InputType({ description: 'Takes effect at occurredAt.' })
export class ReinstateDelegationInput extends DelegationCommandInput {}

@InputType({ description: 'Takes effect at occurredAt, for it and every delegation below it.' })
export class RevokeDelegationInput extends DelegationCommandInput {}

@InputType({ description: 'The new terms take effect at occurredAt; fields left out stay as they are.' })
export class AmendDelegationInput extends DelegationCommandInput {
  @OptionalField(() => [String])
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_POWERS)
  @IsString({ each: true })
  @MaxLength(MAX_POWER_LENGTH, { each: true })
  powers?: string[];

  @OptionalField(() => DateTime)
  @IsDate()
  effectiveUntil?: Date;

  @OptionalField(() => String)
  @MinLength(1)
  @MaxLength(4000)
  conditions?: string;
}

@InputType()
export class DelegationFilter {
  @IdField({ nullable: true })
  delegatorId?: string;

  @IdField({ nullable: true })
  delegateId?: string;

  @OptionalField(() => DelegationStatusEnum, { description: 'Own status, judged at asOf (default now).' })
  @IsEnum(DELEGATION_STATUSES)
  status?: ReadableStatus;

  @OptionalField(() => String, { description: 'Holds this power (at activeAt when given), ignoring ي/ی, ك/ک, spacing, and a ZWNJ, a space or nothing between Persian letters.' })
  @MinLength(1)
  @MaxLength(MAX_POWER_LENGTH)
  power?: string;

  @OptionalField(() => DateTime, { description: 'Only those in force at this effective time (their whole chain active and their period begun), as the records stood at asOf.' })
  @IsDate()
  activeAt?: Date;

  @OptionalField(() => String, { description: 'Matches powers, conditions and legal basis.' })
  @MaxLength(300)
  text?: string;
}

@ArgsType()
export class AuthorityArgs {
  @IdField()
  organizationId: string;

  @Field()
  @MinLength(1)
  @MaxLength(MAX_POWER_LENGTH)
  power: string;

  @Field(() => DateTime, { description: 'Effective time: which acts had taken effect, and which periods had begun.' })
  @IsDate()
  at: Date;

  @OptionalField(() => DateTime, { description: 'Recorded time: only what had been recorded by then counts. Default now.' })
  @IsDate()
  asOf?: Date;
}
