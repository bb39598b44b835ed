import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { runToExit } from '../../support/child-server';
import { startTestServer, type TestServer } from '../../support/test-server';
import { useEmbeddedPostgres } from '../../support/postgres-database';

const postgres = useEmbeddedPostgres();

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

describe('A Daftar node whose PostgreSQL store cannot be used', () => {
  const password = () => postgres.server().password;
  const cases: [string, () => Promise<string>, RegExp][] = [
    [
      'nothing listens at the address',
      async () => postgres.server().connectionStringFor('ledger').replace(`:${postgres.server().port}/`, ':1/'),
      /PostgreSQL at postgres:\/\/postgres:\*\*\*@127\.0\.0\.1:1\/ledger cannot be used: .*ECONNREFUSED/,
    ],
    ['a wrong password', async () => postgres.server().connectionStringFor('postgres').replace(`:${password()}@`, ':s3cret@'), /password authentication failed/],
    ['a database that does not exist', async () => postgres.server().connectionStringFor('no_such_ledger'), /database "no_such_ledger" does not exist/],
    ['a port that is no number', async () => 'postgres://daftar:s3cret@127.0.0.1:notaport/ledger', /not a URL/],
    [
      'a read-only database',
      async () => {
        const connectionString = await postgres.newDatabase();
        const admin = new Client({ connectionString: postgres.server().adminConnectionString });
        await admin.connect();
        await admin.query(`ALTER DATABASE ${new URL(connectionString).pathname.slice(1)} SET default_transaction_read_only = on`).finally(() => admin.end());
        return connectionString;
      },
      /is read-only .*: the event store must be able to write/,
    ],
  ];
  it.each(cases)('%s: exits at start-up with code 78 and says why, without the password', async (_case, connectionStringOf, reason) => {
    const dataDir = mkdtempSync(join(tmpdir(), 'daftar-unusable-'));
    try {
      const { code, output } = await runToExit('src/main.ts', { DATA_DIR: dataDir, PORT: '0', EVENTSTORE_CONNECTION_STRING: await connectionStringOf() });
      expect(code).toBe(78);
      expect(output).toMatch(/daftar: cannot start: /);
      expect(output).toMatch(reason);
      expect(output).not.toContain('s3cret');
      expect(output).not.toContain(password());
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 60_000);
});
