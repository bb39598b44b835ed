import { startTestServer, type TestServer } from '../support/test-server';
import { sendRefused } from '../support/graphql-helpers';

const REGISTER = `mutation ($input: RegisterOrganizationInput!) {
  registerOrganization(input: $input) {
    organization { id version kind name nameEn country status }
    events { type revision position actor { id name role } data }
    position
  }
}`;

describe('organizations over GraphQL', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.stop());

  it('registers a province in Persian and reads it back by id and by a folded name', async () => {
    const { registerOrganization } = await server.ok(REGISTER, {
      input: { kind: 'PROVINCE', name: 'استان آذربایجان‌شرقی', nameEn: 'East Azerbaijan', country: 'IR' },
    });
    expect(registerOrganization.organization).toMatchObject({ version: 0, kind: 'PROVINCE', name: 'استان آذربایجان‌شرقی', status: 'ACTIVE' });
    expect(registerOrganization.events).toEqual([
      expect.objectContaining({ type: 'OrganizationRegistered', revision: 0, actor: { id: 'clerk-1', name: 'منشی یکم', role: 'CLERK' } }),
    ]);

    const byId = await server.ok(`query ($id: ID!) { organization(id: $id) { name version } }`, { id: registerOrganization.organization.id });
    expect(byId.organization).toEqual({ name: 'استان آذربایجان‌شرقی', version: 0 });

    // Arabic yeh and no ZWNJ, as the seed report writes it.
    const found = await server.ok(`query { organizations(filter: { name: "آذربايجانشرقی" }) { totalCount edges { node { id } } } }`);
    expect(found.organizations.totalCount).toBe(1);
    expect(found.organizations.edges[0].node.id).toBe(registerOrganization.organization.id);
  });

  it('refuses a foreign mission without a country, with the field named, and appends nothing', async () => {
    const result = await sendRefused(server, REGISTER, { input: { kind: 'FOREIGN_MISSION', name: 'سفارت' } });
    expect(result.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ field: 'country' }] });
  });

  it('refuses an invalid country code as BAD_USER_INPUT naming the field', async () => {
    const result = await server.gql(REGISTER, { input: { kind: 'PROVINCE', name: 'x', country: 'Iran' } });
    expect(result.errors?.[0].extensions.code).toBe('BAD_USER_INPUT');
    expect(result.errors?.[0].extensions.fields).toEqual([expect.objectContaining({ field: 'country' })]);
  });

  it('names the field when a value has the wrong GraphQL type (an unknown enum value, a missing field)', async () => {
    const badEnum = await server.gql(REGISTER, { input: { kind: 'EMBASSY', name: 'x' } });
    expect(badEnum.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [expect.objectContaining({ field: 'kind' })] });
    const missing = await server.gql(REGISTER, { input: { kind: 'PROVINCE' } });
    expect(missing.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [expect.objectContaining({ field: 'name' })] });
  });

  it('renames with expectedVersion and reports a conflict with both versions', async () => {
    const { registerOrganization } = await server.ok(REGISTER, { input: { kind: 'MINISTRY', name: 'وزارت کشور' } });
    const id = registerOrganization.organization.id;
    const RENAME = `mutation ($input: RenameOrganizationInput!) { renameOrganization(input: $input) { organization { name version } } }`;
    const renamed = await server.ok(RENAME, { input: { organizationId: id, name: 'وزارت کشور جمهوری اسلامی ایران', expectedVersion: 0 } });
    expect(renamed.renameOrganization.organization).toEqual({ name: 'وزارت کشور جمهوری اسلامی ایران', version: 1 });
    const stale = await server.gql(RENAME, { input: { organizationId: id, name: 'دیگر', expectedVersion: 0 } });
    expect(stale.errors?.[0].extensions).toMatchObject({ code: 'CONCURRENCY_CONFLICT', expectedVersion: 0, actualVersion: 1 });
  });

  it('answers NOT_FOUND for an unknown id and UNAUTHENTICATED without a token', async () => {
    const missing = await server.gql(`query { organization(id: "0190c8a0-0000-7000-8000-000000000000") { id } }`);
    expect(missing.errors?.[0].extensions.code).toBe('NOT_FOUND');
    const anonymous = await server.gql(`query { organizations { totalCount } }`, {}, null);
    expect(anonymous.errors?.[0].extensions.code).toBe('UNAUTHENTICATED');
  });

  it('lets an auditor read but not write', async () => {
    const refused = await server.gql(REGISTER, { input: { kind: 'OTHER', name: 'x' } }, server.tokens.AUDITOR);
    expect(refused.errors?.[0].extensions.code).toBe('FORBIDDEN');
    const read = await server.gql(`query { organizations { totalCount } }`, {}, server.tokens.AUDITOR);
    expect(read.errors).toBeUndefined();
  });
});
