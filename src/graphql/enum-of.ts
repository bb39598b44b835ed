import { registerEnumType } from 'type-graphql';

/** The object `registerEnumType` takes (`{ A: 'A', … }`), built from a domain's list of values so the two cannot drift. */
export const enumOf = <T extends string>(values: readonly T[]) => Object.fromEntries(values.map((value) => [value, value])) as { [K in T]: K };

/** A domain's list of values as a GraphQL enum, registered under `name`: `graphQLEnum(MEETING_STATUSES, 'MeetingStatus')`. */
export const graphQLEnum = <T extends string>(values: readonly T[], name: string, description?: string) => {
  const enumObject = enumOf(values);
  registerEnumType(enumObject, { name, description });
  return enumObject;
};
