import type { RecordedEvent } from '../../../src/eventstore/event-store';
import { duplicateCandidates } from '../../../src/cooperation-documents/duplicate-candidates';
import { registerOrganization } from '../../support/graphql-helpers';
import { startTestServer, type TestServer } from '../../support/test-server';

const REGISTER = `mutation ($input: RegisterCooperationDocumentInput!) {
  registerCooperationDocument(input: $input) { cooperationDocument { id acknowledgedDuplicateOf } position }
}`;

const CLERKS = 20;

interface Registered {
  documentId: string;
  provinceId: string;
  counterpartCountry: string;
  title: string;
  subjects: string[];
  acknowledgedDuplicateOf?: string[];
}

/**
 * The duplicate rule replayed over the log in the order it was recorded: each registration must
 * have acknowledged exactly the documents before it that it duplicates (none: it acknowledged none).
 * No document here is ever terminated or superseded, so every earlier one is still in force.
 */
const registrationsThatBrokeTheRule = (events: RecordedEvent[]): string[] => {
  const earlier: (Registered & { status: 'UNREVIEWED' })[] = [];
  const broken: string[] = [];
  for (const event of events) {
    if (event.type !== 'CooperationDocumentRegistered') continue;
    const registered = event.data as Registered;
    const duplicated = duplicateCandidates(registered, earlier).map((document) => document.documentId).sort();
    if (JSON.stringify(duplicated) !== JSON.stringify([...(registered.acknowledgedDuplicateOf ?? [])].sort()))
      broken.push(registered.documentId);
    earlier.push({ ...registered, status: 'UNREVIEWED' });
  }
  return broken;
};

describe('twenty clerks register the same cooperation document at the same moment', () => {
  let server: TestServer;
  let provinceId: string;
  beforeAll(async () => {
    server = await startTestServer();
    provinceId = await registerOrganization(server, 'PROVINCE', 'استان آذربایجان شرقی', 'IR');
  });
  afterAll(() => server.stop());

  const document = (overrides: Record<string, unknown> = {}) => ({
    provinceId,
    counterpartCountry: 'TR',
    counterpartName: 'استانداری وان',
    title: 'تفاهم‌نامه همکاری گردشگری',
    documentType: 'MOU',
    subjects: ['گردشگری', 'حمل و نقل'],
    signedAt: '2019-04-10T00:00:00.000Z',
    ...overrides,
  });
  const registerAtOnce = (inputs: Record<string, unknown>[]) => Promise.all(inputs.map((input) => server.gql(REGISTER, { input })));

  it('records exactly one without an acknowledgement; the others are refused DUPLICATE_SUSPECTED naming it, and every later one must acknowledge all before it', async () => {
    const first = await registerAtOnce(Array.from({ length: CLERKS }, () => document()));
    const accepted = first.filter((result) => !result.errors);
    expect(accepted).toHaveLength(1);
    const original: string = accepted[0].data.registerCooperationDocument.cooperationDocument.id;
    for (const refused of first.filter((result) => result.errors)) {
      expect(refused.errors![0].extensions).toMatchObject({ code: 'DUPLICATE_SUSPECTED', candidates: [original] });
      expect(refused.data?.registerCooperationDocument ?? null).toBeNull();
    }

    // Each clerk now acknowledges the one they were told of; any registered meanwhile must be acknowledged too.
    const acknowledging = await registerAtOnce(
      Array.from({ length: CLERKS }, (_, clerk) =>
        document({ title: `تفاهم‌نامه همکاری گردشگری ${clerk}`, acknowledgeDuplicateOf: [original], justification: 'نسخهٔ بازنگری‌شده' }),
      ),
    );
    for (const result of acknowledging)
      if (result.errors) expect(result.errors[0].extensions.code).toMatch(/^(DUPLICATE_SUSPECTED|BAD_USER_INPUT)$/);
    expect(acknowledging.filter((result) => !result.errors).length).toBeGreaterThanOrEqual(1);

    const log = await server.app.store.readAll();
    expect(registrationsThatBrokeTheRule(log)).toEqual([]);
    const registered = log.filter((event) => event.type === 'CooperationDocumentRegistered');
    expect(registered).toHaveLength(1 + acknowledging.filter((result) => !result.errors).length);
    expect(registered.filter((event) => !(event.data as Registered).acknowledgedDuplicateOf)).toHaveLength(1);
  });
});
