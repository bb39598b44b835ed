import { startTestServer, type TestServer } from '../support/test-server';

const INTROSPECTION = `query { __schema { queryType { name } } }`;

describe('in production', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ NODE_ENV: 'production' });
  });
  afterAll(() => server.stop());

  it('turns introspection and GraphiQL off', async () => {
    const result = await server.gql(INTROSPECTION);
    expect(result.errors?.[0].extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
    const page = await fetch(server.url, { headers: { accept: 'text/html' } });
    expect(page.headers.get('content-type') ?? '').not.toContain('text/html');
  });

  it('hides the details of a fault: no stack trace, SQL or file path, only a code and a request id', async () => {
    // A read model that fails under the server is the kind of fault no client input can cause.
    server.app.readModels.db.close();
    const result = await server.gql(`query { organizations { totalCount } }`);
    expect(result.errors).toHaveLength(1);
    const [error] = result.errors!;
    expect(error.extensions).toEqual({ code: 'INTERNAL_SERVER_ERROR', requestId: expect.any(String) });
    expect(error.message).toBe('internal server error');
    expect(JSON.stringify(result)).not.toMatch(/sqlite|SELECT|\/tmp|\/work|\.ts:|at .*\(/i);
  });
});

describe('in production with GRAPHQL_INTROSPECTION=true', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ NODE_ENV: 'production', GRAPHQL_INTROSPECTION: 'true' });
  });
  afterAll(() => server.stop());

  it('keeps introspection and GraphiQL on', async () => {
    expect((await server.gql(INTROSPECTION)).data).toEqual({ __schema: { queryType: { name: 'Query' } } });
    const page = await fetch(server.url, { headers: { accept: 'text/html' } });
    expect(await page.text()).toContain('GraphiQL');
  });
});

describe('outside production', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ CONSISTENCY_TIMEOUT_MS: '300' });
  });
  afterAll(() => server.stop());

  it('serves GraphiQL from the installed packages, with no CDN', async () => {
    const html = await (await fetch(server.url, { headers: { accept: 'text/html' } })).text();
    expect(html).not.toMatch(/https?:\/\/(?!localhost)/);
    for (const asset of html.match(/\/graphiql\/[^"]+/g) ?? []) {
      const response = await fetch(new URL(asset, server.url));
      expect({ asset, status: response.status }).toEqual({ asset, status: 200 });
    }
  });

  it('answers consistentWith once the read models have the position, and times out with a code otherwise', async () => {
    const { registerOrganization } = await server.ok(
      `mutation { registerOrganization(input: { kind: OTHER, name: "دبیرخانه" }) { position } }`,
    );
    const consistent = await server.ok(`query ($p: String!) { organizations(consistentWith: $p) { totalCount } }`, {
      p: registerOrganization.position,
    });
    expect(consistent.organizations.totalCount).toBeGreaterThan(0);
    const future = await server.gql(`query { organizations(consistentWith: "999999999") { totalCount } }`);
    expect(future.errors?.[0].extensions.code).toBe('TIMEOUT');
  });
});
