import { deciderOf, type Command } from '../core/decider';
import { DuplicateSuspected, InvalidTransition, NotFound, ValidationFailed, invalidField, type FieldProblem } from '../core/errors';
import { normalizeForSearch } from '../core/persian-text';
import type { OrganizationKind, OrganizationStatus } from '../organizations/organization';
import {
  OPEN_STATUSES,
  evolve,
  initialState,
  type CooperationDocument,
  type CooperationDocumentEvent,
  type CooperationDocumentRegistered,
  type CooperationDocumentReviewed,
  type CooperationDocumentStatus,
  type CooperationDocumentSuperseded,
  type DocumentType,
  type ReviewStatus,
} from './cooperation-document';

/** What the caller found of the named province in the organizations read model (null: no such organization). */
export interface ProvinceLookup {
  kind: OrganizationKind;
  status: OrganizationStatus;
  dissolvedAt?: string;
}

export type RegisterCooperationDocument = Command<
  'RegisterCooperationDocument',
  {
    documentId: string;
    provinceId: string;
    counterpartCountry: string;
    counterpartName?: string;
    title: string;
    documentType: DocumentType;
    subjects: string[];
    signedAt: string;
    acknowledgeDuplicateOf?: string[];
    justification?: string;
    province: ProvinceLookup | null;
    /** Ids of the documents in force that this one would duplicate, found by `duplicateCandidates`. */
    duplicateCandidateIds: string[];
  }
>;

export type ReviewCooperationDocument = Command<
  'ReviewCooperationDocument',
  { documentId: string; status: ReviewStatus; finding?: string }
>;

export type SupersedeCooperationDocument = Command<
  'SupersedeCooperationDocument',
  {
    documentId: string;
    supersededById: string;
    /** The replacement as the read model has it (null: no such document). */
    replacement: { provinceId: string; status: CooperationDocumentStatus } | null;
  }
>;

export type CooperationDocumentCommand =
  | RegisterCooperationDocument
  | ReviewCooperationDocument
  | SupersedeCooperationDocument;

/** Times arrive as ISO strings of varying precision: compare the instants, not the text. */
const isBefore = (a: string, b: string): boolean => Date.parse(a) < Date.parse(b);

const assertProvince = (provinceId: string, signedAt: string, province: ProvinceLookup | null): void => {
  if (!province) throw invalidField('provinceId', `no organization ${provinceId}`);
  if (province.kind !== 'PROVINCE') throw invalidField('provinceId', `${provinceId} is a ${province.kind}, not a PROVINCE`);
  // A province dissolved later may still have its earlier documents put on record.
  if (province.status === 'DISSOLVED' && province.dissolvedAt !== undefined && !isBefore(signedAt, province.dissolvedAt))
    throw invalidField('provinceId', `${provinceId} was dissolved before the document was signed`);
};

const subjectProblems = (subjects: string[]): FieldProblem[] => {
  const folded = subjects.map(normalizeForSearch);
  const problems: FieldProblem[] = [];
  if (folded.length === 0) problems.push({ field: 'subjects', message: 'name at least one subject' });
  if (folded.some((subject) => subject === '')) problems.push({ field: 'subjects', message: 'a subject may not be blank' });
  if (new Set(folded).size !== folded.length)
    problems.push({ field: 'subjects', message: 'a subject is named twice (Persian and Arabic letter forms count as the same)' });
  return problems;
};

/**
 * A suspected duplicate passes only when the clerk names every candidate and says why: anything
 * less is refused with the candidates, so the clerk sees exactly what the registration collides with.
 */
const acknowledgedDuplicates = (data: RegisterCooperationDocument['data']): string[] | undefined => {
  const acknowledged = data.acknowledgeDuplicateOf ?? [];
  const candidates = data.duplicateCandidateIds;
  const strangers = acknowledged.filter((id) => !candidates.includes(id));
  if (strangers.length)
    throw invalidField('acknowledgeDuplicateOf', `not a suspected duplicate of this document: ${strangers.join(', ')}`);
  if (acknowledged.length === 0 && data.justification !== undefined)
    throw invalidField('justification', 'a justification is recorded only with acknowledgeDuplicateOf');
  const unacknowledged = candidates.filter((id) => !acknowledged.includes(id));
  if (unacknowledged.length)
    throw new DuplicateSuspected(
      `the document may duplicate ${candidates.length} document(s) in force; to register it anyway, name all of them in acknowledgeDuplicateOf with a justification`,
      candidates,
    );
  if (candidates.length === 0) return undefined;
  if (!normalizeForSearch(data.justification ?? ''))
    throw invalidField('justification', 'acknowledging a suspected duplicate needs a justification');
  return candidates;
};

export const registerCooperationDocument = (
  command: RegisterCooperationDocument,
  state: CooperationDocument,
): CooperationDocumentRegistered => {
  if (state.status !== 'None') throw new InvalidTransition('cooperation document already registered', state.status);
  const { province, duplicateCandidateIds: _candidates, acknowledgeDuplicateOf: _acknowledged, justification, ...data } = command.data;
  assertProvince(data.provinceId, data.signedAt, province);
  if (isBefore(command.metadata.now, data.signedAt)) throw invalidField('signedAt', 'signedAt may not be in the future');
  const problems = subjectProblems(data.subjects);
  if (!normalizeForSearch(data.title)) problems.push({ field: 'title', message: 'the title may not be blank' });
  if (problems.length) throw new ValidationFailed('cooperation document is not valid', problems);
  const acknowledgedDuplicateOf = acknowledgedDuplicates(command.data);
  return {
    type: 'CooperationDocumentRegistered',
    data: {
      ...data,
      counterpartCountry: data.counterpartCountry.toUpperCase(),
      ...(acknowledgedDuplicateOf && { acknowledgedDuplicateOf, justification: justification!.trim() }),
    },
  };
};

export const reviewCooperationDocument = (
  command: ReviewCooperationDocument,
  state: CooperationDocument,
): CooperationDocumentReviewed => {
  if (state.status === 'None') throw new NotFound('cooperation document', command.data.documentId);
  if (state.status === 'TERMINATED') throw new InvalidTransition('a terminated document is not reviewed again', state.status);
  if (state.status === 'SUPERSEDED')
    throw new InvalidTransition(`the document was superseded by ${state.supersededById}: review that one`, state.status);
  const reviewedAt = command.metadata.occurredAt;
  if (isBefore(reviewedAt, state.signedAt)) throw invalidField('occurredAt', 'a review cannot precede the signing of the document');
  // Reviews stay in order, so "the last review" is also the latest one.
  if (state.lastReviewedAt !== undefined && isBefore(reviewedAt, state.lastReviewedAt))
    throw invalidField('occurredAt', `the document was last reviewed at ${state.lastReviewedAt}, after this review`);
  return {
    type: 'CooperationDocumentReviewed',
    data: {
      documentId: command.data.documentId,
      status: command.data.status,
      ...(command.data.finding !== undefined && { finding: command.data.finding }),
      reviewedAt,
      previousStatus: state.status,
    },
  };
};

export const supersedeCooperationDocument = (
  command: SupersedeCooperationDocument,
  state: CooperationDocument,
): CooperationDocumentSuperseded => {
  const { documentId, supersededById, replacement } = command.data;
  if (state.status === 'None') throw new NotFound('cooperation document', documentId);
  if (state.status === 'SUPERSEDED')
    throw new InvalidTransition(`the document was already superseded by ${state.supersededById}`, state.status);
  if (state.status === 'TERMINATED') throw new InvalidTransition('a terminated document is no longer in force to be superseded', state.status);
  if (supersededById === documentId) throw invalidField('supersededById', 'a document cannot supersede itself');
  if (!replacement) throw invalidField('supersededById', `no cooperation document ${supersededById}`);
  if (replacement.provinceId !== state.provinceId)
    throw invalidField('supersededById', 'a document can only be superseded by a document of the same province');
  if (!OPEN_STATUSES.includes(replacement.status))
    throw invalidField('supersededById', `${supersededById} is ${replacement.status}: it is not in force to replace another`);
  return {
    type: 'CooperationDocumentSuperseded',
    data: { documentId, supersededById, supersededAt: command.metadata.occurredAt, previousStatus: state.status },
  };
};

export const cooperationDocumentDecider = deciderOf<CooperationDocument, CooperationDocumentCommand, CooperationDocumentEvent>(initialState, evolve, {
  RegisterCooperationDocument: registerCooperationDocument,
  ReviewCooperationDocument: reviewCooperationDocument,
  SupersedeCooperationDocument: supersedeCooperationDocument,
});
