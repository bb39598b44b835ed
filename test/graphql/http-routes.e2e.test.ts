import { startTestServer, type TestServer } from '../support/test-server';

/**
 * POST /graphql is served on Node's own request and response; GET /graphql and every other route
 * by express. Both must answer alike: same data, same headers that matter, same coded refusals.
 */
describe('the GraphQL endpoint, whichever route serves it', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
    await server.ok(`mutation { registerOrganization(input: { name: "استانداری آذربایجان شرقی", kind: PROVINCE }) { position } }`);
  });
  afterAll(() => server.stop());

  const QUERY = '{ organizations(first: 5) { totalCount edges { node { name } } } }';

  const post = (url: string, init: { body: string; headers?: Record<string, string> }) =>
    fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${server.tokens.CLERK}`, ...init.headers },
      body: init.body,
    });

  it('answers a POST the same on the fast route and on express', async () => {
    const fast = await post(server.url, { body: JSON.stringify({ query: QUERY }), headers: { 'x-request-id': 'same-1' } });
    const viaExpress = await post(`${server.url}/`, { body: JSON.stringify({ query: QUERY }), headers: { 'x-request-id': 'same-1' } });
    const viaGet = await fetch(`${server.url}?query=${encodeURIComponent(QUERY)}`, {
      headers: { authorization: `Bearer ${server.tokens.CLERK}`, 'apollo-require-preflight': 'true', 'x-request-id': 'same-1' },
    });
    const bodies = await Promise.all([fast, viaExpress, viaGet].map((response) => response.json()));
    expect(bodies[0]).toEqual({ data: { organizations: { totalCount: 1, edges: [{ node: { name: 'استانداری آذربایجان شرقی' } }] } } });
    expect(bodies[1]).toEqual(bodies[0]);
    expect(bodies[2]).toEqual(bodies[0]);
    for (const response of [fast, viaExpress, viaGet]) {
      expect(response.status).toBe(200);
      expect(response.headers.get('x-request-id')).toBe('same-1');
      expect(response.headers.get('cache-control')).toBe('no-store');
      expect(response.headers.get('content-type')).toMatch(/^application\/(graphql-response\+)?json/);
    }
  });

  it('keeps the query string of a POST (Apollo reads nothing from it, but it must not turn the route away)', async () => {
    const response = await post(`${server.url}?trace=1`, { body: JSON.stringify({ query: QUERY }) });
    expect(response.status).toBe(200);
    expect(((await response.json()) as { data: unknown }).data).toBeDefined();
  });

  it('refuses the same bad bodies on both routes with the same codes', async () => {
    for (const url of [server.url, `${server.url}/`]) {
      const malformed = await post(url, { body: '{"query": ' });
      expect(malformed.status).toBe(400);
      const body = (await malformed.json()) as { errors: { extensions: { code: string; requestId: string } }[] };
      expect(body.errors[0].extensions.code).toBe('BAD_REQUEST');
      expect(body.errors[0].extensions.requestId).toBe(malformed.headers.get('x-request-id'));
    }
  });
});
