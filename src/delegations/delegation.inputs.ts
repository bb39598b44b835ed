import { ArgsType, Field, ID, InputType } from 'type-graphql';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsBoolean,
  IsDate,
  IsEnum,
  IsOptional,
  IsString,
  IsUUID,
  MaxLength,
  MinLength,
} from 'class-validator';
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
  @Field(() => ID)
  @IsUUID()
  delegatorId: string;

  @Field(() => ID)
  @IsUUID()
  delegateId: string;

  @Field(() => [String], { description: 'Named powers; trimmed, repeats dropped (ي/ی, ك/ک, ZWNJ and spacing ignored).' })
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_POWERS)
  @IsString({ each: true })
  @MaxLength(MAX_POWER_LENGTH, { each: true })
  powers: string[];

  @Field(() => DateTime, { description: 'May be in the future.' })
  @IsDate()
  effectiveFrom: Date;

  @Field(() => DateTime, { nullable: true, description: 'Exclusive end; absent: until revoked. May be in the future.' })
  @IsOptional()
  @IsDate()
  effectiveUntil?: Date;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MinLength(1)
  @MaxLength(4000)
  conditions?: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MinLength(1)
  @MaxLength(1000)
  legalBasis?: string;

  @Field(() => Boolean, { nullable: true, description: 'Default false.' })
  @IsOptional()
  @IsBoolean()
  canSubdelegate?: boolean;

  @Field(() => ID, { nullable: true, description: 'Makes this a sub-delegation: its delegator must be the parent’s delegate.' })
  @IsOptional()
  @IsUUID()
  parentDelegationId?: string;

  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID()
  basedOnResolutionId?: string;
}

@InputType({ description: 'Either `delegationId` (a proposed delegation) or the terms of a new one (as proposeDelegation), not both.' })
export class GrantDelegationInput extends CommandInput {
  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID()
  delegationId?: string;

  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID()
  delegatorId?: string;

  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID()
  delegateId?: string;

  @Field(() => [String], { nullable: true })
  @IsOptional()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_POWERS)
  @IsString({ each: true })
  @MaxLength(MAX_POWER_LENGTH, { each: true })
  powers?: string[];

  @Field(() => DateTime, { nullable: true })
  @IsOptional()
  @IsDate()
  effectiveFrom?: Date;

  @Field(() => DateTime, { nullable: true })
  @IsOptional()
  @IsDate()
  effectiveUntil?: Date;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MinLength(1)
  @MaxLength(4000)
  conditions?: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MinLength(1)
  @MaxLength(1000)
  legalBasis?: string;

  @Field(() => Boolean, { nullable: true })
  @IsOptional()
  @IsBoolean()
  canSubdelegate?: boolean;

  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID()
  parentDelegationId?: string;

  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID()
  basedOnResolutionId?: string;

  @Field(() => ID, { nullable: true, description: 'The delegation the delegator relies on; it must give the delegator every requested power at occurredAt.' })
  @IsOptional()
  @IsUUID()
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
  @Field(() => [String], { nullable: true })
  @IsOptional()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_POWERS)
  @IsString({ each: true })
  @MaxLength(MAX_POWER_LENGTH, { each: true })
  powers?: string[];

  @Field(() => DateTime, { nullable: true })
  @IsOptional()
  @IsDate()
  effectiveUntil?: Date;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MinLength(1)
  @MaxLength(4000)
  conditions?: string;
}

@InputType()
export class DelegationFilter {
  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID()
  delegatorId?: string;

  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID()
  delegateId?: string;

  @Field(() => DelegationStatusEnum, { nullable: true, description: 'Own status, judged at asOf (default now).' })
  @IsOptional()
  @IsEnum(DELEGATION_STATUSES)
  status?: ReadableStatus;

  @Field(() => String, { nullable: true, description: 'Holds this power (at activeAt when given), ignoring ي/ی, ك/ک, ZWNJ and spacing.' })
  @IsOptional()
  @MinLength(1)
  @MaxLength(MAX_POWER_LENGTH)
  power?: string;

  @Field(() => DateTime, { nullable: true, description: 'Only those in force at this effective time (their whole chain active and their period begun), as the records stood at asOf.' })
  @IsOptional()
  @IsDate()
  activeAt?: Date;

  @Field(() => String, { nullable: true, description: 'Matches powers, conditions and legal basis.' })
  @IsOptional()
  @MaxLength(300)
  text?: string;
}

@ArgsType()
export class AuthorityArgs {
  @Field(() => ID)
  @IsUUID()
  organizationId: string;

  @Field()
  @MinLength(1)
  @MaxLength(MAX_POWER_LENGTH)
  power: string;

  @Field(() => DateTime, { description: 'Effective time: which acts had taken effect, and which periods had begun.' })
  @IsDate()
  at: Date;

  @Field(() => DateTime, { nullable: true, description: 'Recorded time: only what had been recorded by then counts. Default now.' })
  @IsOptional()
  @IsDate()
  asOf?: Date;
}
