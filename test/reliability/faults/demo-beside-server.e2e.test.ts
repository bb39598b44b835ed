import { rmSync } from 'node:fs';
import { runToExit, startChildServer, type ChildServer } from '../../support/child-server';
import { envFor, freshDataDir, gql, health, organizationNames, registerOrganizations } from './fault-kit';

jest.setTimeout(180_000);

describe('npm run demo on the data folder of a running server', () => {
  let dataDir: string;
  let server: ChildServer;
  beforeAll(async () => {
    dataDir = freshDataDir();
    server = await startChildServer(envFor(dataDir));
  });
  afterAll(async () => {
    await server.kill('SIGTERM');
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("records the demo through the server's API: the server stays live, keeps what it had, and serves the whole demo", async () => {
    const before = await registerOrganizations(server.url, 'پیش از نمایش', 3);

    const demo = await runToExit('src/cli/daftar.ts', envFor(dataDir), ['demo'], 150_000);
    expect(demo.output).toContain(`a Daftar server (pid ${server.process.pid}) owns ${dataDir}: recording through its API at ${server.url}`);
    expect(demo.code).toBe(0);

    expect((await health(server.url)).status).toBe(200);
    const meetings = await gql(server.url, `query { meetings(first: 1) { totalCount edges { node { status outcomes(first: 1) { totalCount } } } } }`, {}, 'AUDITOR');
    expect(meetings.errors).toBeUndefined();
    expect(meetings.data.meetings).toMatchObject({ totalCount: 1, edges: [{ node: { status: 'CLOSED', outcomes: { totalCount: 63 } } }] });
    const names = await organizationNames(server.url);
    expect(names).toEqual(expect.arrayContaining(before));
    const recordedBy = await gql(server.url, `query { auditLog(filter: { actorId: "demo-clerk" }, first: 1) { totalCount } }`, {}, 'AUDITOR');
    expect(recordedBy.data.auditLog.totalCount).toBeGreaterThan(100);
  });
});
