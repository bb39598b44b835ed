import type { GraphQLArgument, GraphQLField } from 'graphql';

/**
 * The text of an operation that calls `field` alone, passing each of `args` as a variable of the
 * same name and type; `selection` is what follows the call (' { … }' for an object, '' for a scalar).
 */
export const operationText = (
  kind: 'query' | 'mutation',
  field: GraphQLField<unknown, unknown>,
  args: readonly GraphQLArgument[],
  selection: string,
): string => {
  const declarations = args.map((arg) => `$${arg.name}: ${String(arg.type)}`).join(', ');
  const passing = args.map((arg) => `${arg.name}: $${arg.name}`).join(', ');
  return `${kind}${declarations ? ` (${declarations})` : ''} { ${field.name}${passing ? `(${passing})` : ''}${selection} }`;
};
