import { startTestServer, type TestServer } from '../../support/test-server';
import { getRequest, openConnection, pause, type RawConnection } from '../../support/raw-connection';

const CAP = 3;

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ HTTP_MAX_CONNECTIONS: String(CAP), HTTP_KEEP_ALIVE_TIMEOUT_MS: '60000' });
});
afterAll(() => server.stop());

/** Sends a request on a kept-alive connection and returns the answer to it (/healthz answers one JSON object). */
const ask = async (connection: RawConnection): Promise<string> => {
  const before = connection.received().length;
  await connection.write(getRequest('/healthz'));
  return (await connection.until('}', before)).slice(before);
};

describe('more clients connect at once than HTTP_MAX_CONNECTIONS allows', () => {
  it('closes the connections past the cap unanswered, keeps serving the open ones, and takes new ones once some close', async () => {
    const open = await Promise.all(Array.from({ length: CAP }, () => openConnection(server.server.port)));
    for (const connection of open) expect(await ask(connection)).toMatch(/^HTTP\/1\.1 (200|503) /);

    const refused = await openConnection(server.server.port);
    await refused.write(getRequest('/healthz'));
    expect(await refused.closed).toBe('');

    expect(await ask(open[0])).toMatch(/^HTTP\/1\.1 (200|503) /);

    open[CAP - 1].socket.end();
    await open[CAP - 1].closed;
    // The server counts the connection gone once it has seen it close: try until it has.
    let answer = '';
    for (let attempt = 0; !answer && attempt < 100; attempt++) {
      const next = await openConnection(server.server.port);
      await next.write(getRequest('/healthz'));
      answer = await Promise.race([next.until('"status"'), next.closed]);
      next.socket.destroy();
      if (!answer) await pause(50);
    }
    expect(answer).toMatch(/^HTTP\/1\.1 (200|503) /);
    for (const connection of open) connection.socket.destroy();
  });
});
