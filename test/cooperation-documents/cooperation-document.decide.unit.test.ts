import {
  cooperationDocumentDecider,
  type CooperationDocumentCommand,
  type RegisterCooperationDocument,
} from '../../src/cooperation-documents/cooperation-document.decide';
import {
  evolve,
  initialState,
  type CooperationDocumentRegistered,
  type CooperationDocumentReviewed,
  type CooperationDocumentSuperseded,
} from '../../src/cooperation-documents/cooperation-document';
import { fold } from '../../src/core/decider';
import { DuplicateSuspected, InvalidTransition, NotFound, ValidationFailed } from '../../src/core/errors';
import { DeciderSpecification, metadata } from '../support/decider-spec';

const spec = DeciderSpecification.for(cooperationDocumentDecider);
const documentId = '0190c8a0-0000-7000-8000-0000000000d1';
const replacementId = '0190c8a0-0000-7000-8000-0000000000d2';
const earlierId = '0190c8a0-0000-7000-8000-0000000000d3';
const otherEarlierId = '0190c8a0-0000-7000-8000-0000000000d4';
const provinceId = '0190c8a0-0000-7000-8000-0000000000a1';

describe('CooperationDocument', () => {
  describe('registering', () => {
    it('registers an MoU of a province, unreviewed, with the country in upper case', () =>
      spec
        .given([])
        .when(register({ counterpartCountry: 'tr' }))
        .then([registered]));

    it('refuses a second registration of the same document', () =>
      spec.given([registered]).when(register()).thenThrows(InvalidTransition, { state: 'UNREVIEWED' }));

    it('refuses a province that does not exist', () =>
      spec.given([]).when(register({ province: null })).thenThrows(ValidationFailed, { fields: [field('provinceId')] }));

    it('refuses an organization that is not a province', () =>
      spec
        .given([])
        .when(register({ province: { kind: 'FOREIGN_MISSION', status: 'ACTIVE' } }))
        .thenThrows(ValidationFailed, { fields: [field('provinceId')] }));

    it('refuses a province dissolved before the signing', () =>
      spec
        .given([])
        .when(register({ province: { kind: 'PROVINCE', status: 'DISSOLVED', dissolvedAt: '2020-01-01T00:00:00.000Z' } }))
        .thenThrows(ValidationFailed, { fields: [field('provinceId')] }));

    it('puts on record a document a since-dissolved province signed while it existed', () =>
      spec
        .given([])
        .when(register({ province: { kind: 'PROVINCE', status: 'DISSOLVED', dissolvedAt: '2026-01-01T00:00:00.000Z' } }))
        .thenMatches([{ type: 'CooperationDocumentRegistered' }]));

    it('refuses a signing date in the future', () =>
      spec
        .given([])
        .when(register({ signedAt: '2026-11-28T00:00:00.000Z' }))
        .thenThrows(ValidationFailed, { fields: [field('signedAt')] }));

    it('accepts a document signed at the very moment it is registered', () =>
      spec.given([]).when(register({ signedAt: NOW })).then([{ ...registered, data: { ...registered.data, signedAt: NOW } }]));

    it('refuses a list without subjects', () =>
      spec.given([]).when(register({ subjects: [] })).thenThrows(ValidationFailed, { fields: [field('subjects')] }));

    it('refuses a subject that is blank once ZWNJ and spaces are folded away', () =>
      spec.given([]).when(register({ subjects: ['گردشگری', '\u200c '] })).thenThrows(ValidationFailed, { fields: [field('subjects')] }));

    it('refuses the same subject twice in Arabic and Persian letter forms', () =>
      spec
        .given([])
        .when(register({ subjects: ['صادرات غیرنفتی', 'صادرات غيرنفتي'] }))
        .thenThrows(ValidationFailed, { fields: [field('subjects')] }));

    it('refuses a blank title', () =>
      spec.given([]).when(register({ title: '\u200c' })).thenThrows(ValidationFailed, { fields: [field('title')] }));
  });

  describe('a suspected duplicate', () => {
    it('is refused with every candidate named', () =>
      spec
        .given([])
        .when(register({ duplicateCandidateIds: [earlierId, otherEarlierId] }))
        .thenThrows(DuplicateSuspected, { candidates: [earlierId, otherEarlierId] }));

    it('is refused when only some candidates are acknowledged', () =>
      spec
        .given([])
        .when(
          register({
            duplicateCandidateIds: [earlierId, otherEarlierId],
            acknowledgeDuplicateOf: [earlierId],
            justification: 'دلیل',
          }),
        )
        .thenThrows(DuplicateSuspected, { candidates: [earlierId, otherEarlierId] }));

    it('is refused when every candidate is acknowledged without a justification', () =>
      spec
        .given([])
        .when(register({ duplicateCandidateIds: [earlierId], acknowledgeDuplicateOf: [earlierId] }))
        .thenThrows(ValidationFailed, { fields: [field('justification')] }));

    it('is refused when the justification is only whitespace', () =>
      spec
        .given([])
        .when(register({ duplicateCandidateIds: [earlierId], acknowledgeDuplicateOf: [earlierId], justification: ' \u200c ' }))
        .thenThrows(ValidationFailed, { fields: [field('justification')] }));

    it('is registered when every candidate is acknowledged with a justification, which the event records', () =>
      spec
        .given([])
        .when(
          register({
            duplicateCandidateIds: [earlierId, otherEarlierId],
            acknowledgeDuplicateOf: [otherEarlierId, earlierId],
            justification: '  سند قبلی فقط گردشگری را پوشش می‌داد  ',
          }),
        )
        .then([
          {
            type: 'CooperationDocumentRegistered',
            data: {
              ...registered.data,
              acknowledgedDuplicateOf: [earlierId, otherEarlierId],
              justification: 'سند قبلی فقط گردشگری را پوشش می‌داد',
            },
          },
        ]));

    it('refuses acknowledging a document that is not a candidate', () =>
      spec
        .given([])
        .when(register({ duplicateCandidateIds: [earlierId], acknowledgeDuplicateOf: [earlierId, replacementId], justification: 'x' }))
        .thenThrows(ValidationFailed, { fields: [field('acknowledgeDuplicateOf')] }));

    it('refuses acknowledging duplicates when there are none', () =>
      spec
        .given([])
        .when(register({ acknowledgeDuplicateOf: [earlierId], justification: 'x' }))
        .thenThrows(ValidationFailed, { fields: [field('acknowledgeDuplicateOf')] }));

    it('refuses a justification that acknowledges nothing', () =>
      spec.given([]).when(register({ justification: 'x' })).thenThrows(ValidationFailed, { fields: [field('justification')] }));
  });

  describe('reviewing', () => {
    it('reviews an unreviewed document as active, with the finding and the business time', () =>
      spec.given([registered]).when(review('ACTIVE', 'در حال اجرا', { occurredAt: '2024-06-01T00:00:00.000Z' })).then([reviewedActive]));

    it('reviews an active document again (a periodic review restarts the clock)', () =>
      spec
        .given([registered, reviewedActive])
        .when(review('ACTIVE'))
        .then([
          {
            type: 'CooperationDocumentReviewed',
            data: { documentId, status: 'ACTIVE', reviewedAt: NOW, previousStatus: 'ACTIVE' },
          },
        ]));

    it('reviews a dormant document back to active', () =>
      spec
        .given([registered, reviewedDormant])
        .when(review('ACTIVE'))
        .then([{ type: 'CooperationDocumentReviewed', data: { documentId, status: 'ACTIVE', reviewedAt: NOW, previousStatus: 'DORMANT' } }]));

    it('terminates a document', () =>
      spec
        .given([registered, reviewedActive])
        .when(review('TERMINATED', 'طرف مقابل خاتمه داد'))
        .then([
          {
            type: 'CooperationDocumentReviewed',
            data: { documentId, status: 'TERMINATED', finding: 'طرف مقابل خاتمه داد', reviewedAt: NOW, previousStatus: 'ACTIVE' },
          },
        ]));

    it('refuses reviewing a document that was never registered', () =>
      spec.given([]).when(review('ACTIVE')).thenThrows(NotFound, { entity: 'cooperation document', id: documentId }));

    it('refuses reviewing a terminated document again', () =>
      spec.given([registered, terminated]).when(review('ACTIVE')).thenThrows(InvalidTransition, { state: 'TERMINATED' }));

    it('refuses reviewing a superseded document', () =>
      spec.given([registered, superseded]).when(review('ACTIVE')).thenThrows(InvalidTransition, { state: 'SUPERSEDED' }));

    it('refuses a review dated before the signing', () =>
      spec
        .given([registered])
        .when(review('ACTIVE', undefined, { occurredAt: '2022-01-01T00:00:00.000Z' }))
        .thenThrows(ValidationFailed, { fields: [field('occurredAt')] }));

    it('refuses a review dated before the last review', () =>
      spec
        .given([registered, reviewedActive])
        .when(review('DORMANT', undefined, { occurredAt: '2024-01-01T00:00:00.000Z' }))
        .thenThrows(ValidationFailed, { fields: [field('occurredAt')] }));
  });

  describe('superseding', () => {
    it('supersedes a document by another of the same province', () =>
      spec.given([registered, reviewedActive]).when(supersede()).then([{ ...superseded, data: { ...superseded.data, previousStatus: 'ACTIVE' } }]));

    it('supersedes an unreviewed document', () =>
      spec.given([registered]).when(supersede()).then([superseded]));

    it('refuses superseding a document that was never registered', () =>
      spec.given([]).when(supersede()).thenThrows(NotFound));

    it('refuses superseding a document by itself', () =>
      spec
        .given([registered])
        .when(supersede({ supersededById: documentId, replacement: { provinceId, status: 'UNREVIEWED' } }))
        .thenThrows(ValidationFailed, { fields: [field('supersededById')] }));

    it('refuses a replacement that does not exist', () =>
      spec.given([registered]).when(supersede({ replacement: null })).thenThrows(ValidationFailed, { fields: [field('supersededById')] }));

    it('refuses a replacement of another province', () =>
      spec
        .given([registered])
        .when(supersede({ replacement: { provinceId: '0190c8a0-0000-7000-8000-0000000000a2', status: 'ACTIVE' } }))
        .thenThrows(ValidationFailed, { fields: [field('supersededById')] }));

    it.each(['TERMINATED', 'SUPERSEDED'] as const)('refuses a %s replacement', (status) =>
      spec
        .given([registered])
        .when(supersede({ replacement: { provinceId, status } }))
        .thenThrows(ValidationFailed, { fields: [field('supersededById')] }));

    it('refuses superseding a document twice', () =>
      spec.given([registered, superseded]).when(supersede()).thenThrows(InvalidTransition, { state: 'SUPERSEDED' }));

    it('refuses superseding a terminated document', () =>
      spec.given([registered, terminated]).when(supersede()).thenThrows(InvalidTransition, { state: 'TERMINATED' }));
  });

  describe('state', () => {
    it('counts the review clock from the signing until the first review, then from the last review', () => {
      const afterRegistration = fold(evolve, initialState(), [registered]);
      expect(afterRegistration).toMatchObject({ status: 'UNREVIEWED', reviewClockFrom: SIGNED_AT, reviews: [] });
      const afterReviews = fold(evolve, initialState(), [registered, reviewedActive, reviewedDormant]);
      expect(afterReviews).toMatchObject({
        status: 'DORMANT',
        lastReviewedAt: reviewedDormant.data.reviewedAt,
        reviewClockFrom: reviewedDormant.data.reviewedAt,
        reviews: [
          { status: 'ACTIVE', finding: 'در حال اجرا', reviewedAt: reviewedActive.data.reviewedAt },
          { status: 'DORMANT', reviewedAt: reviewedDormant.data.reviewedAt },
        ],
      });
    });

    it('stops the review clock once terminated', () =>
      expect(fold(evolve, initialState(), [registered, terminated])).toMatchObject({ status: 'TERMINATED', reviewClockFrom: null }));

    it('stops the review clock once superseded', () =>
      expect(fold(evolve, initialState(), [registered, superseded])).toMatchObject({
        status: 'SUPERSEDED',
        supersededById: replacementId,
        reviewClockFrom: null,
      }));
  });
});

const NOW = '2026-11-27T08:00:00.000Z';
const SIGNED_AT = '2023-05-10T00:00:00.000Z';

const field = (name: string) => ({ field: name, message: expect.any(String) });

const command = (partial: Omit<CooperationDocumentCommand, 'metadata'>, meta = {}): CooperationDocumentCommand =>
  ({ ...partial, metadata: metadata({ now: NOW, occurredAt: NOW, ...meta }) }) as CooperationDocumentCommand;

const register = (data: Partial<RegisterCooperationDocument['data']> = {}) =>
  command({
    type: 'RegisterCooperationDocument',
    data: {
      documentId,
      provinceId,
      counterpartCountry: 'TR',
      counterpartName: 'استانداری وان',
      title: 'تفاهم‌نامه همکاری گردشگری',
      documentType: 'MOU',
      subjects: ['گردشگری', 'صنایع دستی'],
      signedAt: SIGNED_AT,
      province: { kind: 'PROVINCE', status: 'ACTIVE' },
      duplicateCandidateIds: [],
      ...data,
    },
  });

const review = (status: 'ACTIVE' | 'DORMANT' | 'TERMINATED', finding?: string, meta = {}) =>
  command({ type: 'ReviewCooperationDocument', data: { documentId, status, ...(finding !== undefined && { finding }) } }, meta);

const supersede = (data: Partial<Extract<CooperationDocumentCommand, { type: 'SupersedeCooperationDocument' }>['data']> = {}) =>
  command({
    type: 'SupersedeCooperationDocument',
    data: { documentId, supersededById: replacementId, replacement: { provinceId, status: 'UNREVIEWED' }, ...data },
  });

const registered: CooperationDocumentRegistered = {
  type: 'CooperationDocumentRegistered',
  data: {
    documentId,
    provinceId,
    counterpartCountry: 'TR',
    counterpartName: 'استانداری وان',
    title: 'تفاهم‌نامه همکاری گردشگری',
    documentType: 'MOU',
    subjects: ['گردشگری', 'صنایع دستی'],
    signedAt: SIGNED_AT,
  },
};
const reviewedActive: CooperationDocumentReviewed = {
  type: 'CooperationDocumentReviewed',
  data: { documentId, status: 'ACTIVE', finding: 'در حال اجرا', reviewedAt: '2024-06-01T00:00:00.000Z', previousStatus: 'UNREVIEWED' },
};
const reviewedDormant: CooperationDocumentReviewed = {
  type: 'CooperationDocumentReviewed',
  data: { documentId, status: 'DORMANT', reviewedAt: '2025-06-01T00:00:00.000Z', previousStatus: 'ACTIVE' },
};
const terminated: CooperationDocumentReviewed = {
  type: 'CooperationDocumentReviewed',
  data: { documentId, status: 'TERMINATED', reviewedAt: '2025-06-01T00:00:00.000Z', previousStatus: 'UNREVIEWED' },
};
const superseded: CooperationDocumentSuperseded = {
  type: 'CooperationDocumentSuperseded',
  data: { documentId, supersededById: replacementId, supersededAt: NOW, previousStatus: 'UNREVIEWED' },
};
