import { Field, ID, InputType } from 'type-graphql';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsDate,
  IsEnum,
  IsUUID,
  Matches,
  MaxLength,
  MinLength,
  registerDecorator,
  type ValidationArguments,
} from 'class-validator';
import { IdField, OptionalField } from '../graphql/input-fields';
import { CommandInput, CommandOn, requireReason } from '../graphql/command-input';
import { DateTime } from '../graphql/scalars';
import {
  MEETING_STATUSES,
  OUTCOME_KINDS,
  PARTICIPANT_ROLES,
  type MeetingStatus,
  type OutcomeKind,
  type ParticipantRole,
} from './meeting';
import { MeetingStatusEnum, OutcomeKindEnum, ParticipantRoleEnum } from './meeting.types';
import { NOT_BLANK } from '../graphql/text-rules';

const TITLE_MAX = 500;
const NAME_MAX = 300;
const TEXT_MAX = 20_000;

/**
 * A date that must come after another field of the same input (or not before it, with `orEqual`).
 * Only checked when both are given: the decider checks the stored value against the new one.
 */
const IsLaterThan =
  (property: string, options: { orEqual?: boolean } = {}) =>
  (target: object, propertyName: string) =>
    registerDecorator({
      name: 'isLaterThan',
      target: target.constructor,
      propertyName,
      constraints: [property],
      options: { message: `${propertyName} must be ${options.orEqual ? 'on or ' : ''}after ${property}` },
      validator: {
        validate: (value: unknown, args: ValidationArguments) => {
          const other = (args.object as Record<string, unknown>)[property];
          if (!(value instanceof Date) || !(other instanceof Date)) return true;
          return options.orEqual ? value.getTime() >= other.getTime() : value.getTime() > other.getTime();
        },
      },
    });

/** What every command on an existing meeting names. */
const MeetingCommandInput = CommandOn('meetingId');

@InputType()
export class ScheduleMeetingInput extends CommandInput {
  @Field()
  @MinLength(1)
  @MaxLength(TITLE_MAX)
  @Matches(NOT_BLANK, { message: 'title must not be blank' })
  title: string;

  @Field()
  @MinLength(1)
  @MaxLength(NAME_MAX)
  @Matches(NOT_BLANK, { message: 'location must not be blank' })
  location: string;

  @Field(() => DateTime)
  @IsDate()
  scheduledStart: Date;

  @OptionalField(() => DateTime)
  @IsDate()
  @IsLaterThan('scheduledStart')
  scheduledEnd?: Date;

  @IdField({ nullable: true })
  regionalGroupId?: string;

  @OptionalField(() => String, { description: 'Who chairs the meeting (a person, as the report names them).' })
  @MinLength(1)
  @MaxLength(NAME_MAX)
  chair?: string;

  @IdField({ nullable: true })
  hostOrganizationId?: string;
}

@InputType()
export class RescheduleMeetingInput extends MeetingCommandInput {
  @OptionalField(() => DateTime)
  @IsDate()
  scheduledStart?: Date;

  @OptionalField(() => DateTime)
  @IsDate()
  @IsLaterThan('scheduledStart')
  scheduledEnd?: Date;

  @OptionalField(() => String)
  @MinLength(1)
  @MaxLength(NAME_MAX)
  @Matches(NOT_BLANK, { message: 'location must not be blank' })
  location?: string;
}

@InputType()
export class AddParticipantInput extends MeetingCommandInput {
  @IdField()
  organizationId: string;

  @Field(() => ParticipantRoleEnum)
  @IsEnum(PARTICIPANT_ROLES)
  role: ParticipantRole;

  @OptionalField(() => String)
  @MinLength(1)
  @MaxLength(NAME_MAX)
  @Matches(NOT_BLANK, { message: 'personName must not be blank' })
  personName?: string;

  @OptionalField(() => String)
  @MinLength(1)
  @MaxLength(NAME_MAX)
  title?: string;
}

@InputType()
export class RemoveParticipantInput extends MeetingCommandInput {
  @IdField()
  participantId: string;
}

@InputType()
export class OpenMeetingInput extends MeetingCommandInput {}

@InputType()
export class ApproveMeetingSummaryInput extends MeetingCommandInput {}

@InputType()
export class CloseMeetingInput extends MeetingCommandInput {}

@InputType()
export class CancelMeetingInput extends MeetingCommandInput {
  declare reason: string;
}
requireReason(
  CancelMeetingInput,
  'Why the meeting was cancelled; recorded with the event.',
  MinLength(1),
  Matches(NOT_BLANK, { message: 'reason must not be blank' }),
);

@InputType()
export class FormWorkingGroupInput extends MeetingCommandInput {
  @Field()
  @MinLength(1)
  @MaxLength(NAME_MAX)
  @Matches(NOT_BLANK, { message: 'title must not be blank' })
  title: string;

  @OptionalField(() => String)
  @MinLength(1)
  @MaxLength(2000)
  topic?: string;

  @OptionalField(() => [ID])
  @ArrayMaxSize(500)
  @ArrayUnique({ message: 'memberParticipantIds names a participant twice' })
  @IsUUID('all', { each: true })
  memberParticipantIds?: string[];
}

@InputType()
export class RecordOutcomeInput extends MeetingCommandInput {
  @Field(() => OutcomeKindEnum)
  @IsEnum(OUTCOME_KINDS)
  kind: OutcomeKind;

  @Field()
  @MinLength(1)
  @MaxLength(TEXT_MAX)
  @Matches(NOT_BLANK, { message: 'text must not be blank' })
  text: string;

  @IdField({ nullable: true })
  workingGroupId?: string;
}

@InputType()
export class AmendOutcomeInput extends MeetingCommandInput {
  @IdField()
  outcomeId: string;

  @Field()
  @MinLength(1)
  @MaxLength(TEXT_MAX)
  @Matches(NOT_BLANK, { message: 'text must not be blank' })
  text: string;
}

@InputType()
export class WithdrawOutcomeInput extends MeetingCommandInput {
  @IdField()
  outcomeId: string;
}

@InputType()
export class MeetingFilter {
  @OptionalField(() => MeetingStatusEnum)
  @IsEnum(MEETING_STATUSES)
  status?: MeetingStatus;

  @IdField({ nullable: true })
  regionalGroupId?: string;

  @OptionalField(() => DateTime, { description: 'Meetings scheduled to start at or after this time.' })
  @IsDate()
  from?: Date;

  @OptionalField(() => DateTime, { description: 'Meetings scheduled to start at or before this time.' })
  @IsDate()
  @IsLaterThan('from', { orEqual: true })
  to?: Date;

  @OptionalField(() => String, {
    description: 'Matches title, location and outcome texts, ignoring ي/ی, ك/ک, digit forms, and a ZWNJ, a space or nothing between Persian letters.',
  })
  @MaxLength(NAME_MAX)
  text?: string;
}
