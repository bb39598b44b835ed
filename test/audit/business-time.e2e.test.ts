import { mutationText } from '../support/graphql-helpers';
import { startTestServer, type TestServer } from '../support/test-server';

const REGISTER = mutationText('registerOrganization', 'organization { id } events { recordedAt }');
const RENAME = mutationText('renameOrganization', 'position');
const AUDIT_LOG = `query ($filter: AuditLogFilter) { auditLog(filter: $filter) { totalCount edges { node { type occurredAt } } } }`;
const HISTORY = `query ($id: ID!, $from: DateTime, $to: DateTime) {
  history(entityId: $id, occurredFrom: $from, occurredTo: $to) { totalCount edges { node { type occurredAt } } }
  organization(id: $id) { history(occurredFrom: $from, occurredTo: $to) { totalCount } }
}`;

/** The Solar Hijri year 1395, as a clerk writes its ends. */
const YEAR_1395 = { occurredFrom: '۱۳۹۵/۰۱/۰۱', occurredTo: '۱۳۹۵/۱۲/۳۰ ۲۳:۵۹:۵۹' };

describe('business time: what happened when, whenever it was recorded', () => {
  let server: TestServer;
  let tabriz: string;
  let recordedBeforeRenames: string;

  beforeAll(async () => {
    server = await startTestServer();
    // Recorded today, one after another; they happened in 1395, then in 1397, then in 1395 again.
    const registered = await server.ok(REGISTER, { input: { kind: 'PROVINCE', name: 'تبریز', occurredAt: '1395/02/10 09:00' } });
    tabriz = registered.registerOrganization.organization.id;
    recordedBeforeRenames = registered.registerOrganization.events[0].recordedAt;
    await server.ok(RENAME, { input: { organizationId: tabriz, name: 'آذربایجان شرقی', occurredAt: '1397/05/01' } });
    await server.ok(RENAME, { input: { organizationId: tabriz, name: 'استان آذربایجان شرقی', occurredAt: '1395/11/20 16:00' } });
    await server.ok(REGISTER, { input: { kind: 'PROVINCE', name: 'اردبیل' } });
  });
  afterAll(() => server.stop());

  it('filters the audit log by when things happened, both ends included', async () => {
    const { auditLog } = await server.ok(AUDIT_LOG, { filter: YEAR_1395 }, server.tokens.AUDITOR);
    expect(auditLog.totalCount).toBe(2);
    expect(auditLog.edges.map((edge: any) => edge.node)).toEqual([
      { type: 'OrganizationRegistered', occurredAt: '2016-04-29T04:30:00.000Z' },
      { type: 'OrganizationRenamed', occurredAt: '2017-02-08T12:30:00.000Z' },
    ]);
    const exactly = await server.ok(AUDIT_LOG, { filter: { occurredFrom: '2017-02-08T12:30:00.000Z', occurredTo: '2017-02-08T12:30:00.000Z' } }, server.tokens.AUDITOR);
    expect(exactly.auditLog.totalCount).toBe(1);
  });

  it('combines business time with recorded time and the other filters', async () => {
    const afterRegistering = { ...YEAR_1395, from: new Date(new Date(recordedBeforeRenames).getTime() + 1).toISOString() };
    const both = await server.ok(AUDIT_LOG, { filter: afterRegistering }, server.tokens.AUDITOR);
    expect(both.auditLog.edges.map((edge: any) => edge.node.type)).toEqual(expect.arrayContaining(['OrganizationRenamed']));
    expect(both.auditLog.edges.every((edge: any) => edge.node.type === 'OrganizationRenamed')).toBe(true);
    const ofType = await server.ok(AUDIT_LOG, { filter: { ...YEAR_1395, types: ['OrganizationRegistered'], entityType: 'organization' } }, server.tokens.AUDITOR);
    expect(ofType.auditLog.totalCount).toBe(1);
  });

  it("keeps one entity's history to what happened in the range, from the root query and the entity alike", async () => {
    const result = await server.ok(HISTORY, { id: tabriz, from: YEAR_1395.occurredFrom, to: YEAR_1395.occurredTo }, server.tokens.AUDITOR);
    expect(result.history.edges.map((edge: any) => edge.node.type)).toEqual(['OrganizationRegistered', 'OrganizationRenamed']);
    expect(result.organization.history.totalCount).toBe(2);
    const from1397 = await server.ok(HISTORY, { id: tabriz, from: '1397/01/01' }, server.tokens.AUDITOR);
    expect(from1397.history.edges.map((edge: any) => edge.node.occurredAt)).toEqual(['2018-07-22T19:30:00.000Z']);
    const all = await server.ok(HISTORY, { id: tabriz }, server.tokens.AUDITOR);
    expect(all.history.totalCount).toBe(3);
  });

  it('refuses a business time that is not a date as BAD_USER_INPUT naming it', async () => {
    const result = await server.gql(`{ auditLog(filter: { occurredFrom: "1395/13/01" }) { totalCount } }`, undefined, server.tokens.AUDITOR);
    expect(result.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ field: 'occurredFrom' }] });
  });
});
