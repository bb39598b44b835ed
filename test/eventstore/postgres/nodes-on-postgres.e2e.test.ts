import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTestServer, type TestServer } from '../../support/test-server';
import { useEmbeddedPostgres } from '../../support/postgres-database';

const postgres = useEmbeddedPostgres();
const ROOT = join(__dirname, '..', '..', '..');

const REGISTER = `mutation ($input: RegisterOrganizationInput!) { registerOrganization(input: $input) { organization { id name } position } }`;
const RENAME = `mutation ($input: RenameOrganizationInput!) { renameOrganization(input: $input) { organization { name version } position } }`;
const ORGANIZATION = `query ($id: ID!, $consistentWith: String) { organization(id: $id, consistentWith: $consistentWith) { name version } }`;
const AUDIT_LOG = `query ($filter: AuditLogFilter) { auditLog(filter: $filter) { totalCount edges { node { type position actor { id } } } } }`;
const VERIFY = `query { verifyIntegrity { ok checkedEvents firstBrokenPosition } }`;

describe('Two Daftar nodes on one PostgreSQL store, each with its own DATA_DIR', () => {
  let nodeA: TestServer;
  let nodeB: TestServer;
  beforeAll(async () => {
    const EVENTSTORE_CONNECTION_STRING = await postgres.newSchema();
    nodeA = await startTestServer({ EVENTSTORE_CONNECTION_STRING });
    nodeB = await startTestServer({ EVENTSTORE_CONNECTION_STRING });
  });
  afterAll(async () => {
    await nodeA?.stop();
    await nodeB?.stop();
  });

  it('read each other’s writes, take turns on one entity, and keep one audit log and one verified chain', async () => {
    expect(nodeA.app.store.name).toBe('postgres');
    const registered = (await nodeA.ok(REGISTER, { input: { kind: 'PROVINCE', name: 'استان آذربایجان شرقی' } })).registerOrganization;
    const { id } = registered.organization;
    // Node B learns of the event through its subscription to the shared log: notified, or by polling.
    expect((await nodeB.ok(ORGANIZATION, { id, consistentWith: registered.position })).organization).toEqual({
      name: 'استان آذربایجان شرقی',
      version: 0,
    });

    const renamed = (await nodeB.ok(RENAME, { input: { organizationId: id, name: 'آذربایجان شرقی', expectedVersion: 0 } })).renameOrganization;
    expect(renamed.organization).toEqual({ name: 'آذربایجان شرقی', version: 1 });
    const stale = await nodeA.gql(RENAME, { input: { organizationId: id, name: 'تبریز', expectedVersion: 0 } });
    expect(stale.errors?.[0].extensions).toMatchObject({ code: 'CONCURRENCY_CONFLICT', expectedVersion: 0, actualVersion: 1 });

    for (const node of [nodeA, nodeB]) {
      expect((await node.ok(ORGANIZATION, { id, consistentWith: renamed.position })).organization).toEqual(renamed.organization);
      const log = (await node.ok(AUDIT_LOG, { filter: { entityId: id } }, node.tokens.AUDITOR)).auditLog;
      expect(log.totalCount).toBe(2);
      expect(log.edges.map((edge: { node: { type: string } }) => edge.node.type)).toEqual(['OrganizationRegistered', 'OrganizationRenamed']);
      expect((await node.ok(VERIFY, {}, node.tokens.AUDITOR)).verifyIntegrity).toEqual({ ok: true, checkedEvents: 2, firstBrokenPosition: null });
    }
  });
});

describe('A Daftar node whose PostgreSQL store cannot be reached', () => {
  it('exits at start-up with code 78 and says why, without the password', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'daftar-unreachable-'));
    try {
      const unreachable = postgres.server().connectionStringFor('ledger').replace(`:${postgres.server().port}/`, ':1/');
      const child = spawn(process.execPath, ['-r', join(ROOT, 'test/support/register-ts.js'), join(ROOT, 'src/main.ts')], {
        cwd: ROOT,
        env: { ...process.env, NODE_ENV: 'test', LOG_LEVEL: 'warn', DATA_DIR: dataDir, PORT: '0', EVENTSTORE_CONNECTION_STRING: unreachable },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stderr = '';
      child.stderr.on('data', (chunk) => (stderr += chunk));
      const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
      expect(code).toBe(78);
      expect(stderr).toMatch(/daftar: cannot start: PostgreSQL at postgres:\/\/postgres:\*\*\*@127\.0\.0\.1:1\/ledger cannot be used: .*ECONNREFUSED/);
      expect(stderr).not.toContain(postgres.server().password);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 60_000);
});
