import { writeScaleLog } from '../../bench/scale-log';
import { startTestServer, type TestServer } from '../support/test-server';

jest.setTimeout(120_000);

const ORGANIZATIONS = `query { organizations(first: 1) { totalCount } }`;

const healthz = async (server: TestServer) => {
  const response = await fetch(server.url.replace('/graphql', '/healthz'));
  return { status: response.status, body: (await response.json()) as Record<string, any> };
};

describe('read models rebuilt from the log while the server serves (after damage was found)', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
    await writeScaleLog(server.app.store, { events: 12_000, seed: 5 });
    await server.app.projections.waitFor((await server.app.store.head())!.position, 60_000);
  });
  afterAll(() => server.stop());

  it('refuses read-model queries with 503 READ_MODELS_REBUILDING and retry-after meanwhile, answers from the log go on, and then serves what it served before', async () => {
    const before = await server.ok(ORGANIZATIONS, {}, server.tokens.AUDITOR);
    expect(before.organizations.totalCount).toBeGreaterThan(0);

    await server.app.projections.rebuild('a document of organizations was damaged', 'cleared file');
    const response = await fetch(server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${server.tokens.AUDITOR}` },
      body: JSON.stringify({ query: ORGANIZATIONS }),
    });
    const refused = (await response.json()) as { data?: unknown; errors: { message: string; extensions: Record<string, unknown> }[] };
    expect(response.status).toBe(503);
    expect(Number(response.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(refused.data ?? null).toBeNull();
    expect(refused.errors[0].extensions).toMatchObject({ code: 'SERVICE_UNAVAILABLE', reason: 'READ_MODELS_REBUILDING' });
    expect(refused.errors[0].message).toContain('a document of organizations was damaged');

    const health = await healthz(server);
    expect(health.status).toBe(503);
    expect(health.body).toMatchObject({ status: 'rebuilding', projections: { state: 'rebuilding', reason: 'a document of organizations was damaged' } });

    const head = await server.gql(`query { ledgerHead { position } }`, {}, server.tokens.AUDITOR);
    expect(head.errors).toBeUndefined();

    for (let deadline = Date.now() + 60_000; (await healthz(server)).status !== 200; ) {
      if (Date.now() > deadline) throw new Error('the rebuild did not end');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(await server.ok(ORGANIZATIONS, {}, server.tokens.AUDITOR)).toEqual(before);
  });
});
