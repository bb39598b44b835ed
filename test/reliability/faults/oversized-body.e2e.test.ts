import { startTestServer, type TestServer } from '../../support/test-server';
import { openConnection, pause } from '../../support/raw-connection';

const LIMIT = 1_000_000;
const SENT_IN_ALL = 7 * 1024 * 1024;
const CHUNK = 32 * 1024;

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ MAX_BODY_BYTES: String(LIMIT) });
});
afterAll(() => server.stop());

const headers = (path: string, framing: string) =>
  `POST ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nAuthorization: Bearer ${server.tokens.CLERK}\r\n${framing}\r\n\r\n`;

const expectRefusedAsTooLarge = (answer: string) => {
  expect(answer).toMatch(/^HTTP\/1\.1 413 /);
  expect(answer.toLowerCase()).toContain('connection: close');
  expect(answer).toContain('"code":"PAYLOAD_TOO_LARGE"');
};

describe('a client sends a 7 MB body slowly, in chunks, against a 1 MB limit', () => {
  it('is answered 413 PAYLOAD_TOO_LARGE and disconnected once the limit is passed, long before the body ends', async () => {
    const connection = await openConnection(server.server.port);
    await connection.write(headers('/graphql', 'Transfer-Encoding: chunked'));
    await connection.write(`${(11).toString(16)}\r\n{"query":"{\r\n`);
    let sent = 0;
    const padding = 'x'.repeat(CHUNK);
    while (sent < SENT_IN_ALL && !connection.isClosed() && !connection.received()) {
      if (!(await connection.write(`${CHUNK.toString(16)}\r\n${padding}\r\n`))) break;
      sent += CHUNK;
      await pause(5);
    }

    const answer = await connection.closed;
    expectRefusedAsTooLarge(answer);
    expect(sent).toBeLessThan(SENT_IN_ALL);
  });
});

describe('a client declares a body past the limit in content-length', () => {
  it('is answered 413 PAYLOAD_TOO_LARGE and disconnected before a byte of the body is sent, on any route', async () => {
    for (const path of ['/graphql', '/healthz']) {
      const connection = await openConnection(server.server.port);
      await connection.write(headers(path, `Content-Length: ${SENT_IN_ALL}`));
      expectRefusedAsTooLarge(await connection.closed);
    }
  });

  it('leaves a body within the limit served as before', async () => {
    const result = await server.gql('{ __typename }', { pad: 'x'.repeat(LIMIT - 1_000) });
    expect(result).toMatchObject({ status: 200, data: { __typename: 'Query' } });
  });
});
