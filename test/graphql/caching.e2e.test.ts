import { startTestServer, TEST_SECRET, type TestServer } from '../support/test-server';
import { signToken } from '../../src/auth/tokens';

describe('nothing on the way may store an answer, and a remembered token is still a token', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    await server.stop();
  });

  const post = (query: string, token: string | null) =>
    fetch(server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ query }),
    });

  it('sends cache-control: no-store with every GraphQL answer, data and errors alike', async () => {
    const answered = await post('{ organizations { totalCount } }', server.tokens.AUDITOR);
    expect(answered.status).toBe(200);
    expect(answered.headers.get('cache-control')).toBe('no-store');
    const refused = await post('{ organizations { totalCount } }', null);
    expect(((await refused.json()) as { errors: { extensions: { code: string } }[] }).errors[0].extensions.code).toBe('UNAUTHENTICATED');
    expect(refused.headers.get('cache-control')).toBe('no-store');
  });

  it('keeps refusing an expired token and a forged one after the same user was served', async () => {
    const ok = await post('{ organizations { totalCount } }', server.tokens.AUDITOR);
    expect(((await ok.json()) as { data?: unknown }).data).toBeDefined();
    const expired = await signToken({ sub: 'auditor-1', name: 'حسابرس یکم', roles: ['AUDITOR'], expiresIn: '-1m' }, TEST_SECRET);
    const forged = `${server.tokens.AUDITOR.slice(0, server.tokens.AUDITOR.lastIndexOf('.') + 1)}${'A'.repeat(43)}`;
    for (const token of [expired, forged, expired]) {
      const answer = (await (await post('{ organizations { totalCount } }', token)).json()) as { errors: { extensions: { code: string } }[] };
      expect(answer.errors[0].extensions.code).toBe('UNAUTHENTICATED');
    }
  });
});
