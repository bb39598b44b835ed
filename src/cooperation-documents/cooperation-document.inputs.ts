import { Field, ID, InputType } from 'type-graphql';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsBoolean,
  IsDate,
  IsEnum,
  IsISO31661Alpha2,
  IsString,
  IsUUID,
  MaxLength,
  MinLength,
} from 'class-validator';
import { IdField, OptionalField } from '../graphql/input-fields';
import { CommandInput, CommandOn } from '../graphql/command-input';
import { DateTime } from '../graphql/scalars';
import {
  COOPERATION_DOCUMENT_STATUSES,
  DOCUMENT_TYPES,
  REVIEW_STATUSES,
  type CooperationDocumentStatus,
  type DocumentType,
  type ReviewStatus,
} from './cooperation-document';
import { CooperationDocumentStatusEnum, DocumentTypeEnum, ReviewStatusEnum } from './cooperation-document.types';

const COUNTRY = { message: 'counterpartCountry must be an ISO 3166-1 alpha-2 code' };
const MAX_SUBJECTS = 50;
const MAX_SUBJECT_LENGTH = 200;

/** What every command on an existing cooperation document names. */
const CooperationDocumentCommandInput = CommandOn('documentId');

@InputType()
export class RegisterCooperationDocumentInput extends CommandInput {
  @IdField({ description: 'An organization of kind PROVINCE.' })
  provinceId: string;

  @Field({ description: 'ISO 3166-1 alpha-2, e.g. "TR".' })
  @IsISO31661Alpha2(COUNTRY)
  counterpartCountry: string;

  @OptionalField(() => String)
  @MinLength(1)
  @MaxLength(300)
  counterpartName?: string;

  @Field()
  @MinLength(1)
  @MaxLength(500)
  title: string;

  @Field(() => DocumentTypeEnum)
  @IsEnum(DOCUMENT_TYPES)
  documentType: DocumentType;

  @Field(() => [String], { description: 'At least one.' })
  @ArrayMinSize(1, { message: 'name at least one subject' })
  @ArrayMaxSize(MAX_SUBJECTS)
  @IsString({ each: true })
  @MinLength(1, { each: true })
  @MaxLength(MAX_SUBJECT_LENGTH, { each: true })
  subjects: string[];

  @Field(() => DateTime, { description: 'Not in the future.' })
  @IsDate()
  signedAt: Date;

  @OptionalField(() => [ID], {
    description: 'To register a suspected duplicate anyway: every candidate DUPLICATE_SUSPECTED named, with a justification.',
  })
  @ArrayMaxSize(100)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  acknowledgeDuplicateOf?: string[];

  @OptionalField(() => String, { description: 'Why the suspected duplicate is registered anyway; recorded with the event.' })
  @MinLength(1)
  @MaxLength(2000)
  justification?: string;
}

@InputType({ description: "A registration's document fields: which documents in force would it collide with?" })
export class DuplicateCandidatesInput {
  @IdField()
  provinceId: string;

  @Field()
  @IsISO31661Alpha2(COUNTRY)
  counterpartCountry: string;

  @Field()
  @MinLength(1)
  @MaxLength(500)
  title: string;

  @Field(() => [String])
  @ArrayMinSize(1, { message: 'name at least one subject' })
  @ArrayMaxSize(MAX_SUBJECTS)
  @IsString({ each: true })
  @MinLength(1, { each: true })
  @MaxLength(MAX_SUBJECT_LENGTH, { each: true })
  subjects: string[];

  // Accepted so a client can ask with the registration form as it stands; they do not affect the match.
  @OptionalField(() => String)
  @MaxLength(300)
  counterpartName?: string;

  @OptionalField(() => DocumentTypeEnum)
  @IsEnum(DOCUMENT_TYPES)
  documentType?: DocumentType;

  @OptionalField(() => DateTime)
  @IsDate()
  signedAt?: Date;
}

@InputType()
export class ReviewCooperationDocumentInput extends CooperationDocumentCommandInput {
  @Field(() => ReviewStatusEnum, { description: 'ACTIVE and DORMANT may be reviewed again; TERMINATED is final.' })
  @IsEnum(REVIEW_STATUSES)
  status: ReviewStatus;

  @OptionalField(() => String)
  @MinLength(1)
  @MaxLength(4000)
  finding?: string;
}

@InputType()
export class SupersedeCooperationDocumentInput extends CooperationDocumentCommandInput {
  @IdField({ description: 'A document in force, of the same province.' })
  supersededById: string;
}

@InputType()
export class CooperationDocumentFilter {
  @IdField({ nullable: true })
  provinceId?: string;

  @OptionalField(() => String)
  @IsISO31661Alpha2(COUNTRY)
  counterpartCountry?: string;

  @OptionalField(() => CooperationDocumentStatusEnum)
  @IsEnum(COOPERATION_DOCUMENT_STATUSES)
  status?: CooperationDocumentStatus;

  @OptionalField(() => DocumentTypeEnum)
  @IsEnum(DOCUMENT_TYPES)
  documentType?: DocumentType;

  @OptionalField(() => String, {
    description: 'Matches title, counterpart name and subjects, ignoring ي/ی, ك/ک, digits, and a ZWNJ, a space or nothing between Persian letters.',
  })
  @MaxLength(300)
  text?: string;

  @OptionalField(() => Boolean, {
    description:
      'true: documents in force (unreviewed, active, dormant) whose last review — or signing, if never reviewed — is more than REVIEW_OVERDUE_DAYS before now (or asOf). false: documents in force that are not overdue. Terminated and superseded documents owe no review and match neither.',
  })
  @IsBoolean()
  reviewOverdue?: boolean;
}
