import { getNamedType, isObjectType, type GraphQLObjectType, type GraphQLSchema } from 'graphql';
import { LIMITS } from '../../src/graphql/abuse-limits';
import { buildSchema } from '../../src/schema';
import { startTestServer, type TestServer } from '../support/test-server';

describe('abuse limits, each refused with its own code before any resolver runs', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ MAX_BODY_BYTES: '20000' });
  });
  afterAll(() => server.stop());

  const nestedParents = (depth: number) => `query { organizations { edges { node { ${'parent { '.repeat(depth)} id ${'} '.repeat(depth)} } } } }`;

  /**
   * A limit is the client's fault, never the server's: 400, with the limit's own code, and nothing
   * run; the query is well formed, so no message calls it a syntax error.
   */
  const expectRefused = async (query: string, code: string) => {
    const result = await server.gql(query);
    expect(result.status).toBe(400);
    expect(result.errors?.map((error) => error.extensions.code)).toContain(code);
    for (const error of result.errors ?? []) {
      expect(error.message).not.toMatch(/^Syntax Error/);
      expect(error.extensions.code).toEqual(expect.any(String));
    }
    expect(result.data).toBeUndefined();
  };

  it('accepts a query within the depth limit and refuses one past it', async () => {
    expect((await server.gql(nestedParents(10))).errors).toBeUndefined();
    // Deep nesting is also costly: the cost limit may speak too, but the depth limit must be among the refusals.
    await expectRefused(nestedParents(16), 'QUERY_TOO_DEEP');
  });

  it('refuses an alias bomb', async () => {
    const aliases = Array.from({ length: 40 }, (_, i) => `a${i}: organizations { totalCount }`).join(' ');
    await expectRefused(`query { ${aliases} }`, 'TOO_MANY_ALIASES');
  });

  it('refuses a query past the token limit as TOO_MANY_TOKENS, answered 400 (it was a 500)', async () => {
    await expectRefused(`query { ${'a '.repeat(LIMITS.maxTokens)} }`, 'TOO_MANY_TOKENS');
  });

  it('refuses a query past the directives limit', async () => {
    await expectRefused(`query { ${'__typename @include(if: true) '.repeat(LIMITS.maxDirectives + 1)} }`, 'TOO_MANY_DIRECTIVES');
  });

  describe('the cost limit: every single query the documented limits allow, and nothing that goes beyond them', () => {
    let schema: GraphQLSchema;
    beforeAll(async () => {
      schema = await buildSchema();
    });

    /** Every field of a type, object fields expanded (a type once along a path), pages left out: as query-cost.ts counts the richest item. */
    const everyField = (typeName: string, along: ReadonlySet<string> = new Set()): string => {
      const type = schema.getType(typeName) as GraphQLObjectType;
      const inside = new Set(along).add(typeName);
      return Object.values(type.getFields())
        .filter((field) => !field.args.some((arg) => arg.name === 'first' || arg.name === 'last'))
        .map((field) => {
          const named = getNamedType(field.type);
          if (!isObjectType(named)) return field.name;
          return inside.has(named.name) ? null : `${field.name} { ${everyField(named.name, inside)} }`;
        })
        .filter(Boolean)
        .join(' ');
    };
    const fullPage = (field: string, node: string, first = '500') =>
      `${field}(first: ${first}) { totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor } edges { cursor node { ${everyField(node)} } } }`;

    const expectAdmitted = async (query: string, variables?: Record<string, unknown>) => {
      const result = await server.gql(query, variables, server.tokens.AUDITOR);
      expect(result.errors).toBeUndefined();
      expect(result.status).toBe(200);
      return result.data;
    };

    it('admits a meeting with its participants, working groups and a page of 500 outcomes, every field asked (it was refused)', async () => {
      const { scheduleMeeting } = await server.ok(
        `mutation { scheduleMeeting(input: { title: "نشست منطقه‌ای", location: "تبریز", scheduledStart: "2025-03-01T06:30:00Z" }) { meeting { id } } }`,
      );
      const query = `query ($id: ID!) { meeting(id: $id) { ${everyField('Meeting')} ${fullPage('outcomes', 'Outcome')} } }`;
      expect(everyField('Meeting')).toMatch(/participants \{ .*\} .*workingGroups \{/);
      const data = await expectAdmitted(query, { id: scheduleMeeting.meeting.id });
      expect(data.meeting).toMatchObject({ id: scheduleMeeting.meeting.id, outcomes: { totalCount: 0 } });
      // The page size in a variable counts as the largest page, and still fits.
      await expectAdmitted(`query ($id: ID!, $first: Int) { meeting(id: $id) { ${everyField('Meeting')} ${fullPage('outcomes', 'Outcome', '$first')} } }`, {
        id: scheduleMeeting.meeting.id,
        first: 500,
      });
    });

    it('admits a page of 500 of the richest entity, every field asked, its references expanded', async () => {
      await expectAdmitted(`query { ${fullPage('resolutions', 'Resolution')} }`);
    });

    it('refuses two such pages side by side', async () => {
      await expectRefused(`query { a: ${fullPage('resolutions', 'Resolution')} b: ${fullPage('resolutions', 'Resolution')} }`, 'QUERY_TOO_COMPLEX');
    });

    it('refuses a page inside a page, even of ids alone, and with the page sizes in variables', async () => {
      await expectRefused(`query { meetings(first: 500) { edges { node { outcomes(first: 500) { edges { node { id } } } } } } }`, 'QUERY_TOO_COMPLEX');
      const result = await server.gql(`query ($n: Int) { meetings(first: $n) { edges { node { outcomes(first: $n) { edges { node { id } } } } } } }`, { n: 10 });
      expect(result.status).toBe(400);
      expect(result.errors?.[0]).toMatchObject({ message: expect.stringMatching(/^Query cost limit of \d+ exceeded, found \d+/), extensions: { code: 'QUERY_TOO_COMPLEX' } });
    });

    it('admits small pages inside a page', async () => {
      await expectAdmitted(`query { meetings(first: 20) { edges { node { id outcomes(first: 20) { edges { node { id text } } } } } } }`);
    });
  });

  it('refuses a page larger than 500 as BAD_USER_INPUT, HTTP 400, instead of cutting it silently', async () => {
    await expectRefused(`query { organizations(first: 501) { totalCount } }`, 'BAD_USER_INPUT');
    const result = await server.gql(`query { organizations(first: 501) { totalCount } }`);
    expect(result.errors?.[0].extensions.fields).toEqual([expect.objectContaining({ field: 'first', message: expect.stringContaining('at most 500') })]);
  });

  it('finds a page too large in a variable, a nested list or a fragment, and runs nothing of the request', async () => {
    const variable = await server.gql(`query ($n: Int) { ok: organizations(first: 1) { totalCount } organizations(first: $n) { totalCount } }`, { n: 501 });
    expect(variable.status).toBe(400);
    expect(variable.data).toBeUndefined();
    expect(variable.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [expect.objectContaining({ field: 'first' })] });
    await expectRefused(`query { meetings(first: 1) { edges { node { outcomes(first: 501) { totalCount } } } } }`, 'BAD_USER_INPUT');
    await expectRefused(`query { ...Page } fragment Page on Query { resolutions(last: 501) { totalCount } }`, 'BAD_USER_INPUT');
  });

  it('lets a page of exactly 500 through, from a literal or a variable', async () => {
    expect((await server.gql(`query ($n: Int) { organizations(first: $n) { totalCount } meetings(first: 500) { totalCount } }`, { n: 500 })).errors).toBeUndefined();
  });

  it('refuses a body over the size limit with PAYLOAD_TOO_LARGE and a request id', async () => {
    const response = await fetch(server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${server.tokens.CLERK}` },
      body: JSON.stringify({ query: `query { organizations { totalCount } }`, variables: { padding: 'x'.repeat(50_000) } }),
    });
    expect(response.status).toBe(413);
    const body = (await response.json()) as any;
    expect(body.errors[0].extensions.code).toBe('PAYLOAD_TOO_LARGE');
    expect(body.errors[0].extensions.requestId).toBe(response.headers.get('x-request-id'));
  });

  it('answers malformed JSON with BAD_REQUEST in GraphQL error shape', async () => {
    const response = await fetch(server.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query": ' });
    expect(response.status).toBe(400);
    expect(((await response.json()) as any).errors[0].extensions.code).toBe('BAD_REQUEST');
  });

  it('blocks a simple cross-site GET (Apollo CSRF prevention)', async () => {
    const response = await fetch(`${server.url}?query=${encodeURIComponent('{ organizations { totalCount } }')}`, {
      headers: { authorization: `Bearer ${server.tokens.CLERK}` },
    });
    expect(response.status).toBe(400);
    const allowed = await fetch(`${server.url}?query=${encodeURIComponent('{ organizations { totalCount } }')}`, {
      headers: { authorization: `Bearer ${server.tokens.CLERK}`, 'apollo-require-preflight': 'true' },
    });
    expect(((await allowed.json()) as any).data.organizations.totalCount).toEqual(expect.any(Number));
  });

  it('gives every error the request id the client sent', async () => {
    const response = await fetch(server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-request-id': 'client-req-42' },
      body: JSON.stringify({ query: '{ organizations { totalCount } }' }),
    });
    const body = (await response.json()) as any;
    expect(body.errors[0].extensions).toMatchObject({ code: 'UNAUTHENTICATED', requestId: 'client-req-42' });
  });
});
