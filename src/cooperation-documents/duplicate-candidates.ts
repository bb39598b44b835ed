import leven from 'leven';
import { foldLetters, normalizeForSearch } from '../core/persian-text';
import { OPEN_STATUSES, type CooperationDocumentStatus } from './cooperation-document';

/** Titles at least this similar (1 − Levenshtein distance ÷ longer length, after Persian folding) count as the same. */
export const TITLE_SIMILARITY_THRESHOLD = 0.85;

/** What a registration says that matters for the duplicate rule. */
export interface DocumentToMatch {
  provinceId: string;
  counterpartCountry: string;
  title: string;
  subjects: readonly string[];
}

export interface ExistingDocument extends DocumentToMatch {
  documentId: string;
  status: CooperationDocumentStatus;
}

/** 1 for equal titles, 0 for nothing in common; compared as a clerk reads them, not as they were typed. */
export const titleSimilarity = (a: string, b: string): number => {
  const left = foldLetters(a);
  const right = foldLetters(b);
  const longer = Math.max(left.length, right.length);
  if (longer === 0) return 0;
  return 1 - leven(left, right) / longer;
};

export const sharedSubjects = (a: readonly string[], b: readonly string[]): string[] => {
  const theirs = new Set(b.map(normalizeForSearch));
  return [...new Set(a.map(normalizeForSearch))].filter((subject) => subject !== '' && theirs.has(subject));
};

/**
 * The documents a registration would duplicate: in force (not terminated, not superseded), of the
 * same province and counterpart country, and sharing a subject or carrying a near-identical title.
 */
export const duplicateCandidates = <D extends ExistingDocument>(registration: DocumentToMatch, existing: readonly D[]): D[] =>
  existing.filter(
    (document) =>
      OPEN_STATUSES.includes(document.status) &&
      document.provinceId === registration.provinceId &&
      document.counterpartCountry.toUpperCase() === registration.counterpartCountry.toUpperCase() &&
      (sharedSubjects(registration.subjects, document.subjects).length > 0 ||
        titleSimilarity(registration.title, document.title) >= TITLE_SIMILARITY_THRESHOLD),
  );
