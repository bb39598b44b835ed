import { CommandPayload } from '../graphql/command-payload';
import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import {
  COOPERATION_DOCUMENT_STATUSES,
  DOCUMENT_TYPES,
  REVIEW_STATUSES,
  type CooperationDocumentStatus,
  type DocumentType,
  type ReviewStatus,
} from './cooperation-document';
import { Connection } from '../graphql/connection';
import { DateTime } from '../graphql/scalars';
import { enumOf } from '../graphql/enum-of';
import { JALALI_DESCRIPTION, toJalali, toJalaliOrNull } from '../graphql/jalali';
import type { CooperationDocumentDocument } from './cooperation-documents.projection';

export const DocumentTypeEnum = enumOf(DOCUMENT_TYPES);
registerEnumType(DocumentTypeEnum, { name: 'CooperationDocumentType' });

export const CooperationDocumentStatusEnum = enumOf(COOPERATION_DOCUMENT_STATUSES);
registerEnumType(CooperationDocumentStatusEnum, {
  name: 'CooperationDocumentStatus',
  description: 'UNREVIEWED until the first review; SUPERSEDED once another document replaces it.',
});

export const ReviewStatusEnum = enumOf(REVIEW_STATUSES);
registerEnumType(ReviewStatusEnum, { name: 'CooperationDocumentReviewStatus' });

@ObjectType({ simpleResolvers: true })
export class CooperationDocumentReview {
  @Field(() => ReviewStatusEnum)
  status: ReviewStatus;

  @Field(() => String, { nullable: true })
  finding: string | null;

  @Field(() => DateTime)
  reviewedAt: string;

  @Field({ description: JALALI_DESCRIPTION })
  get reviewedAtJalali(): string {
    return toJalali(this.reviewedAt);
  }
}

@ObjectType({ simpleResolvers: true })
export class CooperationDocument {
  @Field(() => ID)
  id: string;

  @Field(() => Int, { description: "The stream's revision: 0 after the first event." })
  version: number;

  @Field(() => ID)
  provinceId: string;

  @Field({ description: 'ISO 3166-1 alpha-2 of the foreign counterpart.' })
  counterpartCountry: string;

  @Field(() => String, { nullable: true })
  counterpartName: string | null;

  @Field()
  title: string;

  @Field(() => DocumentTypeEnum)
  documentType: DocumentType;

  @Field(() => [String])
  subjects: string[];

  @Field(() => DateTime)
  signedAt: string;

  @Field({ description: JALALI_DESCRIPTION })
  get signedAtJalali(): string {
    return toJalali(this.signedAt);
  }

  @Field(() => CooperationDocumentStatusEnum)
  status: CooperationDocumentStatus;

  @Field(() => DateTime, { nullable: true })
  lastReviewedAt: string | null;

  @Field(() => String, { nullable: true, description: JALALI_DESCRIPTION })
  get lastReviewedAtJalali(): string | null {
    return toJalaliOrNull(this.lastReviewedAt);
  }

  @Field(() => String, { nullable: true, description: "The last review's finding." })
  lastFinding: string | null;

  @Field(() => [CooperationDocumentReview], { description: 'Oldest first.' })
  reviews: CooperationDocumentReview[];

  @Field(() => DateTime, {
    nullable: true,
    description:
      'Where the review clock counts from: the last review, or the signing if never reviewed. Null when no review is owed (terminated or superseded).',
  })
  reviewClockFrom: string | null;

  @Field(() => String, { nullable: true, description: JALALI_DESCRIPTION })
  get reviewClockFromJalali(): string | null {
    return toJalaliOrNull(this.reviewClockFrom);
  }

  @Field(() => ID, { nullable: true })
  supersededById: string | null;

  @Field(() => DateTime, { nullable: true })
  supersededAt: string | null;

  @Field(() => String, { nullable: true, description: JALALI_DESCRIPTION })
  get supersededAtJalali(): string | null {
    return toJalaliOrNull(this.supersededAt);
  }

  @Field(() => [ID], { nullable: true, description: 'The suspected duplicates the clerk acknowledged at registration.' })
  acknowledgedDuplicateOf: string[] | null;

  @Field(() => String, { nullable: true, description: 'Why the clerk registered it despite the suspected duplicates.' })
  justification: string | null;

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
}

export const toCooperationDocument = (doc: CooperationDocumentDocument): CooperationDocument => {
  const { state } = doc;
  const lastReview = state.reviews[state.reviews.length - 1];
  return Object.assign(new CooperationDocument(), {
    id: doc.id,
    version: doc.version,
    provinceId: state.provinceId,
    counterpartCountry: state.counterpartCountry,
    counterpartName: state.counterpartName ?? null,
    title: state.title,
    documentType: state.documentType,
    subjects: state.subjects,
    signedAt: state.signedAt,
    status: state.status,
    lastReviewedAt: state.lastReviewedAt ?? null,
    lastFinding: lastReview?.finding ?? null,
    reviews: state.reviews.map((review) =>
      Object.assign(new CooperationDocumentReview(), { ...review, finding: review.finding ?? null }),
    ),
    reviewClockFrom: state.reviewClockFrom,
    supersededById: state.supersededById ?? null,
    supersededAt: state.supersededAt ?? null,
    acknowledgedDuplicateOf: state.acknowledgedDuplicateOf ?? null,
    justification: state.justification ?? null,
    createdAt: doc.createdAt,
    updatedAt: doc.updatedAt,
  });
};

@ObjectType({ simpleResolvers: true })
export class CooperationDocumentConnection extends Connection(CooperationDocument, 'CooperationDocument') {}

@ObjectType({ simpleResolvers: true })
export class CooperationDocumentPayload extends CommandPayload {
  @Field(() => CooperationDocument)
  cooperationDocument: CooperationDocument;
}
