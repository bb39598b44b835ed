import { rmSync } from 'node:fs';
import { startChildServer, type ChildServer } from '../../support/child-server';
import { envFor, freshDataDir, health, organizationNames, refusedStart, registerOrganizations, STACK_LINE } from './fault-kit';

jest.setTimeout(90_000);

describe('a second server started on the data folder a running server owns', () => {
  let dataDir: string;
  let first: ChildServer;
  beforeAll(async () => {
    dataDir = freshDataDir();
    first = await startChildServer(envFor(dataDir));
  });
  afterAll(async () => {
    await first.kill('SIGTERM');
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("exits 78 naming the owner's pid, without a stack trace, and the owner keeps every acknowledged write and goes on serving", async () => {
    const before = await registerOrganizations(first.url, 'پیش از دومی', 5);
    expect(before).toHaveLength(5);

    const second = await refusedStart(envFor(dataDir));
    expect(second.code).toBe(78);
    expect(second.output).toContain(`the data directory ${dataDir} is in use by a Daftar process (pid ${first.process.pid}, server at ${first.url}`);
    expect(second.output).not.toMatch(STACK_LINE);

    const after = await registerOrganizations(first.url, 'پس از دومی', 5);
    expect(after).toHaveLength(5);
    expect((await organizationNames(first.url)).sort()).toEqual([...before, ...after].sort());
    expect((await health(first.url)).status).toBe(200);
  });
});

describe('the owning server killed with SIGKILL', () => {
  it('leaves no lock behind: the next server starts on the folder at once, with every acknowledged write', async () => {
    const dataDir = freshDataDir();
    try {
      const killed = await startChildServer(envFor(dataDir));
      const acknowledged = await registerOrganizations(killed.url, 'پیش از کشتن', 5);
      await killed.kill('SIGKILL');

      const next = await startChildServer(envFor(dataDir));
      try {
        expect((await organizationNames(next.url)).sort()).toEqual([...acknowledged].sort());
        expect(await registerOrganizations(next.url, 'پس از کشتن', 2)).toHaveLength(2);
      } finally {
        await next.kill('SIGTERM');
      }
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
