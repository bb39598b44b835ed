import { startTestServer, type TestServer } from '../../support/test-server';
import { subscribe } from '../../audit/live-subscriber';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.stop());

const typenameAliases = Array.from({ length: 3_000 }, (_, i) => `a${i}: __typename`).join(' ');

describe('a client sends a query of 3,000 aliased __typename fields', () => {
  it('is answered 400 TOO_MANY_TOKENS, not 500, and the server answers the next query as before', async () => {
    const result = await server.gql(`query { ${typenameAliases} }`);
    expect(result.status).toBe(400);
    expect(result.errors?.[0].extensions).toMatchObject({ code: 'TOO_MANY_TOKENS', requestId: expect.any(String) });
    expect(result.data).toBeUndefined();
    expect(await server.gql('{ __typename }')).toMatchObject({ status: 200, data: { __typename: 'Query' } });
  });

  it('is refused with the same code over WebSocket', async () => {
    const subscriber = subscribe(server.url, server.tokens.AUDITOR, `subscription { events { eventId } ${typenameAliases} }`);
    try {
      await expect(subscriber.next()).rejects.toEqual([expect.objectContaining({ extensions: expect.objectContaining({ code: 'TOO_MANY_TOKENS' }) })]);
    } finally {
      await subscriber.close();
    }
  });
});
