import { inProcessDemoClient, recordDemo, type DemoSummary } from '../../src/demo/record-demo';
import { projections } from '../../src/read-models';
import { buildReadModelsAt } from '../../projections/read-models-at';
import { startTestServer, type TestServer } from '../support/test-server';

describe('the Tabriz demo', () => {
  let server: TestServer;
  let summary: DemoSummary;
  beforeAll(async () => {
    server = await startTestServer();
    const outcome = await recordDemo(await inProcessDemoClient(server.app));
    if (outcome.status !== 'recorded') throw new Error(`the demo was not recorded on an empty store: ${JSON.stringify(outcome)}`);
    summary = outcome;
  }, 120_000);
  afterAll(() => server.stop());

  it('serves the Tabriz meeting with its 63 outcomes across the four kinds, summary approved', async () => {
    const { meetings } = await server.ok(
      `query { meetings(filter: { text: "تبريز" }) { totalCount edges { node { id title status summaryApprovedAt
         workingGroups { title } participants { role }
         all: outcomes(first: 500) { totalCount }
         problems: outcomes(kind: PROBLEM) { totalCount } solutions: outcomes(kind: SOLUTION) { totalCount }
         demands: outcomes(kind: DEMAND) { totalCount } proposed: outcomes(kind: PROPOSED_RESOLUTION) { totalCount } } } } }`,
      {},
      server.tokens.AUDITOR,
    );
    expect(meetings.totalCount).toBe(1);
    const meeting = meetings.edges[0].node;
    expect(meeting).toMatchObject({ id: summary.meetingId, status: 'CLOSED', all: { totalCount: 63 } });
    expect(meeting.summaryApprovedAt).toEqual(expect.any(String));
    expect(meeting.workingGroups.map((group: { title: string }) => group.title)).toEqual([
      'کارگروه جذب سرمایه‌گذاری خارجی',
      'کارگروه توسعه صادرات غیرنفتی',
      'کارگروه توسعه گردشگری',
    ]);
    const byKind = [meeting.problems, meeting.solutions, meeting.demands, meeting.proposed].map((c) => c.totalCount);
    expect(byKind.reduce((a: number, b: number) => a + b, 0)).toBe(63);
    expect(byKind.every((count: number) => count > 0)).toBe(true);
  });

  it('has six regional groups, the first with four provinces and five missions', async () => {
    const { regionalGroups } = await server.ok(`query { regionalGroups { totalCount edges { node { number provinceIds missionIds } } } }`);
    expect(regionalGroups.totalCount).toBe(6);
    expect(regionalGroups.edges[0].node).toMatchObject({ number: 1 });
    expect(regionalGroups.edges[0].node.provinceIds).toHaveLength(4);
    expect(regionalGroups.edges[0].node.missionIds).toHaveLength(5);
  });

  it('records the resolutions the report names, adopted and referred', async () => {
    const { resolutions } = await server.ok(`query { resolutions(filter: { text: "تفويض" }) { edges { node { title status referrals { organizationId } } } } }`);
    expect(resolutions.edges[0].node).toMatchObject({ title: 'تفویض اختیارات لازم به استان‌ها', status: 'ADOPTED' });
    expect(resolutions.edges[0].node.referrals).toHaveLength(2);
  });

  it('shows the delegations: granted with a sub-delegation, and a revocation recorded after the fact', async () => {
    const orgs = await server.ok(`query { organizations(first: 100) { edges { node { id nameEn } } } }`);
    const idOf = (prefix: string) => orgs.organizations.edges.find((e: any) => e.node.nameEn.startsWith(prefix)).node.id;
    const AUTHORITY = `query ($org: ID!, $power: String!, $at: DateTime!, $asOf: DateTime) {
      authority(organizationId: $org, power: $power, at: $at, asOf: $asOf) { holds reason chain { id delegateId } } }`;
    const power = 'تأسیس بازارچه مرزی';
    const county = await server.ok(AUTHORITY, { org: idOf('Tabriz County'), power, at: '2018-01-01T00:00:00Z' });
    expect(county.authority.holds).toBe(true);
    expect(county.authority.chain).toHaveLength(2);

    const west = idOf('West Azerbaijan');
    const now = await server.ok(AUTHORITY, { org: west, power, at: '2018-06-01T00:00:00Z' });
    expect(now.authority.holds).toBe(false);
    const { delegations } = await server.ok(`query ($id: ID!) { delegations(filter: { delegateId: $id }) { edges { node { status history { edges { node { type recordedAt } } } } } } }`, { id: west });
    const revoked = delegations.edges[0].node.history.edges.find((e: any) => e.node.type === 'DelegationRevoked').node;
    const before = new Date(new Date(revoked.recordedAt).getTime() - 1).toISOString();
    const asRecordedBefore = await server.ok(AUTHORITY, { org: west, power, at: '2018-06-01T00:00:00Z', asOf: before });
    expect(asRecordedBefore.authority.holds).toBe(true);
  });

  it('shows the cooperation documents with reviews and an acknowledged duplicate', async () => {
    const { cooperationDocuments } = await server.ok(`query { cooperationDocuments(first: 50) { totalCount edges { node { status acknowledgedDuplicateOf justification } } } }`);
    expect(cooperationDocuments.totalCount).toBe(5);
    expect(cooperationDocuments.edges.map((e: any) => e.node.status).sort()).toEqual(['ACTIVE', 'DORMANT', 'TERMINATED', 'UNREVIEWED', 'UNREVIEWED']);
    const acknowledged = cooperationDocuments.edges.filter((e: any) => (e.node.acknowledgedDuplicateOf ?? []).length > 0);
    expect(acknowledged).toHaveLength(1);
    expect(acknowledged[0].node.justification).toContain('گردشگری سلامت');
  });

  it('records nothing when run again on the same store, and says the demo is already there', async () => {
    const before = await server.app.store.readAll();
    const again = await recordDemo(await inProcessDemoClient(server.app));
    expect(again).toEqual({
      status: 'already-recorded',
      demoEvents: before.length,
      firstRecordedAt: before[0].recordedAt,
      lastRecordedAt: before.at(-1)!.recordedAt,
    });
    expect(await server.app.store.readAll()).toEqual(before);
  }, 60_000);

  it('leaves live read models equal to a rebuild of the log from position 0', async () => {
    const rebuilt = await buildReadModelsAt(server.app.store, projections, {});
    for (const projection of projections)
      expect({ [projection.collection]: rebuilt.all(projection.collection) }).toEqual({
        [projection.collection]: server.app.readModels.all(projection.collection),
      });
    rebuilt.close();
  });
});
