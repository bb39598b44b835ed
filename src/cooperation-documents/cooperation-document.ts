import type { Event } from '../core/event';
import { appended } from '../core/grown-list';

export const COOPERATION_DOCUMENT_CATEGORY = 'cooperationDocument';

export const DOCUMENT_TYPES = ['MOU', 'AGREEMENT', 'PROTOCOL', 'OTHER'] as const;
export type DocumentType = (typeof DOCUMENT_TYPES)[number];

/** What a review may find a document to be. */
export const REVIEW_STATUSES = ['ACTIVE', 'DORMANT', 'TERMINATED'] as const;
export type ReviewStatus = (typeof REVIEW_STATUSES)[number];

export const COOPERATION_DOCUMENT_STATUSES = ['UNREVIEWED', ...REVIEW_STATUSES, 'SUPERSEDED'] as const;
export type CooperationDocumentStatus = (typeof COOPERATION_DOCUMENT_STATUSES)[number];

/** Still in force as far as the records know: these owe periodic reviews and can be duplicated. */
export const OPEN_STATUSES: readonly CooperationDocumentStatus[] = ['UNREVIEWED', 'ACTIVE', 'DORMANT'];

export type CooperationDocumentRegistered = Event<
  'CooperationDocumentRegistered',
  {
    documentId: string;
    provinceId: string;
    /** ISO 3166-1 alpha-2, upper case. */
    counterpartCountry: string;
    counterpartName?: string;
    title: string;
    documentType: DocumentType;
    subjects: string[];
    signedAt: string;
    /** Present only when the clerk passed a suspected duplicate: every candidate, acknowledged. */
    acknowledgedDuplicateOf?: string[];
    justification?: string;
  }
>;

export type CooperationDocumentReviewed = Event<
  'CooperationDocumentReviewed',
  {
    documentId: string;
    status: ReviewStatus;
    finding?: string;
    reviewedAt: string;
    previousStatus: CooperationDocumentStatus;
  }
>;

export type CooperationDocumentSuperseded = Event<
  'CooperationDocumentSuperseded',
  { documentId: string; supersededById: string; supersededAt: string; previousStatus: CooperationDocumentStatus }
>;

export type CooperationDocumentEvent =
  | CooperationDocumentRegistered
  | CooperationDocumentReviewed
  | CooperationDocumentSuperseded;

export interface DocumentReview {
  status: ReviewStatus;
  finding?: string;
  reviewedAt: string;
}

export type RegisteredCooperationDocument = {
  status: CooperationDocumentStatus;
  documentId: string;
  provinceId: string;
  counterpartCountry: string;
  counterpartName?: string;
  title: string;
  documentType: DocumentType;
  subjects: string[];
  signedAt: string;
  acknowledgedDuplicateOf?: string[];
  justification?: string;
  reviews: DocumentReview[];
  lastReviewedAt?: string;
  /**
   * Where the review clock counts from: the last review, or the signing while there has been none
   * (an old MoU registered today has gone unreviewed since it was signed, not since today).
   * Null once the document is terminated or superseded: it owes no more reviews.
   */
  reviewClockFrom: string | null;
  supersededById?: string;
  supersededAt?: string;
};

export type CooperationDocument = { status: 'None' } | RegisteredCooperationDocument;

export const initialState = (): CooperationDocument => ({ status: 'None' });

export const evolve = (state: CooperationDocument, event: CooperationDocumentEvent): CooperationDocument => {
  switch (event.type) {
    case 'CooperationDocumentRegistered':
      return {
        status: 'UNREVIEWED',
        ...event.data,
        subjects: [...event.data.subjects],
        reviews: [],
        reviewClockFrom: event.data.signedAt,
      };
    case 'CooperationDocumentReviewed': {
      if (state.status === 'None') return state;
      const { status, finding, reviewedAt } = event.data;
      return {
        ...state,
        status,
        reviews: appended(state.reviews, { status, reviewedAt, ...(finding !== undefined && { finding }) }),
        lastReviewedAt: reviewedAt,
        reviewClockFrom: status === 'TERMINATED' ? null : reviewedAt,
      };
    }
    case 'CooperationDocumentSuperseded':
      if (state.status === 'None') return state;
      return {
        ...state,
        status: 'SUPERSEDED',
        supersededById: event.data.supersededById,
        supersededAt: event.data.supersededAt,
        reviewClockFrom: null,
      };
    default:
      return state;
  }
};
