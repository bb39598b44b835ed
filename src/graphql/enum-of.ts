/** The object `registerEnumType` takes (`{ A: 'A', … }`), built from a domain's list of values so the two cannot drift. */
export const enumOf = <T extends string>(values: readonly T[]) => Object.fromEntries(values.map((value) => [value, value])) as { [K in T]: K };
