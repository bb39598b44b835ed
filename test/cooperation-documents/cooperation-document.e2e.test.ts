import { startTestServer, type TestServer } from '../support/test-server';
import { eventCount, registerOrganization, sendRefused, UNKNOWN_ID } from '../support/graphql-helpers';

const DAY_MS = 24 * 60 * 60 * 1000;
const daysAgo = (days: number) => new Date(Date.now() - days * DAY_MS).toISOString();
// The suite runs with a 30-day review period, so "overdue" is reachable with plausible dates.
const REVIEW_OVERDUE_DAYS = 30;

const DOCUMENT_FIELDS = `
  id entityId version provinceId province { id name kind } counterpartCountry counterpartName title documentType subjects signedAt
  status lastReviewedAt lastFinding reviews { status finding reviewedAt } reviewClockFrom reviewDueAt
  supersededById supersededBy { id } supersedes { id } acknowledgedDuplicateOf justification createdAt updatedAt`;

const REGISTER = `mutation ($input: RegisterCooperationDocumentInput!) {
  registerCooperationDocument(input: $input) {
    cooperationDocument { ${DOCUMENT_FIELDS} }
    events { type revision streamId occurredAt actor { id name role } data }
    position
  }
}`;

const REVIEW = `mutation ($input: ReviewCooperationDocumentInput!) {
  reviewCooperationDocument(input: $input) {
    cooperationDocument { ${DOCUMENT_FIELDS} }
    events { type revision data }
    position
  }
}`;

const SUPERSEDE = `mutation ($input: SupersedeCooperationDocumentInput!) {
  supersedeCooperationDocument(input: $input) {
    cooperationDocument { ${DOCUMENT_FIELDS} }
    events { type revision data }
    position
  }
}`;

const DOCUMENT = `query ($id: ID!, $asOf: DateTime, $atPosition: String, $consistentWith: String) {
  cooperationDocument(id: $id, asOf: $asOf, atPosition: $atPosition, consistentWith: $consistentWith) {
    ${DOCUMENT_FIELDS}
    history { totalCount edges { node { type revision } } }
  }
}`;

const DOCUMENTS = `query ($filter: CooperationDocumentFilter, $asOf: DateTime, $atPosition: String, $first: Int) {
  cooperationDocuments(filter: $filter, asOf: $asOf, atPosition: $atPosition, first: $first) {
    totalCount
    edges { node { id entityId title status } }
  }
}`;

const CANDIDATES = `query ($input: DuplicateCandidatesInput!) { duplicateCandidates(input: $input) { id title status } }`;

describe('cooperation documents over GraphQL', () => {
  let server: TestServer;
  let eastAzerbaijan: string;
  let westAzerbaijan: string;
  let mission: string;

  const documentInput = (overrides: Record<string, unknown> = {}) => ({
    provinceId: eastAzerbaijan,
    counterpartCountry: 'TR',
    counterpartName: 'استانداری وان',
    title: 'تفاهم‌نامه همکاری گردشگری',
    documentType: 'MOU',
    subjects: ['گردشگری'],
    signedAt: '2019-04-10T00:00:00.000Z',
    ...overrides,
  });

  const register = async (overrides: Record<string, unknown> = {}, token?: string) =>
    (await server.ok(REGISTER, { input: documentInput(overrides) }, token)).registerCooperationDocument;

  const review = async (input: Record<string, unknown>) => (await server.ok(REVIEW, { input })).reviewCooperationDocument;

  /** The refusal's code and extensions, after checking that it appended nothing. */
  const refused = async (query: string, variables: Record<string, unknown>, token?: string) => {
    const result = await sendRefused(server, query, variables, token);
    expect(result.errors).toHaveLength(1);
    return result.errors![0].extensions;
  };

  const ids = (connection: { edges: { node: { entityId: string } }[] }) => connection.edges.map((edge) => edge.node.entityId).sort();

  beforeAll(async () => {
    server = await startTestServer({ REVIEW_OVERDUE_DAYS: String(REVIEW_OVERDUE_DAYS) });
    eastAzerbaijan = await registerOrganization(server, 'PROVINCE', 'استان آذربایجان شرقی', 'IR');
    westAzerbaijan = await registerOrganization(server, 'PROVINCE', 'استان آذربایجان غربی', 'IR');
    mission = await registerOrganization(server, 'FOREIGN_MISSION', 'سرکنسولگری در وان', 'TR');
  });
  afterAll(() => server.stop());

  it('registers a document in Persian, unreviewed, and reads it back by id, by folded text and after a restart', async () => {
    const payload = await register({
      counterpartCountry: 'am',
      counterpartName: 'استان سیونیک',
      title: 'یادداشت تفاهم همکاری‌های اقتصادی ۱۳۹۸',
      documentType: 'AGREEMENT',
      subjects: ['صادرات غیرنفتی', 'سرمایه‌گذاری خارجی'],
    });
    const document = payload.cooperationDocument;
    expect(document).toMatchObject({
      version: 0,
      provinceId: eastAzerbaijan,
      province: { id: eastAzerbaijan, name: 'استان آذربایجان شرقی', kind: 'PROVINCE' },
      counterpartCountry: 'AM',
      counterpartName: 'استان سیونیک',
      title: 'یادداشت تفاهم همکاری‌های اقتصادی ۱۳۹۸',
      documentType: 'AGREEMENT',
      subjects: ['صادرات غیرنفتی', 'سرمایه‌گذاری خارجی'],
      signedAt: '2019-04-10T00:00:00.000Z',
      status: 'UNREVIEWED',
      lastReviewedAt: null,
      lastFinding: null,
      reviews: [],
      reviewClockFrom: '2019-04-10T00:00:00.000Z',
      reviewDueAt: new Date(Date.parse('2019-04-10T00:00:00.000Z') + REVIEW_OVERDUE_DAYS * DAY_MS).toISOString(),
      supersededById: null,
      acknowledgedDuplicateOf: null,
      justification: null,
    });
    expect(payload.events).toEqual([
      expect.objectContaining({
        type: 'CooperationDocumentRegistered',
        revision: 0,
        streamId: `cooperationDocument-${document.id}`,
        actor: { id: 'clerk-1', name: 'منشی یکم', role: 'CLERK' },
      }),
    ]);
    expect(payload.events[0].data).not.toHaveProperty('acknowledgedDuplicateOf');

    // Arabic yeh and kaf, no ZWNJ, ASCII digits: as clerks and the seed report type them.
    const found = await server.ok(DOCUMENTS, { filter: { text: 'همكاريهاي اقتصادي 1398' } });
    expect(ids(found.cooperationDocuments)).toEqual([document.id]);
    const bySubject = await server.ok(DOCUMENTS, { filter: { text: 'سرمايهگذاري', counterpartCountry: 'am' } });
    expect(ids(bySubject.cooperationDocuments)).toEqual([document.id]);

    await server.restart();
    const reread = await server.ok(DOCUMENT, { id: document.id });
    expect(reread.cooperationDocument).toMatchObject({ ...document, history: { totalCount: 1 } });
  });

  describe('duplicate control', () => {
    it('refuses a suspected duplicate with its candidates, appends nothing, then registers it acknowledged with a justification', async () => {
      const earlier = (await register({ counterpartCountry: 'AZ', subjects: ['گردشگری سلامت', 'صنایع دستی'], title: 'سند گردشگری' }))
        .cooperationDocument;
      // The same subject typed with Arabic yeh and kaf, under another title and a lower-case country.
      const duplicate = documentInput({
        counterpartCountry: 'az',
        title: 'موافقت‌نامه جدید',
        subjects: ['گردشگري سلامت', 'حمل و نقل'],
        signedAt: '2024-02-01T00:00:00.000Z',
      });

      const suspected = await refused(REGISTER, { input: duplicate });
      expect(suspected).toMatchObject({ code: 'DUPLICATE_SUSPECTED', candidates: [earlier.id] });

      const asked = await server.ok(CANDIDATES, { input: duplicate });
      expect(asked.duplicateCandidates).toEqual([{ id: earlier.id, title: 'سند گردشگری', status: 'UNREVIEWED' }]);

      const withoutJustification = await refused(REGISTER, { input: { ...duplicate, acknowledgeDuplicateOf: [earlier.id] } });
      expect(withoutJustification).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ field: 'justification' }] });

      const stranger = await refused(REGISTER, {
        input: { ...duplicate, acknowledgeDuplicateOf: [earlier.id, UNKNOWN_ID], justification: 'دلیل' },
      });
      expect(stranger).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ field: 'acknowledgeDuplicateOf' }] });

      const justification = 'سند قبلی فقط گردشگری سلامت را پوشش می‌دهد؛ این سند حمل و نقل را می‌افزاید';
      const accepted = await register({ ...duplicate, acknowledgeDuplicateOf: [earlier.id], justification });
      expect(accepted.cooperationDocument).toMatchObject({ acknowledgedDuplicateOf: [earlier.id], justification, status: 'UNREVIEWED' });
      expect(accepted.events[0].data).toMatchObject({ acknowledgedDuplicateOf: [earlier.id], justification });

      // A third one now collides with both, and must name both.
      const third = documentInput({ counterpartCountry: 'AZ', title: 'سند سوم', subjects: ['حمل و نقل', 'گردشگری سلامت'] });
      const both = await refused(REGISTER, { input: { ...third, acknowledgeDuplicateOf: [earlier.id], justification: 'x' } });
      expect(both.code).toBe('DUPLICATE_SUSPECTED');
      expect([...both.candidates].sort()).toEqual([earlier.id, accepted.cooperationDocument.id].sort());
    });

    it('takes a near-identical title for a duplicate even without a shared subject', async () => {
      const earlier = (
        await register({ counterpartCountry: 'IQ', title: 'یادداشت تفاهم همکاری استان آذربایجان شرقی و اقلیم کردستان', subjects: ['انرژی'] })
      ).cooperationDocument;
      const retyped = documentInput({
        counterpartCountry: 'IQ',
        title: 'يادداشت تفاهم همكاري استان آذربايجان‌شرقي و اقليم كردستان.',
        subjects: ['کشاورزی'],
      });
      expect(await refused(REGISTER, { input: retyped })).toMatchObject({ code: 'DUPLICATE_SUSPECTED', candidates: [earlier.id] });
    });

    it('does not count documents of another province, another country, or terminated or superseded ones', async () => {
      const subjects = ['ترانزیت کالا'];
      const terminated = (await register({ counterpartCountry: 'RU', subjects, title: 'سند یک' })).cooperationDocument;
      await review({ documentId: terminated.id, status: 'TERMINATED', finding: 'منقضی شده' });
      await register({ provinceId: westAzerbaijan, counterpartCountry: 'RU', subjects, title: 'سند دو' });
      await register({ counterpartCountry: 'GE', subjects: ['ترانزیت کالا'], title: 'سند سه' });
      const candidates = await server.ok(CANDIDATES, {
        input: { provinceId: eastAzerbaijan, counterpartCountry: 'RU', title: 'سند چهار', subjects },
      });
      expect(candidates.duplicateCandidates).toEqual([]);
      const old = (await register({ counterpartCountry: 'RU', subjects, title: 'سند پنج' })).cooperationDocument;
      const replacement = (
        await register({ counterpartCountry: 'RU', subjects, title: 'سند شش', acknowledgeDuplicateOf: [old.id], justification: 'جایگزین' })
      ).cooperationDocument;
      await server.ok(SUPERSEDE, { input: { documentId: old.id, supersededById: replacement.id } });
      const afterSupersede = await server.ok(CANDIDATES, {
        input: { provinceId: eastAzerbaijan, counterpartCountry: 'RU', title: 'سند هفت', subjects },
      });
      expect(afterSupersede.duplicateCandidates.map((doc: { id: string }) => doc.id)).toEqual([replacement.id]);
    });

    it('replays an idempotent registration instead of taking it for a duplicate of itself', async () => {
      const input = documentInput({ counterpartCountry: 'PK', subjects: ['بازارچه مرزی'], idempotencyKey: 'coop-doc-pk-1' });
      const first = (await server.ok(REGISTER, { input })).registerCooperationDocument;
      const before = await eventCount(server);
      const again = (await server.ok(REGISTER, { input })).registerCooperationDocument;
      expect(await eventCount(server)).toBe(before);
      expect(again.cooperationDocument.id).toBe(first.cooperationDocument.id);
      expect(again.events).toEqual(first.events);
      expect(again.position).toBe(first.position);
    });
  });

  describe('reviews', () => {
    it('reviews as active with a finding, then dormant, then terminates; a terminated document is not reviewed again', async () => {
      const { cooperationDocument: document } = await register({ counterpartCountry: 'TM', subjects: ['گاز'] });
      const active = await review({ documentId: document.id, status: 'ACTIVE', finding: 'جلسات منظم برگزار می‌شود', expectedVersion: 0 });
      expect(active.cooperationDocument).toMatchObject({ version: 1, status: 'ACTIVE', lastFinding: 'جلسات منظم برگزار می‌شود' });
      expect(active.events).toEqual([
        expect.objectContaining({ type: 'CooperationDocumentReviewed', revision: 1, data: expect.objectContaining({ previousStatus: 'UNREVIEWED' }) }),
      ]);
      const dormant = await review({ documentId: document.id, status: 'DORMANT' });
      expect(dormant.cooperationDocument).toMatchObject({ status: 'DORMANT', lastFinding: null });
      const ended = await review({ documentId: document.id, status: 'TERMINATED', finding: 'طرف مقابل خاتمه داد' });
      expect(ended.cooperationDocument).toMatchObject({ status: 'TERMINATED', reviewClockFrom: null, reviewDueAt: null });
      expect(ended.cooperationDocument.reviews.map((r: { status: string }) => r.status)).toEqual(['ACTIVE', 'DORMANT', 'TERMINATED']);
      expect(ended.cooperationDocument.reviews[0]).toEqual({
        status: 'ACTIVE',
        finding: 'جلسات منظم برگزار می‌شود',
        reviewedAt: active.cooperationDocument.lastReviewedAt,
      });

      const again = await refused(REVIEW, { input: { documentId: document.id, status: 'ACTIVE' } });
      expect(again).toMatchObject({ code: 'INVALID_TRANSITION', state: 'TERMINATED' });
    });

    it('reports a stale expectedVersion as CONCURRENCY_CONFLICT with both versions', async () => {
      const { cooperationDocument: document } = await register({ counterpartCountry: 'KZ', subjects: ['ریلی'] });
      await review({ documentId: document.id, status: 'ACTIVE', expectedVersion: 0 });
      const stale = await refused(REVIEW, { input: { documentId: document.id, status: 'DORMANT', expectedVersion: 0 } });
      expect(stale).toMatchObject({ code: 'CONCURRENCY_CONFLICT', expectedVersion: 0, actualVersion: 1 });
    });

    it('refuses a review dated before the signing, naming occurredAt', async () => {
      const { cooperationDocument: document } = await register({ counterpartCountry: 'KG', subjects: ['آموزش'] });
      const early = await refused(REVIEW, { input: { documentId: document.id, status: 'ACTIVE', occurredAt: '2018-01-01T00:00:00Z' } });
      expect(early).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ field: 'occurredAt' }] });
    });
  });

  describe('superseding', () => {
    it('marks the old document superseded and links both ways; refuses it twice, itself and another province', async () => {
      const old = (await register({ counterpartCountry: 'TJ', subjects: ['فرهنگ'], title: 'سند قدیم' })).cooperationDocument;
      const replacement = (
        await register({ counterpartCountry: 'TJ', subjects: ['فرهنگ'], title: 'سند جدید', acknowledgeDuplicateOf: [old.id], justification: 'بازنگری سند قدیم' })
      ).cooperationDocument;
      const otherProvince = (await register({ provinceId: westAzerbaijan, counterpartCountry: 'TJ', subjects: ['فرهنگ'] }))
        .cooperationDocument;

      const sameDocument = await refused(SUPERSEDE, { input: { documentId: old.id, supersededById: old.id } });
      expect(sameDocument).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ field: 'supersededById' }] });
      const acrossProvinces = await refused(SUPERSEDE, { input: { documentId: old.id, supersededById: otherProvince.id } });
      expect(acrossProvinces).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ field: 'supersededById' }] });
      const missing = await refused(SUPERSEDE, { input: { documentId: old.id, supersededById: UNKNOWN_ID } });
      expect(missing).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ field: 'supersededById' }] });

      const { supersedeCooperationDocument } = await server.ok(SUPERSEDE, {
        input: { documentId: old.id, supersededById: replacement.id, reason: 'جایگزین شد' },
      });
      expect(supersedeCooperationDocument.cooperationDocument).toMatchObject({
        id: old.id,
        version: 1,
        status: 'SUPERSEDED',
        supersededById: replacement.id,
        supersededBy: { id: replacement.id },
        reviewClockFrom: null,
      });
      expect(supersedeCooperationDocument.events[0]).toMatchObject({
        type: 'CooperationDocumentSuperseded',
        data: { documentId: old.id, supersededById: replacement.id, previousStatus: 'UNREVIEWED' },
      });
      const replaced = await server.ok(DOCUMENT, { id: replacement.id });
      expect(replaced.cooperationDocument.supersedes).toEqual([{ id: old.id }]);
      const superseded = await server.ok(DOCUMENTS, { filter: { counterpartCountry: 'TJ', status: 'SUPERSEDED' } });
      expect(ids(superseded.cooperationDocuments)).toEqual([old.id]);

      const twice = await refused(SUPERSEDE, { input: { documentId: old.id, supersededById: replacement.id } });
      expect(twice).toMatchObject({ code: 'INVALID_TRANSITION', state: 'SUPERSEDED' });
      const reviewSuperseded = await refused(REVIEW, { input: { documentId: old.id, status: 'ACTIVE' } });
      expect(reviewSuperseded).toMatchObject({ code: 'INVALID_TRANSITION', state: 'SUPERSEDED' });
    });
  });

  describe('review overdue', () => {
    it(`lists documents in force whose last review, or signing if never reviewed, is more than ${REVIEW_OVERDUE_DAYS} days old`, async () => {
      const country = 'AF';
      const neverReviewedOld = (await register({ counterpartCountry: country, subjects: ['آب'], title: 'الف', signedAt: daysAgo(45) })).cooperationDocument;
      const signedRecently = (await register({ counterpartCountry: country, subjects: ['برق'], title: 'ب', signedAt: daysAgo(10) })).cooperationDocument;
      const reviewedLongAgo = (await register({ counterpartCountry: country, subjects: ['راه'], title: 'پ', signedAt: daysAgo(200) })).cooperationDocument;
      await review({ documentId: reviewedLongAgo.id, status: 'ACTIVE', occurredAt: daysAgo(40) });
      const reviewedToday = await register({ counterpartCountry: country, subjects: ['بندر'], title: 'ت', signedAt: daysAgo(100) });
      const beforeTodaysReview = reviewedToday.position;
      await review({ documentId: reviewedToday.cooperationDocument.id, status: 'DORMANT' });
      const terminated = (await register({ counterpartCountry: country, subjects: ['ریل'], title: 'ث', signedAt: daysAgo(300) })).cooperationDocument;
      await review({ documentId: terminated.id, status: 'TERMINATED', occurredAt: daysAgo(100) });

      const overdue = await server.ok(DOCUMENTS, { filter: { counterpartCountry: country, reviewOverdue: true } });
      expect(ids(overdue.cooperationDocuments)).toEqual([neverReviewedOld.id, reviewedLongAgo.id].sort());
      const notOverdue = await server.ok(DOCUMENTS, { filter: { counterpartCountry: country, reviewOverdue: false } });
      expect(ids(notOverdue.cooperationDocuments)).toEqual([signedRecently.id, reviewedToday.cooperationDocument.id].sort());

      // As the records stood before today's review, that document too was overdue.
      const before = await server.ok(DOCUMENTS, { filter: { counterpartCountry: country, reviewOverdue: true }, atPosition: beforeTodaysReview });
      expect(ids(before.cooperationDocuments)).toEqual([neverReviewedOld.id, reviewedLongAgo.id, reviewedToday.cooperationDocument.id].sort());

      // Measured at asOf: 25 days on, the document signed 10 days ago has gone 35 days without a review.
      const later = await server.ok(DOCUMENTS, {
        filter: { counterpartCountry: country, reviewOverdue: true },
        asOf: new Date(Date.now() + 25 * DAY_MS).toISOString(),
      });
      expect(ids(later.cooperationDocuments)).toEqual([neverReviewedOld.id, reviewedLongAgo.id, signedRecently.id].sort());
    });
  });

  describe('refusals', () => {
    it('answers NOT_FOUND for an unknown document, to a query and to a review', async () => {
      const query = await server.gql(DOCUMENT, { id: UNKNOWN_ID });
      expect(query.errors?.[0].extensions.code).toBe('NOT_FOUND');
      expect(await refused(REVIEW, { input: { documentId: UNKNOWN_ID, status: 'ACTIVE' } })).toMatchObject({ code: 'NOT_FOUND' });
      expect(await refused(SUPERSEDE, { input: { documentId: UNKNOWN_ID, supersededById: UNKNOWN_ID } })).toMatchObject({
        code: 'NOT_FOUND',
      });
    });

    it.each([
      ['an organization that is not a province', () => ({ provinceId: mission }), 'provinceId'],
      ['an unknown province', () => ({ provinceId: UNKNOWN_ID }), 'provinceId'],
      ['a country that is not ISO 3166-1 alpha-2', () => ({ counterpartCountry: 'Turkey' }), 'counterpartCountry'],
      ['no subjects', () => ({ subjects: [] }), 'subjects'],
      ['a signing date in the future', () => ({ signedAt: new Date(Date.now() + 2 * DAY_MS).toISOString() }), 'signedAt'],
      ['an unknown document type', () => ({ documentType: 'TREATY' }), null],
    ])('refuses %s as BAD_USER_INPUT naming the field', async (_case, overrides, field) => {
      const extensions = await refused(REGISTER, { input: documentInput({ counterpartCountry: 'SY', ...overrides() }) });
      expect(extensions.code).toBe('BAD_USER_INPUT');
      if (field) expect(extensions.fields).toEqual(expect.arrayContaining([expect.objectContaining({ field })]));
    });

    it('lets an auditor read but not register, review or supersede', async () => {
      const { cooperationDocument: document } = await register({ counterpartCountry: 'LB', subjects: ['پزشکی'] });
      const auditor = server.tokens.AUDITOR;
      expect((await refused(REGISTER, { input: documentInput({ counterpartCountry: 'OM' }) }, auditor)).code).toBe('FORBIDDEN');
      expect((await refused(REVIEW, { input: { documentId: document.id, status: 'ACTIVE' } }, auditor)).code).toBe('FORBIDDEN');
      expect((await refused(SUPERSEDE, { input: { documentId: document.id, supersededById: document.id } }, auditor)).code).toBe(
        'FORBIDDEN',
      );
      const read = await server.gql(DOCUMENT, { id: document.id }, auditor);
      expect(read.errors).toBeUndefined();
      expect(read.data.cooperationDocument.id).toBe(document.id);
    });
  });

  it('gives its dates, its reviews\' and when the next review falls due in the Solar Hijri calendar', async () => {
    const { cooperationDocument: document } = await register({ counterpartCountry: 'UZ', subjects: ['ترانزیت'] });
    const reviewed = (await review({ documentId: document.id, status: 'ACTIVE', occurredAt: '2019-05-10T00:00:00.000Z' })).cooperationDocument;
    const { cooperationDocument: dates } = await server.ok(
      `query ($id: ID!) { cooperationDocument(id: $id) {
        signedAtJalali lastReviewedAtJalali reviewClockFromJalali reviewDueAtJalali supersededAtJalali reviews { reviewedAtJalali } } }`,
      { id: reviewed.id },
    );
    expect(dates).toEqual({
      signedAtJalali: '۱۳۹۸/۰۱/۲۱ ۰۴:۳۰:۰۰', // Tehran kept summer time (UTC+04:30) in 2019
      lastReviewedAtJalali: '۱۳۹۸/۰۲/۲۰ ۰۴:۳۰:۰۰',
      reviewClockFromJalali: '۱۳۹۸/۰۲/۲۰ ۰۴:۳۰:۰۰',
      reviewDueAtJalali: '۱۳۹۸/۰۳/۱۹ ۰۴:۳۰:۰۰', // REVIEW_OVERDUE_DAYS (30) after the review
      supersededAtJalali: null,
      reviews: [{ reviewedAtJalali: '۱۳۹۸/۰۲/۲۰ ۰۴:۳۰:۰۰' }],
    });
  });
});
