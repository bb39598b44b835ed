import { Kind, parse, type FieldNode, type FragmentDefinitionNode, type OperationDefinitionNode } from 'graphql';
import { selectsField } from '../../src/graphql/selection';

/** The resolve info of the operation's first top-level field, as graphql-js would hand it over. */
const infoOf = (source: string) => {
  const document = parse(source);
  const operation = document.definitions.find((definition) => definition.kind === Kind.OPERATION_DEFINITION) as OperationDefinitionNode;
  const fragments = Object.fromEntries(
    document.definitions
      .filter((definition): definition is FragmentDefinitionNode => definition.kind === Kind.FRAGMENT_DEFINITION)
      .map((fragment) => [fragment.name.value, fragment]),
  );
  return { fieldNodes: [operation.selectionSet.selections[0] as FieldNode], fragments };
};

describe('selectsField', () => {
  it.each([
    ['asked for directly', '{ auditLog { totalCount edges { cursor } } }', true],
    ['under an alias', '{ auditLog { count: totalCount } }', true],
    ['in an inline fragment', '{ auditLog { ... on EventConnection { totalCount } } }', true],
    ['in a named fragment, through another', '{ auditLog { ...Outer } } fragment Outer on EventConnection { ...Inner } fragment Inner on EventConnection { totalCount }', true],
    ['under @include, whatever its variable', 'query ($x: Boolean!) { auditLog { totalCount @include(if: $x) } }', true],
    ['not asked for', '{ auditLog { edges { cursor node { position } } pageInfo { hasNextPage } } }', false],
    ['only deeper down, on another field', '{ auditLog { edges { node { totalCount: position } } } }', false],
    ['through fragments that refer to each other', '{ auditLog { ...A } } fragment A on EventConnection { edges { cursor } ...B } fragment B on EventConnection { ...A }', false],
  ])('%s', (_case, source, expected) => {
    expect(selectsField(infoOf(source), 'totalCount')).toBe(expected);
  });
});
