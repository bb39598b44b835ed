import { Field, ID, InputType, Int } from 'type-graphql';
import { IsDate, IsEnum, IsInt, IsUUID, Matches, Max, MaxLength, Min, MinLength } from 'class-validator';
import { IdField, OptionalField } from '../graphql/input-fields';
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

  @IdField({ nullable: true, description: 'The meeting it was proposed at.' })
  meetingId?: string;

  @OptionalField(() => ID, {
    description: "The meeting's PROPOSED_RESOLUTION outcome it is drawn from (needs meetingId).",
  })
  @IsUUID()
  fromOutcomeId?: string;
}

@InputType()
export class AmendResolutionInput extends ResolutionCommandInput {
  @OptionalField(() => String)
  @MaxLength(TITLE_MAX)
  @notBlank('title')
  title?: string;

  @OptionalField(() => String)
  @MaxLength(TEXT_MAX)
  @notBlank('text')
  text?: string;
}

@InputType()
export class AdoptResolutionInput extends ResolutionCommandInput {
  @IdField({ nullable: true, description: 'The organization that adopts it; required with underDelegationId.' })
  adoptedById?: string;

  @OptionalField(() => ID, {
    description: 'The delegation the adopting organization relies on: it must give that organization `power` at occurredAt.',
  })
  @IsUUID()
  underDelegationId?: string;

  @OptionalField(() => String, { description: 'The power the adoption needs from underDelegationId (required with it).' })
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
  @IdField({ description: 'The body it is referred to; a resolution may be referred to several.' })
  toOrganizationId: string;

  @OptionalField(() => String)
  @MaxLength(NOTE_MAX)
  @notBlank('note')
  note?: string;
}

@InputType()
export class AssignResolutionInput extends ResolutionCommandInput {
  @IdField()
  responsibleOrganizationId: string;

  @OptionalField(() => DateTime, { description: 'Deadline; not before the adoption.' })
  @IsDate()
  dueDate?: Date;
}

@InputType()
export class RecordResolutionProgressInput extends ResolutionCommandInput {
  @Field()
  @MaxLength(NOTE_MAX)
  @notBlank('note')
  note: string;

  @OptionalField(() => Int, { description: '0–100, never below the last percent reported.' })
  @IsInt()
  @Min(0)
  @Max(100)
  percent?: number;
}

@InputType()
export class MarkResolutionImplementedInput extends ResolutionCommandInput {
  @OptionalField(() => String)
  @MaxLength(NOTE_MAX)
  @notBlank('note')
  note?: string;
}

@InputType()
export class SupersedeResolutionInput extends ResolutionCommandInput {
  @IdField({ description: 'The adopted resolution that takes its place.' })
  supersededById: string;
}

@InputType()
export class ResolutionFilter {
  @OptionalField(() => ResolutionStatusEnum)
  @IsEnum(RESOLUTION_STATUSES)
  status?: ResolutionStatus;

  @IdField({ nullable: true })
  meetingId?: string;

  @IdField({ nullable: true, description: 'Referred to this organization (among others).' })
  referredToId?: string;

  @IdField({ nullable: true, description: 'This organization is responsible for carrying it out.' })
  responsibleId?: string;

  @IdField({ nullable: true })
  fromOutcomeId?: string;

  @OptionalField(() => String, { description: 'Matches title and text, ignoring ي/ی, ك/ک, digits, and a ZWNJ, a space or nothing between Persian letters.' })
  @MaxLength(300)
  text?: string;
}
