import { Field, ID, InputType, Int } from 'type-graphql';
import { IsDate, IsEnum, IsInt, IsOptional, IsUUID, Matches, Max, MaxLength, Min, MinLength } from 'class-validator';
import { CommandInput, CommandOn, requireReason } from '../graphql/command-input';
import { DateTime } from '../graphql/scalars';
import { RESOLUTION_STATUSES, type ResolutionStatus } from './resolution';
import { ResolutionStatusEnum } from './resolution.types';
import { NOT_BLANK } from '../graphql/text-rules';

const TITLE_MAX = 500;
const TEXT_MAX = 20_000;
const NOTE_MAX = 4_000;
/** Some non-space character: a title of spaces or ZWNJs alone says nothing. */
const notBlank = (field: string) => Matches(NOT_BLANK, { message: `${field} must not be blank` });

/** What every command on an existing resolution names. */
const ResolutionCommandInput = CommandOn('resolutionId');

@InputType()
export class ProposeResolutionInput extends CommandInput {
  @Field()
  @MaxLength(TITLE_MAX)
  @notBlank('title')
  title: string;

  @Field()
  @MaxLength(TEXT_MAX)
  @notBlank('text')
  text: string;

  @Field(() => ID, { nullable: true, description: 'The meeting it was proposed at.' })
  @IsOptional()
  @IsUUID()
  meetingId?: string;

  @Field(() => ID, {
    nullable: true,
    description: "The meeting's PROPOSED_RESOLUTION outcome it is drawn from (needs meetingId).",
  })
  @IsOptional()
  @IsUUID()
  fromOutcomeId?: string;
}

@InputType()
export class AmendResolutionInput extends ResolutionCommandInput {
  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(TITLE_MAX)
  @notBlank('title')
  title?: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(TEXT_MAX)
  @notBlank('text')
  text?: string;
}

@InputType()
export class AdoptResolutionInput extends ResolutionCommandInput {
  @Field(() => ID, { nullable: true, description: 'The organization that adopts it; required with underDelegationId.' })
  @IsOptional()
  @IsUUID()
  adoptedById?: string;

  @Field(() => ID, {
    nullable: true,
    description: 'The delegation the adopting organization relies on: it must give that organization `power` at occurredAt.',
  })
  @IsOptional()
  @IsUUID()
  underDelegationId?: string;

  @Field(() => String, { nullable: true, description: 'The power the adoption needs from underDelegationId (required with it).' })
  @IsOptional()
  @MinLength(1)
  @MaxLength(200)
  power?: string;
}

@InputType()
export class RejectResolutionInput extends ResolutionCommandInput {
  declare reason: string;
}
requireReason(RejectResolutionInput, 'Why it was rejected; recorded with the event.', notBlank('reason'));

@InputType()
export class WithdrawResolutionInput extends ResolutionCommandInput {
  declare reason: string;
}
requireReason(WithdrawResolutionInput, 'Why it was withdrawn; recorded with the event.', notBlank('reason'));

@InputType()
export class ReferResolutionInput extends ResolutionCommandInput {
  @Field(() => ID, { description: 'The body it is referred to; a resolution may be referred to several.' })
  @IsUUID()
  toOrganizationId: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(NOTE_MAX)
  @notBlank('note')
  note?: string;
}

@InputType()
export class AssignResolutionInput extends ResolutionCommandInput {
  @Field(() => ID)
  @IsUUID()
  responsibleOrganizationId: string;

  @Field(() => DateTime, { nullable: true, description: 'Deadline; not before the adoption.' })
  @IsOptional()
  @IsDate()
  dueDate?: Date;
}

@InputType()
export class RecordResolutionProgressInput extends ResolutionCommandInput {
  @Field()
  @MaxLength(NOTE_MAX)
  @notBlank('note')
  note: string;

  @Field(() => Int, { nullable: true, description: '0–100, never below the last percent reported.' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(100)
  percent?: number;
}

@InputType()
export class MarkResolutionImplementedInput extends ResolutionCommandInput {
  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(NOTE_MAX)
  @notBlank('note')
  note?: string;
}

@InputType()
export class SupersedeResolutionInput extends ResolutionCommandInput {
  @Field(() => ID, { description: 'The adopted resolution that takes its place.' })
  @IsUUID()
  supersededById: string;
}

@InputType()
export class ResolutionFilter {
  @Field(() => ResolutionStatusEnum, { nullable: true })
  @IsOptional()
  @IsEnum(RESOLUTION_STATUSES)
  status?: ResolutionStatus;

  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID()
  meetingId?: string;

  @Field(() => ID, { nullable: true, description: 'Referred to this organization (among others).' })
  @IsOptional()
  @IsUUID()
  referredToId?: string;

  @Field(() => ID, { nullable: true, description: 'This organization is responsible for carrying it out.' })
  @IsOptional()
  @IsUUID()
  responsibleId?: string;

  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID()
  fromOutcomeId?: string;

  @Field(() => String, { nullable: true, description: 'Matches title and text, ignoring ي/ی, ك/ک, digits and ZWNJ.' })
  @IsOptional()
  @MaxLength(300)
  text?: string;
}
