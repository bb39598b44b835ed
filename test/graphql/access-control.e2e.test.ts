import {
  getNamedType,
  getNullableType,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isInterfaceType,
  isObjectType,
  isScalarType,
  type GraphQLField,
  type GraphQLInputType,
} from 'graphql';
import { SignJWT } from 'jose';
import { startTestServer, TEST_SECRET, type TestServer } from '../support/test-server';
import { operationText } from '../support/schema-operations';
import { UNKNOWN_ID } from '../support/graphql-helpers';
import { ROLES, type Role } from '../../src/core/event';

/**
 * Who may call what, per API.md: CLERK all mutations and queries; AUDITOR and OVERSIGHT the
 * queries (history, audit log, diff, integrity); ADMIN everything. Every operation of the schema
 * must have a row here: one added without a rule fails this test.
 */
const READERS: Role[] = ['CLERK', 'AUDITOR', 'OVERSIGHT', 'ADMIN'];
const WRITERS: Role[] = ['CLERK', 'ADMIN'];

const QUERY_POLICY: Record<string, Role[]> = {
  organization: READERS,
  organizations: READERS,
  regionalGroup: READERS,
  regionalGroups: READERS,
  meeting: READERS,
  meetings: READERS,
  resolution: READERS,
  resolutions: READERS,
  delegation: READERS,
  delegations: READERS,
  authority: READERS,
  cooperationDocument: READERS,
  cooperationDocuments: READERS,
  duplicateCandidates: READERS,
  history: READERS,
  auditLog: READERS,
  diff: READERS,
  verifyIntegrity: READERS,
  ledgerHead: READERS,
  node: READERS,
  nodes: READERS,
};

const MUTATION_POLICY: Record<string, Role[]> = Object.fromEntries(
  [
    'registerOrganization',
    'renameOrganization',
    'dissolveOrganization',
    'defineRegionalGroup',
    'changeRegionalGroupMembers',
    'scheduleMeeting',
    'rescheduleMeeting',
    'addParticipant',
    'removeParticipant',
    'openMeeting',
    'formWorkingGroup',
    'recordOutcome',
    'amendOutcome',
    'withdrawOutcome',
    'approveMeetingSummary',
    'closeMeeting',
    'cancelMeeting',
    'proposeResolution',
    'amendResolution',
    'adoptResolution',
    'rejectResolution',
    'referResolution',
    'assignResolution',
    'recordResolutionProgress',
    'markResolutionImplemented',
    'withdrawResolution',
    'supersedeResolution',
    'proposeDelegation',
    'grantDelegation',
    'rejectDelegation',
    'amendDelegation',
    'suspendDelegation',
    'reinstateDelegation',
    'revokeDelegation',
    'registerCooperationDocument',
    'reviewCooperationDocument',
    'supersedeCooperationDocument',
  ].map((name) => [name, WRITERS]),
);

const sampleScalar = (name: string): unknown => {
  switch (name) {
    case 'ID':
      return UNKNOWN_ID;
    case 'Int':
    case 'Float':
      return 1;
    case 'Boolean':
      return false;
    case 'DateTime':
      return '2020-01-01T00:00:00Z';
    case 'JSON':
      return {};
    default:
      return 'x';
  }
};

/** A value of the right GraphQL type for every required input, so refusals come from auth, not coercion. */
const sampleValue = (type: GraphQLInputType): unknown => {
  const inner = getNullableType(type);
  if (isListType(inner)) return [sampleValue(inner.ofType)];
  if (isEnumType(inner)) return inner.getValues()[0].value;
  if (isScalarType(inner)) return sampleScalar(inner.name);
  if (isInputObjectType(inner))
    return Object.fromEntries(
      Object.values(inner.getFields())
        .filter((field) => isNonNullType(field.type))
        .map((field) => [field.name, sampleValue(field.type)]),
    );
  throw new Error(`no sample for ${String(type)}`);
};

const operationFor = (kind: 'query' | 'mutation', field: GraphQLField<unknown, unknown>) => {
  const required = field.args.filter((arg) => isNonNullType(arg.type));
  const named = getNamedType(field.type);
  const selection = isObjectType(named) || isInterfaceType(named) ? ' { __typename }' : '';
  return {
    query: operationText(kind, field, required, selection),
    variables: Object.fromEntries(required.map((arg) => [arg.name, sampleValue(arg.type)])),
  };
};

const authCodes = (errors: { extensions: { code: string } }[] | undefined) =>
  (errors ?? []).map((error) => error.extensions.code).filter((code) => code === 'UNAUTHENTICATED' || code === 'FORBIDDEN');

describe('access control matrix, derived from the schema', () => {
  let server: TestServer;
  let badTokens: Record<string, string | null>;
  beforeAll(async () => {
    server = await startTestServer();
    const claims = { name: 'x', roles: ['ADMIN'] };
    const noneHeader = Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url');
    const nonePayload = Buffer.from(JSON.stringify({ sub: 'mallory', ...claims, exp: Math.floor(Date.now() / 1000) + 600 })).toString('base64url');
    badTokens = {
      'no token': null,
      'an expired token': await new SignJWT(claims).setProtectedHeader({ alg: 'HS256' }).setSubject('u').setIssuedAt(1_600_000_000).setExpirationTime(1_600_000_600).sign(new TextEncoder().encode(TEST_SECRET)),
      'a token signed with another secret': await new SignJWT(claims).setProtectedHeader({ alg: 'HS256' }).setSubject('u').setExpirationTime('1h').sign(new TextEncoder().encode('another-secret-another-secret-another-secret')),
      'a token with alg none': `${noneHeader}.${nonePayload}.`,
      'a token without roles': await new SignJWT({ name: 'x' }).setProtectedHeader({ alg: 'HS256' }).setSubject('u').setExpirationTime('1h').sign(new TextEncoder().encode(TEST_SECRET)),
    };
  });
  afterAll(() => server.stop());

  const operations = () => {
    const schema = server.server.schema;
    return [
      ...Object.values(schema.getQueryType()!.getFields()).map((field) => ({ kind: 'query' as const, field, policy: QUERY_POLICY })),
      ...Object.values(schema.getMutationType()!.getFields()).map((field) => ({ kind: 'mutation' as const, field, policy: MUTATION_POLICY })),
    ];
  };

  it('has a rule for every query and mutation of the schema', () => {
    const missing = operations().filter(({ field, policy }) => !policy[field.name]).map(({ field }) => field.name);
    expect(missing).toEqual([]);
  });

  it('refuses every operation without a valid token as UNAUTHENTICATED', async () => {
    const failures: string[] = [];
    for (const { kind, field } of operations()) {
      const { query, variables } = operationFor(kind, field);
      for (const [label, token] of Object.entries(badTokens)) {
        const result = await server.gql(query, variables, token);
        if (result.data?.[field.name] || !authCodes(result.errors).includes('UNAUTHENTICATED'))
          failures.push(`${field.name} with ${label}: ${JSON.stringify(result.errors?.map((e) => e.extensions.code))}`);
      }
    }
    expect(failures).toEqual([]);
  });

  it('lets each role do exactly what its row says', async () => {
    const failures: string[] = [];
    for (const { kind, field, policy } of operations()) {
      const allowed = policy[field.name] ?? [];
      const { query, variables } = operationFor(kind, field);
      for (const role of ROLES) {
        const codes = authCodes((await server.gql(query, variables, server.tokens[role])).errors);
        const refused = codes.includes('FORBIDDEN');
        if (allowed.includes(role) ? codes.length > 0 : !refused)
          failures.push(`${field.name} as ${role}: expected ${allowed.includes(role) ? 'allowed' : 'FORBIDDEN'}, got ${JSON.stringify(codes)}`);
      }
    }
    expect(failures).toEqual([]);
  });
});
