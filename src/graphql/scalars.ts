import { GraphQLDateTime, GraphQLJSON } from 'graphql-scalars';

/** ISO 8601 with offset on output; any ISO 8601 date-time with offset on input. */
export const DateTime = GraphQLDateTime;
export const JSONScalar = GraphQLJSON;

/** Read models keep times as ISO strings; the scalar serialises strings and Dates alike. */
export const isoString = (value: Date | string | undefined | null): string | undefined =>
  value === undefined || value === null ? undefined : value instanceof Date ? value.toISOString() : new Date(value).toISOString();
