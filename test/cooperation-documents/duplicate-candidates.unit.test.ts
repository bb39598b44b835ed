import {
  TITLE_SIMILARITY_THRESHOLD,
  duplicateCandidates,
  sharedSubjects,
  titleSimilarity,
  type DocumentToMatch,
  type ExistingDocument,
} from '../../src/cooperation-documents/duplicate-candidates';

const ZWNJ = '\u200c';

describe('duplicateCandidates', () => {
  it('finds a document of the same province and country that shares a subject', () => {
    expect(ids(duplicateCandidates(registration({ subjects: ['ترانزیت', 'گردشگری'] }), [tourismMou]))).toEqual(['tourism']);
  });

  it('compares subjects after folding Arabic yeh and kaf, ZWNJ and Persian digits', () => {
    const existing = existingDocument({ documentId: 'folded', subjects: [`همکاری${ZWNJ}های بانکی ۱۴۰۲`], title: 'سند الف' });
    // Arabic kaf and yeh, no ZWNJ, ASCII digits: as the seed report and many keyboards write it.
    const typedDifferently = registration({ subjects: ['همكاريهاي بانكي 1402'], title: 'سند ب' });
    expect(ids(duplicateCandidates(typedDifferently, [existing]))).toEqual(['folded']);
  });

  it('finds a near-identical title even when no subject is shared', () => {
    const existing = existingDocument({ documentId: 'titled', title: 'یادداشت تفاهم همکاری اقتصادی استان آذربایجان شرقی و نخجوان', subjects: ['انرژی'] });
    const retyped = registration({ title: 'يادداشت تفاهم همكاري اقتصادي استان آذربايجان‌شرقي و نخجوان.', subjects: ['کشاورزی'] });
    expect(titleSimilarity(retyped.title, existing.title)).toBeGreaterThanOrEqual(TITLE_SIMILARITY_THRESHOLD);
    expect(ids(duplicateCandidates(retyped, [existing]))).toEqual(['titled']);
  });

  it('does not take different titles and subjects for a duplicate', () => {
    const existing = existingDocument({ title: 'تفاهم‌نامه گردشگری سلامت', subjects: ['گردشگری سلامت'] });
    const other = registration({ title: 'موافقت‌نامه حمل و نقل ریلی', subjects: ['حمل و نقل ریلی'] });
    expect(titleSimilarity(other.title, existing.title)).toBeLessThan(TITLE_SIMILARITY_THRESHOLD);
    expect(duplicateCandidates(other, [existing])).toEqual([]);
  });

  it('ignores terminated and superseded documents', () => {
    const same = { title: tourismMou.title, subjects: tourismMou.subjects };
    const existing = [
      existingDocument({ documentId: 'ended', status: 'TERMINATED', ...same }),
      existingDocument({ documentId: 'replaced', status: 'SUPERSEDED', ...same }),
      existingDocument({ documentId: 'dormant', status: 'DORMANT', ...same }),
      existingDocument({ documentId: 'unreviewed', status: 'UNREVIEWED', ...same }),
      existingDocument({ documentId: 'active', status: 'ACTIVE', ...same }),
    ];
    expect(ids(duplicateCandidates(registration(same), existing))).toEqual(['dormant', 'unreviewed', 'active']);
  });

  it('ignores documents of another province or another counterpart country', () => {
    const same = { title: tourismMou.title, subjects: tourismMou.subjects };
    const existing = [
      existingDocument({ documentId: 'other-province', provinceId: 'province-2', ...same }),
      existingDocument({ documentId: 'other-country', counterpartCountry: 'AM', ...same }),
      existingDocument({ documentId: 'same', counterpartCountry: 'tr', ...same }),
    ];
    expect(ids(duplicateCandidates(registration(same), existing))).toEqual(['same']);
  });
});

describe('titleSimilarity', () => {
  it('is 1 for titles that differ only in letter forms, digits and ZWNJ', () =>
    expect(titleSimilarity('تفاهم‌نامه شماره ۱۲', 'تفاهمنامه شماره 12')).toBe(1));

  it('draws the line at 85%: three edits in twenty letters match, four do not', () => {
    const title = 'تفاهمنامه همکاری سبز';
    expect(title).toHaveLength(20);
    const threeEdits = 'تفاهمنامه همکاری کمد';
    const fourEdits = 'پفاهمنامه همکاری کمد';
    expect(titleSimilarity(title, threeEdits)).toBeCloseTo(0.85);
    expect(duplicateCandidates(registration({ title: threeEdits }), [existingDocument({ title })])).toHaveLength(1);
    expect(titleSimilarity(title, fourEdits)).toBeCloseTo(0.8);
    expect(duplicateCandidates(registration({ title: fourEdits }), [existingDocument({ title })])).toHaveLength(0);
  });

  it('is 0 for blank titles rather than a match', () => expect(titleSimilarity(ZWNJ, ' ')).toBe(0));
});

describe('sharedSubjects', () => {
  it('names each shared subject once, folded', () =>
    expect(sharedSubjects(['صادرات', 'صادرات غیرنفتی', 'صادرات'], ['صادرات'])).toEqual(['صادرات']));
});

const registration = (overrides: Partial<DocumentToMatch> = {}): DocumentToMatch => ({
  provinceId: 'province-1',
  counterpartCountry: 'TR',
  title: 'تفاهم‌نامه جدید',
  subjects: ['موضوعی دیگر'],
  ...overrides,
});

const existingDocument = (overrides: Partial<ExistingDocument> = {}): ExistingDocument => ({
  documentId: 'doc',
  status: 'ACTIVE',
  provinceId: 'province-1',
  counterpartCountry: 'TR',
  title: 'سند موجود',
  subjects: ['موضوع موجود'],
  ...overrides,
});

const tourismMou = existingDocument({
  documentId: 'tourism',
  title: 'تفاهم‌نامه توسعه گردشگری',
  subjects: ['گردشگری', 'صنایع دستی'],
});

const ids = (documents: ExistingDocument[]) => documents.map((document) => document.documentId);
