import { GraphQLError, GraphQLScalarType, Kind, print, type ValueNode } from 'graphql';
import { GraphQLDateTime, GraphQLJSON } from 'graphql-scalars';
import { fromJalali, looksJalali } from './jalali';

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

const ACCEPTED =
  'give an ISO 8601 date-time with its offset (2025-03-21T14:30:00+03:30) or a Solar Hijri date or date-time, read in Tehran time (۱۴۰۴/۰۱/۰۱, 1404/01/01 14:30)';

/**
 * A DateTime input that is not one. Its own class so that error formatting knows it (and answers
 * BAD_USER_INPUT naming the argument) whether it came in a variable or written in the query.
 */
export class DateTimeInputError extends GraphQLError {}

const parseInput = (value: unknown, node?: ValueNode): Date => {
  try {
    if (typeof value === 'string' && looksJalali(value)) return fromJalali(value);
    return (node ? dateTimeConfig.parseLiteral(node) : dateTimeConfig.parseValue(value)) as Date;
  } catch (error) {
    const shown = typeof value === 'string' ? `"${value}"` : String(value);
    const why = error instanceof RangeError ? error.message : `DateTime cannot represent ${shown}: ${ACCEPTED}`;
    throw new DateTimeInputError(why, { nodes: node });
  }
};

/**
 * graphql-scalars' `DateTime` (same name and ISO 8601 parsing), which also reads a Solar Hijri date
 * or date-time in Tehran time, and sends a canonical UTC string as it is rather than parsed and
 * printed again: the same text on the wire.
 */
export const DateTime = new GraphQLScalarType({
  ...dateTimeConfig,
  description: `${dateTimeConfig.description} As input it also takes a Solar Hijri date or date-time in Persian or Latin digits, read in Tehran time: \`۱۴۰۴/۰۱/۰۱\` (the day's first moment), \`1404/01/01 14:30\`, \`1404/01/01 14:30:05\`.`,
  serialize: (value: unknown) =>
    typeof value === 'string' && isCanonicalUtcDateTime(value) ? value : dateTimeConfig.serialize(value),
  parseValue: (value: unknown) => parseInput(value),
  parseLiteral: (node: ValueNode) => parseInput(node.kind === Kind.STRING ? node.value : print(node), node),
});
export const JSONScalar = GraphQLJSON;

/** Read models keep times as ISO strings; the scalar serialises strings and Dates alike. */
export const isoString = (value: Date | string | undefined | null): string | undefined =>
  value === undefined || value === null ? undefined : value instanceof Date ? value.toISOString() : new Date(value).toISOString();
