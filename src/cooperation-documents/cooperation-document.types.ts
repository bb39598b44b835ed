import { Field, ID, ObjectType } from 'type-graphql';
import {
  COOPERATION_DOCUMENT_STATUSES,
  DOCUMENT_TYPES,
  REVIEW_STATUSES,
  type CooperationDocumentStatus,
  type DocumentType,
  type ReviewStatus,
} from './cooperation-document';
import { Connection } from '../graphql/connection';
import { Payload } from '../graphql/payload';
import { DateTimeField } from '../graphql/date-time-field';
import { EntityView, entityView } from '../graphql/entity-view';
import { graphQLEnum } from '../graphql/enum-of';
import type { CooperationDocumentDocument } from './cooperation-documents.projection';
import { Node } from '../graphql/node';
import type { ReadPoint } from '../graphql/read-point';

export const DocumentTypeEnum = graphQLEnum(DOCUMENT_TYPES, 'CooperationDocumentType');
export const CooperationDocumentStatusEnum = graphQLEnum(
  COOPERATION_DOCUMENT_STATUSES,
  'CooperationDocumentStatus',
  'UNREVIEWED until the first review; SUPERSEDED once another document replaces it.',
);
export const ReviewStatusEnum = graphQLEnum(REVIEW_STATUSES, 'CooperationDocumentReviewStatus');

@ObjectType({ simpleResolvers: true })
export class CooperationDocumentReview {
  @Field(() => ReviewStatusEnum)
  status: ReviewStatus;

  @Field(() => String, { nullable: true })
  finding: string | null;

  @DateTimeField()
  reviewedAt: string;
}

@ObjectType({ simpleResolvers: true, implements: Node })
export class CooperationDocument extends EntityView {
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

  @DateTimeField()
  signedAt: string;

  @Field(() => CooperationDocumentStatusEnum)
  status: CooperationDocumentStatus;

  @DateTimeField({ nullable: true })
  lastReviewedAt: string | null;

  @Field(() => String, { nullable: true, description: "The last review's finding." })
  lastFinding: string | null;

  @Field(() => [CooperationDocumentReview], { description: 'Oldest first.' })
  reviews: CooperationDocumentReview[];

  @DateTimeField({
    nullable: true,
    description:
      'Where the review clock counts from: the last review, or the signing if never reviewed. Null when no review is owed (terminated or superseded).',
  })
  reviewClockFrom: string | null;

  @Field(() => ID, { nullable: true })
  supersededById: string | null;

  @DateTimeField({ nullable: true })
  supersededAt: string | null;

  @Field(() => [ID], { nullable: true, description: 'The suspected duplicates the clerk acknowledged at registration.' })
  acknowledgedDuplicateOf: string[] | null;

  @Field(() => String, { nullable: true, description: 'Why the clerk registered it despite the suspected duplicates.' })
  justification: string | null;
}

export const toCooperationDocument = (doc: CooperationDocumentDocument, point: ReadPoint = {}): CooperationDocument => {
  const { state } = doc;
  const lastReview = state.reviews[state.reviews.length - 1];
  return entityView(CooperationDocument, doc, {
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
  }, point);
};

@ObjectType({ simpleResolvers: true })
export class CooperationDocumentConnection extends Connection(CooperationDocument, 'CooperationDocument') {}

@ObjectType({ simpleResolvers: true })
export class CooperationDocumentPayload extends Payload(CooperationDocument, 'cooperationDocument') {}
