import { registerOrganization, UNKNOWN_ID } from '../support/graphql-helpers';
import { startTestServer, type TestServer } from '../support/test-server';

describe('a missing entity is null with NOT_FOUND for its field; the rest of the request keeps its data', () => {
  let server: TestServer;
  let organizationId: string;
  beforeAll(async () => {
    server = await startTestServer();
    organizationId = await registerOrganization(server, 'PROVINCE', 'آذربایجان شرقی');
  });
  afterAll(() => server.stop());

  it.each(['organization', 'regionalGroup', 'meeting', 'resolution', 'delegation', 'cooperationDocument'])('%s', async (field) => {
    const result = await server.gql(`query ($id: ID!, $missing: ID!) {
      found: organization(id: $id) { id name }
      missing: ${field}(id: $missing) { id }
      organizations { totalCount }
    }`, { id: organizationId, missing: UNKNOWN_ID });
    expect(result.status).toBe(200);
    expect(result.data).toEqual({ found: { id: organizationId, name: 'آذربایجان شرقی' }, missing: null, organizations: { totalCount: 1 } });
    expect(result.errors).toEqual([expect.objectContaining({ path: ['missing'], extensions: expect.objectContaining({ code: 'NOT_FOUND', id: UNKNOWN_ID }) })]);
  });

  it('history of an entity that does not exist, beside one that does', async () => {
    const result = await server.gql(
      `query ($id: ID!, $missing: ID!) { mine: history(entityId: $id) { totalCount } gone: history(entityId: $missing) { totalCount } }`,
      { id: organizationId, missing: UNKNOWN_ID },
      server.tokens.AUDITOR,
    );
    expect(result.data).toEqual({ mine: { totalCount: 1 }, gone: null });
    expect(result.errors).toEqual([expect.objectContaining({ path: ['gone'], extensions: expect.objectContaining({ code: 'NOT_FOUND' }) })]);
  });

  it('an entity as of before it existed, beside it now', async () => {
    const result = await server.gql(
      `query ($id: ID!) { then: organization(id: $id, asOf: "2000-01-01T00:00:00Z") { name } now: organization(id: $id) { name } }`,
      { id: organizationId },
    );
    expect(result.data).toEqual({ then: null, now: { name: 'آذربایجان شرقی' } });
    expect(result.errors?.map((error) => [error.path, error.extensions.code])).toEqual([[['then'], 'NOT_FOUND']]);
  });
});
