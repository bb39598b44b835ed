import { subscribe } from '../audit/live-subscriber';
import { mutationText, registerOrganization, sendRefused, UNKNOWN_ID } from '../support/graphql-helpers';
import { startTestServer, type TestServer } from '../support/test-server';

const RENAME = mutationText('renameOrganization', 'organization { id }');
const AUDIT_LOG = `query ($filter: AuditLogFilter) { auditLog(filter: $filter) { totalCount } }`;

/** One kind of mistake, one answer: the same code and shape wherever it is made. */
describe('one answer per kind of mistake', () => {
  let server: TestServer;
  let organizationId: string;
  beforeAll(async () => {
    server = await startTestServer();
    organizationId = await registerOrganization(server, 'PROVINCE', 'آذربایجان شرقی');
  });
  afterAll(() => server.stop());

  describe('a malformed id is BAD_USER_INPUT naming it, on queries as on mutations', () => {
    it.each([
      ['organization', `{ organization(id: "abc") { id } }`, 'id'],
      ['regionalGroup', `{ regionalGroup(id: "abc") { id } }`, 'id'],
      ['meeting', `{ meeting(id: "abc") { id } }`, 'id'],
      ['resolution', `{ resolution(id: "abc") { id } }`, 'id'],
      ['delegation', `{ delegation(id: "abc") { id } }`, 'id'],
      ['cooperationDocument', `{ cooperationDocument(id: "abc") { id } }`, 'id'],
      ['history', `{ history(entityId: "abc") { totalCount } }`, 'entityId'],
      ['diff', `{ diff(entityId: "abc", from: "2025-01-01T00:00:00Z", to: "2025-02-01T00:00:00Z") { path } }`, 'entityId'],
      ['auditLog', `{ auditLog(filter: { entityId: "abc" }) { totalCount } }`, 'entityId'],
    ])('%s', async (_, query, field) => {
      const result = await server.gql(query, undefined, server.tokens.AUDITOR);
      expect(result.errors).toEqual([
        expect.objectContaining({ message: 'input is not valid', extensions: expect.objectContaining({ code: 'BAD_USER_INPUT', fields: [{ field, message: `${field} must be a UUID` }] }) }),
      ]);
    });

    it('as a mutation answers it, appending nothing', async () => {
      const result = await sendRefused(server, RENAME, { input: { organizationId: 'abc', name: 'x' } });
      expect(result.errors?.[0]).toMatchObject({ message: 'input is not valid', extensions: { code: 'BAD_USER_INPUT', fields: [{ field: 'organizationId', message: 'organizationId must be a UUID' }] } });
    });

    it('while a well-formed id of nothing is still NOT_FOUND', async () => {
      expect((await server.gql(`{ organization(id: "${UNKNOWN_ID}") { id } }`)).errors?.[0].extensions.code).toBe('NOT_FOUND');
      expect((await server.gql(`{ history(entityId: "${UNKNOWN_ID}") { totalCount } }`)).errors?.[0].extensions.code).toBe('NOT_FOUND');
    });
  });

  describe('an unknown entityType is BAD_USER_INPUT naming the types there are, not a filter that matches nothing', () => {
    it('in the audit log', async () => {
      const result = await server.gql(AUDIT_LOG, { filter: { entityType: 'spaceship' } }, server.tokens.AUDITOR);
      expect(result.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ field: 'entityType' }] });
      expect(result.errors?.[0].message).toMatch(/^entityType "spaceship" is not an entity type; it is one of .*organization, .*meeting/);
    });

    it('while the known ones, by category or GraphQL type name, are answered', async () => {
      for (const entityType of ['organization', 'Organization', 'meeting', 'cooperationDocument', 'guard'])
        expect((await server.gql(AUDIT_LOG, { filter: { entityType } }, server.tokens.AUDITOR)).errors).toBeUndefined();
      expect((await server.ok(AUDIT_LOG, { filter: { entityType: 'Organization' } }, server.tokens.AUDITOR)).auditLog.totalCount).toBe(1);
    });

    it('in a subscription', async () => {
      const subscriber = subscribe(server.url, server.tokens.AUDITOR, `subscription ($filter: EventsFilter) { events(filter: $filter) { position } }`, {
        filter: { entityType: 'spaceship' },
      });
      try {
        const result = await subscriber.next();
        expect(result.data).toBeFalsy();
        expect(result.errors?.[0].extensions).toEqual({ code: 'BAD_USER_INPUT', fields: [{ field: 'entityType', message: expect.stringContaining('is not an entity type') }] });
      } finally {
        await subscriber.close();
      }
    });
  });

  it('FORBIDDEN names every role that would do, ADMIN included', async () => {
    const result = await sendRefused(server, RENAME, { input: { organizationId, name: 'x' } }, server.tokens.AUDITOR);
    expect(result.errors?.[0]).toMatchObject({ message: 'requires one of the roles CLERK, ADMIN', extensions: { code: 'FORBIDDEN', roles: ['CLERK', 'ADMIN'] } });
    // And ADMIN, named there, would indeed do.
    expect((await server.gql(RENAME, { input: { organizationId, name: 'استان آذربایجان شرقی' } }, server.tokens.ADMIN)).errors).toBeUndefined();
  });
});
