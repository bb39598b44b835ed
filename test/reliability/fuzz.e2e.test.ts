import fc from 'fast-check';
import {
  getNamedType,
  getNullableType,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isObjectType,
  isScalarType,
  type GraphQLField,
  type GraphQLInputType,
} from 'graphql';
import { startTestServer, type TestServer } from '../support/test-server';
import { registerOrganization } from '../support/graphql-helpers';
import { operationText } from '../support/schema-operations';

// `npm run test:fuzz` raises FUZZ_RUNS (and may set FUZZ_SEED); `npm test` runs a short, fixed-seed pass.
const RUNS = Number(process.env.FUZZ_RUNS ?? 150);
const SEED = Number(process.env.FUZZ_SEED ?? 20261127);

const KNOWN_CODES = new Set([
  'BAD_USER_INPUT',
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'NOT_FOUND',
  'CONCURRENCY_CONFLICT',
  'INVALID_TRANSITION',
  'DUPLICATE_SUSPECTED',
  'IDEMPOTENCY_KEY_REUSED',
  'GRAPHQL_VALIDATION_FAILED',
  'GRAPHQL_PARSE_FAILED',
  'QUERY_TOO_DEEP',
  'QUERY_TOO_COMPLEX',
  'TOO_MANY_ALIASES',
  'TOO_MANY_TOKENS',
  'TOO_MANY_DIRECTIVES',
  'PAYLOAD_TOO_LARGE',
  'BAD_REQUEST',
]);

const hostileString = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.fullUnicodeString({ maxLength: 40 }),
  fc.constantFrom(
    '',
    ' ',
    'نشست منطقه‌ای استانداران و سفرا ۱۳۹۵',
    'ي ك ۱۲۳ \u200c',
    '\u202eevil\u202c',
    '\u2066\u2067\u2068\u2069\u200f',
    '\u0000\u0001\u001f',
    "'; DROP TABLE events; --",
    '<script>alert(1)</script>',
    '{"$where": "1"}',
    '\ud800',
    '𝔘𝔫𝔦𝔠𝔬𝔡𝔢 👩‍👩‍👧‍👦',
  ),
  fc.nat({ max: 20_000 }).map((length) => 'x'.repeat(length)),
);

const hostileDate = fc.oneof(
  fc.date({ min: new Date('1900-01-01'), max: new Date('2100-01-01') }).map((date) => date.toISOString()),
  fc.constantFrom('0000-01-01T00:00:00Z', '9999-12-31T23:59:59Z', '2020-13-45T99:99:99Z', 'yesterday', '', '2020-01-01', '+275760-09-13T00:00:00.000Z'),
);

const wrongType = fc.oneof(fc.integer(), fc.double(), fc.boolean(), fc.constant({}), fc.constant([]), fc.constant(null));

const PLAUSIBLE_TEXT = fc.constantFrom('نشست منطقه‌ای استانداران و سفرا', 'توسعه صادرات غیرنفتی', 'گردشگری', 'Tabriz', 'بند ۱۲', 'کارگروه');
const COUNTRIES = fc.constantFrom('TR', 'AZ', 'AM', 'IR');
const plausibleDate = fc.date({ min: new Date('2015-01-01'), max: new Date('2025-01-01') }).map((date) => date.toISOString());

/** Ids of entities that exist, so that plausible inputs reach the deciders and some are accepted. */
const knownIds: string[] = [];

const scalarValue = (name: string, field: string, plausible: boolean): fc.Arbitrary<unknown> => {
  if (plausible) {
    if (/country/i.test(field)) return COUNTRIES;
    if (name === 'ID') return knownIds.length ? fc.constantFrom(...knownIds) : fc.uuid();
    if (name === 'DateTime') return plausibleDate;
    if (name === 'Int') return fc.integer({ min: 0, max: 100 });
    if (name === 'String') return PLAUSIBLE_TEXT;
  }
  switch (name) {
    case 'ID':
      return fc.oneof(fc.uuid(), hostileString);
    case 'Int':
      return fc.oneof(fc.integer({ min: -5, max: 200 }), fc.integer(), fc.constantFrom(2 ** 31, -(2 ** 53), 0.5));
    case 'Float':
      return fc.double();
    case 'Boolean':
      return fc.boolean();
    case 'DateTime':
      return hostileDate;
    case 'JSON':
      return fc.jsonValue({ maxDepth: 3 });
    default:
      return hostileString;
  }
};

/**
 * Values of the field's GraphQL type. Hostile cases get them wrong the ways clients and attackers
 * do (wrong types, nulls, odd Unicode, huge or empty strings, impossible dates); plausible cases
 * look like a clerk's input, so the accepted path is exercised too.
 */
const valueOf = (type: GraphQLInputType, field: string, plausible: boolean, depth = 0): fc.Arbitrary<unknown> => {
  const nullable = !isNonNullType(type);
  const inner = getNullableType(type);
  let arbitrary: fc.Arbitrary<unknown>;
  if (isListType(inner)) arbitrary = fc.array(valueOf(inner.ofType, field, plausible, depth + 1), { minLength: plausible ? 1 : 0, maxLength: depth > 2 ? 1 : 6 });
  else if (isEnumType(inner)) {
    const values = fc.constantFrom(...inner.getValues().map((value) => value.value));
    arbitrary = plausible ? values : fc.oneof(values, fc.constant('NOT_A_VALUE'));
  } else if (isScalarType(inner)) arbitrary = scalarValue(inner.name, field, plausible);
  else if (isInputObjectType(inner)) {
    const fields = Object.values(inner.getFields()).filter((f) => !plausible || isNonNullType(f.type) || !/^(expectedVersion|idempotencyKey|occurredAt|acknowledgeDuplicateOf)$/.test(f.name));
    arbitrary = fc.record(Object.fromEntries(fields.map((f) => [f.name, valueOf(f.type, f.name, plausible, depth + 1)])), {
      requiredKeys: fields.filter((f) => isNonNullType(f.type)).map((f) => f.name),
    });
  } else throw new Error(`no arbitrary for ${String(type)}`);
  if (plausible) return arbitrary;
  return fc.oneof({ weight: 8, arbitrary }, { weight: 1, arbitrary: wrongType }, { weight: nullable ? 1 : 0, arbitrary: fc.constant(undefined) });
};

describe('hostile input to every mutation', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
    for (const [kind, country] of [['PROVINCE', 'IR'], ['FOREIGN_MISSION', 'TR'], ['MINISTRY', 'IR']])
      knownIds.push(await registerOrganization(server, kind, `نهاد ${kind}`, country));
  });
  afterAll(() => server.stop());

  it(`never answers 5xx, always codes its errors, and appends only for accepted commands (${RUNS} cases, seed ${SEED})`, async () => {
    const mutations = Object.values(server.server.schema.getMutationType()!.getFields()) as GraphQLField<unknown, unknown>[];
    const cases = fc.oneof(
      ...mutations.map((field) =>
        fc.record({
          field: fc.constant(field),
          variables: fc.boolean().chain((plausible) =>
            fc.record(Object.fromEntries(field.args.map((arg) => [arg.name, valueOf(arg.type, arg.name, plausible)]))),
          ),
        }),
      ),
    );
    let accepted = 0;
    let refused = 0;
    await fc.assert(
      fc.asyncProperty(cases, async ({ field, variables }) => {
        const entity = (getNamedType(field.type) as { getFields?: () => Record<string, unknown> }).getFields?.();
        const entityField = Object.keys(entity ?? {}).find((name) => !['events', 'position'].includes(name));
        const selection = isObjectType(getNamedType(field.type)) ? ` { position ${entityField ? `${entityField} { id }` : ''} }` : '';
        const query = operationText('mutation', field, field.args, selection);
        const before = (await server.app.store.head())?.position ?? '0';
        const response = await fetch(server.url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${server.tokens.CLERK}` },
          body: JSON.stringify({ query, variables }),
        });
        expect(response.status).toBeLessThan(500);
        const body = (await response.json()) as { data?: Record<string, unknown> | null; errors?: { extensions?: { code?: string } }[] };
        const after = (await server.app.store.head())?.position ?? '0';
        if (body.errors?.length) {
          refused++;
          for (const error of body.errors) expect(KNOWN_CODES).toContain(error.extensions?.code);
          expect(after).toBe(before);
        } else {
          accepted++;
          expect(body.data?.[field.name]).toBeTruthy();
          const id = Object.values((body.data?.[field.name] ?? {}) as Record<string, { id?: string }>).find((value) => value?.id)?.id;
          if (id && !knownIds.includes(id)) knownIds.push(id);
        }
      }),
      { numRuns: RUNS, seed: SEED, endOnFailure: true },
    );
    const health = await fetch(server.url.replace('/graphql', '/healthz'));
    expect(health.status).toBe(200);
    if (process.env.FUZZ_RUNS) console.log(JSON.stringify({ fuzz: { cases: RUNS, seed: SEED, accepted, refused, serverErrors: 0 } }));
  }, 120_000 + RUNS * 200);
});
