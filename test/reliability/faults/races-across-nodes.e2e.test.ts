import type { RecordedEvent } from '../../../src/eventstore/event-store';
import { useEmbeddedPostgres } from '../../support/postgres-database';
import { mutationText, registerOrganization } from '../../support/graphql-helpers';
import { startTestServer, type GraphQLResponse, type TestServer } from '../../support/test-server';

const REGISTER_DOCUMENT = mutationText('registerCooperationDocument', 'cooperationDocument { id } position');
const GRANT = mutationText('grantDelegation', 'delegation { id } position');
const AMEND = mutationText('amendDelegation', 'delegation { id powers } position');
const DISSOLVE = mutationText('dissolveOrganization', 'organization { id } position');

const PERMIT = 'صدور مجوز نمایشگاه';
const CONTRACT = 'انعقاد قرارداد همکاری';
const PER_NODE = 10;

const postgres = useEmbeddedPostgres();
let nodes: TestServer[] = [];

beforeAll(async () => {
  const EVENTSTORE_CONNECTION_STRING = await postgres.newSchema();
  nodes = [await startTestServer({ EVENTSTORE_CONNECTION_STRING }), await startTestServer({ EVENTSTORE_CONNECTION_STRING })];
}, 60_000);
afterAll(async () => {
  for (const node of nodes) await node.stop();
});

/** Sends `count` commands to each node at once, alternating, all in flight together. */
const onBothNodes = (count: number, send: (node: TestServer, index: number) => Promise<GraphQLResponse>) =>
  Promise.all(Array.from({ length: count * nodes.length }, (_, index) => send(nodes[index % nodes.length], index)));

const theLog = (): Promise<RecordedEvent[]> => nodes[0].app.store.readAll();

describe('clerks on two nodes of one PostgreSQL store register the same cooperation document at the same moment', () => {
  it('records exactly one without an acknowledgement, whichever node it reached; every other is refused DUPLICATE_SUSPECTED naming it', async () => {
    const province = await registerOrganization(nodes[0], 'PROVINCE', 'استان آذربایجان غربی', 'IR');
    const input = {
      provinceId: province,
      counterpartCountry: 'IQ',
      title: 'تفاهم‌نامه همکاری مرزی',
      documentType: 'MOU',
      subjects: ['بازارچه مرزی'],
      signedAt: '2021-06-01T00:00:00.000Z',
    };
    const results = await onBothNodes(PER_NODE, (node) => node.gql(REGISTER_DOCUMENT, { input }));

    const accepted = results.filter((result) => !result.errors);
    expect(accepted).toHaveLength(1);
    const original = accepted[0].data.registerCooperationDocument.cooperationDocument.id;
    for (const refused of results.filter((result) => result.errors))
      expect(refused.errors![0].extensions).toMatchObject({ code: 'DUPLICATE_SUSPECTED', candidates: [original] });
    const registered = (await theLog()).filter(
      (event) => event.type === 'CooperationDocumentRegistered' && (event.data as { provinceId: string }).provinceId === province,
    );
    expect(registered.map((event) => (event.data as { documentId: string }).documentId)).toEqual([original]);
  });
});

describe('a delegation is narrowed on one node while sub-delegations of the power it loses are granted on the other', () => {
  it('never leaves a sub-delegation holding a power its parent no longer holds', async () => {
    const [ministry, province, county] = [
      await registerOrganization(nodes[0], 'MINISTRY', 'وزارت کشور', 'IR'),
      await registerOrganization(nodes[0], 'PROVINCE', 'استان اردبیل', 'IR'),
      await registerOrganization(nodes[0], 'OTHER', 'فرمانداری مشگین‌شهر', 'IR'),
    ];
    const parent = (
      await nodes[0].ok(GRANT, {
        input: { delegatorId: ministry, delegateId: province, powers: [PERMIT, CONTRACT], effectiveFrom: '2025-01-10T00:00:00.000Z', canSubdelegate: true },
      })
    ).grantDelegation.delegation.id;

    const [narrowing, ...children] = await Promise.all([
      nodes[0].gql(AMEND, { input: { delegationId: parent, powers: [PERMIT] } }),
      ...Array.from({ length: PER_NODE * 2 }, () =>
        nodes[1].gql(GRANT, {
          input: { delegatorId: province, delegateId: county, powers: [CONTRACT], effectiveFrom: '2025-02-01T00:00:00.000Z', parentDelegationId: parent },
        }),
      ),
    ]);

    for (const result of [narrowing, ...children]) if (result.errors) expect(['INVALID_TRANSITION', 'CONCURRENCY_CONFLICT']).toContain(result.errors[0].extensions.code);
    const log = await theLog();
    const narrowed = log.find((event) => event.type === 'DelegationAmended' && (event.data as { delegationId: string }).delegationId === parent);
    const granted = log.filter((event) => event.type === 'DelegationGranted' && (event.data as { parentDelegationId?: string }).parentDelegationId === parent);
    // The parent's narrowing and a live sub-delegation of the power it removes never both stand.
    expect(narrowed !== undefined && granted.length > 0).toBe(false);
    expect(granted).toHaveLength(children.filter((result) => !result.errors).length);
  });
});

describe('an organization is dissolved on one node while the other grants delegations to it', () => {
  it('records none of them after the dissolution', async () => {
    const ministry = await registerOrganization(nodes[0], 'MINISTRY', 'وزارت امور خارجه', 'IR');
    const province = await registerOrganization(nodes[0], 'PROVINCE', 'استان زنجان', 'IR');
    const [dissolution, ...grants] = await Promise.all([
      nodes[0].gql(DISSOLVE, { input: { organizationId: province } }),
      ...Array.from({ length: PER_NODE * 2 }, (_, index) =>
        nodes[1].gql(GRANT, {
          input: { delegatorId: ministry, delegateId: province, powers: [`اختیار ${index}`], effectiveFrom: '2025-01-10T00:00:00.000Z' },
        }),
      ),
    ]);
    expect(dissolution.errors).toBeUndefined();
    for (const result of grants) if (result.errors) expect(result.errors[0].extensions.code).toBe('BAD_USER_INPUT');

    const log = await theLog();
    const dissolvedAt = log.find((event) => event.type === 'OrganizationDissolved' && (event.data as { organizationId: string }).organizationId === province)!;
    const grantedAfter = log.filter(
      (event) =>
        event.type === 'DelegationGranted' &&
        (event.data as { delegateId: string }).delegateId === province &&
        BigInt(event.position) > BigInt(dissolvedAt.position),
    );
    expect(grantedAfter).toEqual([]);
  });
});
