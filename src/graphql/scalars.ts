import { GraphQLScalarType } from 'graphql';
import { GraphQLDateTime, GraphQLJSON } from 'graphql-scalars';

/**
 * `Date.prototype.toISOString()` output, which is how the read models store times, for dates that
 * exist: graphql-scalars would parse such a string into a Date only for the response to print it back
 * unchanged. Leap seconds (`:60`) are left to graphql-scalars, which rejects them.
 */
const CANONICAL_UTC = /^\d{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])T(?:[01]\d|2[0-3]):[0-5]\d:[0-5]\d\.\d{3}Z$/;
const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

const isLeapYear = (year: number): boolean => (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;

const dayExists = (value: string): boolean => {
  const day = Number(value.slice(8, 10));
  if (day <= 28) return true;
  const month = Number(value.slice(5, 7));
  const year = Number(value.slice(0, 4));
  return day <= (month === 2 && isLeapYear(year) ? 29 : DAYS_IN_MONTH[month - 1]);
};

export const isCanonicalUtcDateTime = (value: string): boolean => CANONICAL_UTC.test(value) && dayExists(value);

const dateTimeConfig = GraphQLDateTime.toConfig();

/**
 * graphql-scalars' `DateTime` (same name, description, input parsing and errors), except that a
 * canonical UTC string is sent as it is rather than parsed and printed again: the same text on the wire.
 */
export const DateTime = new GraphQLScalarType({
  ...dateTimeConfig,
  serialize: (value: unknown) =>
    typeof value === 'string' && isCanonicalUtcDateTime(value) ? value : dateTimeConfig.serialize(value),
});
export const JSONScalar = GraphQLJSON;

/** Read models keep times as ISO strings; the scalar serialises strings and Dates alike. */
export const isoString = (value: Date | string | undefined | null): string | undefined =>
  value === undefined || value === null ? undefined : value instanceof Date ? value.toISOString() : new Date(value).toISOString();
