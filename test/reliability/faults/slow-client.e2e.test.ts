import { startTestServer, type TestServer } from '../../support/test-server';
import { getRequest, openConnection } from '../../support/raw-connection';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ HTTP_HEADERS_TIMEOUT_MS: '300', HTTP_REQUEST_TIMEOUT_MS: '600' });
});
afterAll(() => server.stop());

describe('a client opens a connection and never finishes its headers', () => {
  it('is answered 408 and disconnected after HTTP_HEADERS_TIMEOUT_MS, while other clients are served', async () => {
    const silent = await openConnection(server.server.port);
    await silent.write('GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Never-Ends: ');

    const other = await openConnection(server.server.port);
    await other.write(getRequest('/healthz'));
    expect(await other.until('"status"')).toMatch(/^HTTP\/1\.1 (200|503) /);

    expect(await silent.closed).toMatch(/^HTTP\/1\.1 408 /);
    other.socket.destroy();
  });
});

describe('a client sends its headers and then stalls in the middle of its body', () => {
  it('is answered 408 and disconnected after HTTP_REQUEST_TIMEOUT_MS, and nothing is run', async () => {
    const stalled = await openConnection(server.server.port);
    await stalled.write(
      `POST /graphql HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nAuthorization: Bearer ${server.tokens.CLERK}\r\nContent-Length: 200\r\n\r\n{"query":"mutation { registerOrganiz`,
    );
    expect(await stalled.closed).toMatch(/^HTTP\/1\.1 408 /);
    expect(await server.app.store.head()).toBeNull();
  });
});
