import { mutationText, sendRefused } from '../support/graphql-helpers';
import { startTestServer, type TestServer } from '../support/test-server';

const REGISTER = mutationText('registerOrganization', 'organization { id } events { occurredAt occurredAtJalali }');
const AS_OF = `query ($id: ID!, $asOf: DateTime) { organization(id: $id, asOf: $asOf) { name } }`;

describe('every DateTime argument also takes a Solar Hijri date, read in Tehran time', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.stop());

  it('records a business time given as a Solar Hijri day in Persian digits: its first moment in Tehran', async () => {
    const { registerOrganization } = await server.ok(REGISTER, { input: { kind: 'PROVINCE', name: 'آذربایجان شرقی', occurredAt: '۱۴۰۴/۰۱/۰۱' } });
    expect(registerOrganization.events[0]).toEqual({ occurredAt: '2025-03-20T20:30:00.000Z', occurredAtJalali: '۱۴۰۴/۰۱/۰۱ ۰۰:۰۰:۰۰' });
  });

  it('reads a date and time written in the query, at +04:30 in a summer Iran kept summer time', async () => {
    const result = await server.ok(
      `mutation { registerOrganization(input: { kind: PROVINCE, name: "آذربایجان غربی", occurredAt: "1395/06/01 14:30" }) { events { occurredAt } } }`,
    );
    expect(result.registerOrganization.events[0].occurredAt).toBe('2016-08-22T10:00:00.000Z');
  });

  it('takes one in a query argument (asOf), in a variable and written in the query alike', async () => {
    const { registerOrganization } = await server.ok(REGISTER, { input: { kind: 'PROVINCE', name: 'اردبیل' } });
    const id = registerOrganization.organization.id;
    // Recorded now (after 1404): as the records stood on 1 Farvardin 1404 it did not exist yet.
    const before = await server.gql(AS_OF, { id, asOf: '1404/01/01 12:00' });
    expect(before.errors?.[0].extensions.code).toBe('NOT_FOUND');
    const written = await server.gql(`{ organization(id: "${id}", asOf: "۱۴۰۴/۰۱/۰۱") { name } }`);
    expect(written.errors?.[0].extensions.code).toBe('NOT_FOUND');
    const future = await server.ok(AS_OF, { id, asOf: '1499/12/29 23:59' });
    expect(future.organization.name).toBe('اردبیل');
  });

  it('filters the audit log with one', async () => {
    const query = `query ($from: DateTime) { auditLog(filter: { from: $from }) { totalCount } }`;
    expect((await server.ok(query, { from: '1404/01/01' }, server.tokens.AUDITOR)).auditLog.totalCount).toBe(3);
    expect((await server.ok(query, { from: '1499/01/01' }, server.tokens.AUDITOR)).auditLog.totalCount).toBe(0);
  });

  describe('a wrong one is BAD_USER_INPUT naming the argument', () => {
    it('in a query argument written in the query', async () => {
      const result = await server.gql(`{ organizations(asOf: "1404/13/01") { totalCount } }`);
      expect(result.status).toBe(400);
      expect(result.errors).toEqual([
        expect.objectContaining({
          message: expect.stringMatching(/^asOf: .*there is no month 13/),
          extensions: expect.objectContaining({ code: 'BAD_USER_INPUT', fields: [{ field: 'asOf', message: expect.stringContaining('no month 13') }] }),
        }),
      ]);
    });

    it('in a field of a filter written in the query', async () => {
      const result = await server.gql(`{ auditLog(filter: { actorId: "x", to: "1404/12/30" }) { totalCount } }`, undefined, server.tokens.AUDITOR);
      expect(result.errors?.[0].message).toMatch(/^filter\.to: .*month 12 of 1404 has 29 days/);
      expect(result.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ field: 'to' }] });
    });

    it('in a variable, named by the argument it is passed to', async () => {
      const result = await server.gql(AS_OF, { id: '0190c8a0-0000-7000-8000-000000000000', asOf: '1404/01/01 25:00' });
      expect(result.errors?.[0].message).toMatch(/^asOf: .*not a time of day/);
      expect(result.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ field: 'asOf' }] });
    });

    it('in a mutation input, which then appends nothing', async () => {
      const result = await sendRefused(server, REGISTER, { input: { kind: 'PROVINCE', name: 'زنجان', occurredAt: '۱۴۰۴/۱۲/۳۰' } });
      expect(result.errors?.[0].message).toMatch(/^input\.occurredAt: .*month 12 of 1404 has 29 days/);
      expect(result.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ field: 'occurredAt' }] });
    });

    it('for an ISO date-time that is wrong too, saying what would do', async () => {
      const result = await server.gql(`{ organizations(asOf: "yesterday") { totalCount } }`);
      expect(result.errors?.[0].message).toMatch(/^asOf: DateTime cannot represent "yesterday": give an ISO 8601 date-time .* or a Solar Hijri date/);
      expect(result.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ field: 'asOf' }] });
    });
  });
});
