import fc from 'fast-check';
import { GraphQLDateTime } from 'graphql-scalars';
import { Kind } from 'graphql';
import { DateTime, DateTimeInputError, isCanonicalUtcDateTime } from '../../src/graphql/scalars';

/** What a client receives: the JSON text of the serialised value, or the error message. */
const onTheWire = (serialize: (value: unknown) => unknown, value: unknown): string => {
  try {
    return `value ${JSON.stringify(serialize(value))}`;
  } catch (error) {
    return `error ${(error as Error).message}`;
  }
};

const sameAsGraphQLScalars = (value: unknown): void =>
  expect(onTheWire((v) => DateTime.serialize(v), value)).toBe(onTheWire((v) => GraphQLDateTime.serialize(v), value));

const twoDigits = (max: number) => fc.integer({ min: 0, max }).map((n) => String(n).padStart(2, '0'));

/** Date-time-shaped strings, many of them naming days, hours or seconds that do not exist. */
const dateTimeLike = fc
  .tuple(
    fc.integer({ min: 0, max: 9999 }).map((n) => String(n).padStart(4, '0')),
    twoDigits(13),
    twoDigits(32),
    twoDigits(25),
    twoDigits(61),
    twoDigits(61),
    fc.constantFrom('.000', '.123', '.5', '.1234', ''),
    fc.constantFrom('Z', 'z', '+00:00', '+03:30', '-23:59', ''),
    fc.constantFrom('T', 't', ' '),
  )
  .map(([year, month, day, hour, minute, second, fraction, offset, separator]) =>
    `${year}-${month}-${day}${separator}${hour}:${minute}:${second}${fraction}${offset}`,
  );

describe('the DateTime scalar', () => {
  it('keeps the name of graphql-scalars and its description, which it adds the Solar Hijri input to', () => {
    expect(DateTime.name).toBe(GraphQLDateTime.name);
    expect(DateTime.description).toMatch(new RegExp(`^${GraphQLDateTime.description!.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} As input it also takes a Solar Hijri date`));
    expect(DateTime.specifiedByURL).toBe(GraphQLDateTime.specifiedByURL);
  });

  it('sends a stored time (toISOString) as it is, the same text graphql-scalars sends', () =>
    fc.assert(
      fc.property(fc.date({ min: new Date('0000-01-01T00:00:00.000Z'), max: new Date('9999-12-31T23:59:59.999Z'), noInvalidDate: true }), (date) => {
        const stored = date.toISOString();
        expect(isCanonicalUtcDateTime(stored)).toBe(true);
        expect(DateTime.serialize(stored)).toBe(stored);
        sameAsGraphQLScalars(stored);
      }),
    ));

  it('answers any date-time-shaped string exactly as graphql-scalars does, errors included', () =>
    fc.assert(fc.property(dateTimeLike, sameAsGraphQLScalars), { numRuns: 5000 }));

  it.each([
    '2024-02-29T10:00:00.000Z',
    '2023-02-29T10:00:00.000Z',
    '1900-02-29T10:00:00.000Z',
    '2000-02-29T10:00:00.000Z',
    '2025-04-31T10:00:00.000Z',
    '2025-12-31T23:59:59.999Z',
    '2016-12-31T23:59:60.000Z',
    '2025-06-01T21:00:00Z',
    '2025-06-01T21:00:00.000+03:30',
    '2025-06-01',
    'yesterday',
    '',
  ])('answers %j as graphql-scalars does', (value) => sameAsGraphQLScalars(value));

  it('leaves Dates, numbers and other values to graphql-scalars', () => {
    for (const value of [new Date('2025-06-01T21:00:00.000Z'), new Date(Number.NaN), 1_700_000_000_000, null, {}, true])
      sameAsGraphQLScalars(value);
  });

  it('only recognises the canonical form of days that exist', () => {
    expect(isCanonicalUtcDateTime('2024-02-29T00:00:00.000Z')).toBe(true);
    expect(isCanonicalUtcDateTime('2023-02-29T00:00:00.000Z')).toBe(false);
    expect(isCanonicalUtcDateTime('2025-11-31T00:00:00.000Z')).toBe(false);
    expect(isCanonicalUtcDateTime('2025-06-01T21:00:00Z')).toBe(false);
    expect(isCanonicalUtcDateTime('2025-06-01t21:00:00.000z')).toBe(false);
  });

  it('parses ISO 8601 input as graphql-scalars does, and refuses what it refuses saying what would do', () => {
    expect(DateTime.parseValue('2025-06-01T21:00:00+03:30')).toEqual(GraphQLDateTime.parseValue('2025-06-01T21:00:00+03:30'));
    expect(() => GraphQLDateTime.parseValue('2025-02-30T00:00:00Z')).toThrow(/invalid date-time-string/);
    expect(() => DateTime.parseValue('2025-02-30T00:00:00Z')).toThrow(/^DateTime cannot represent "2025-02-30T00:00:00Z": give an ISO 8601 date-time/);
  });

  it('parses a Solar Hijri date, in a variable or written in the query, in Tehran time', () => {
    expect(DateTime.parseValue('۱۴۰۴/۰۱/۰۱')).toEqual(new Date('2025-03-20T20:30:00.000Z'));
    expect(DateTime.parseLiteral({ kind: Kind.STRING, value: '1404/01/01 14:30' })).toEqual(new Date('2025-03-21T11:00:00.000Z'));
    expect(() => DateTime.parseValue('1404/13/01')).toThrow(DateTimeInputError);
  });
});
