import type { GraphQLResponse, TestServer } from './test-server';

/** How many events the server's log holds. */
export const eventCount = async (server: TestServer): Promise<number> => (await server.app.store.readAll()).length;

const REGISTER_ORGANIZATION = `mutation ($input: RegisterOrganizationInput!) { registerOrganization(input: $input) { organization { id } } }`;

/** Registers an organization as the default clerk and returns its id; `country` is left out unless given. */
export const registerOrganization = async (server: TestServer, kind: string, name: string, country?: string): Promise<string> =>
  (await server.ok(REGISTER_ORGANIZATION, { input: { kind, name, country } })).registerOrganization.organization.id;

/**
 * Sends an operation that must be refused and checks that the log is as long after it as before:
 * a refused command appends nothing. Returns the response for the caller's own checks.
 */
export const sendRefused = async (
  server: TestServer,
  query: string,
  variables: Record<string, unknown>,
  token?: string | null,
): Promise<GraphQLResponse> => {
  const before = await eventCount(server);
  const result = await server.gql(query, variables, token);
  expect(await eventCount(server)).toBe(before);
  return result;
};

/**
 * Sends the mutation `field` (written out in `query`, taking `$input`), which must be refused with
 * `code`: its payload comes back null and nothing is appended. Returns the first error.
 */
export const refusedMutation = async (
  server: TestServer,
  query: string,
  field: string,
  input: Record<string, unknown>,
  code: string,
  token?: string | null,
) => {
  const result = await sendRefused(server, query, { input }, token);
  expect(result.errors?.[0]?.extensions.code).toBe(code);
  expect(result.data?.[field] ?? null).toBeNull();
  return result.errors![0];
};
