import type { GraphQLResponse, TestServer } from './test-server';

/** An id no entity has. */
export const UNKNOWN_ID = '0190c8a0-0000-7000-8000-000000000000';

/** A Jalali date and time in Persian digits, as the Jalali sibling of a DateTime field reads. */
export const PERSIAN_DATE_TIME = /^[۰-۹]{4}\/[۰-۹]{2}\/[۰-۹]{2} [۰-۹]{2}:[۰-۹]{2}:[۰-۹]{2}$/;

/** The text of the mutation `name`, which takes its `$input` of type `NameInput!`, selecting `selection` from its payload. */
export const mutationText = (name: string, selection: string) =>
  `mutation ($input: ${name[0].toUpperCase()}${name.slice(1)}Input!) { ${name}(input: $input) { ${selection} } }`;

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
