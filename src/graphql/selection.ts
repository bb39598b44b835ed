import { Kind, type GraphQLResolveInfo, type SelectionSetNode } from 'graphql';

/**
 * Whether the operation asks for `name` directly inside the field being resolved, through
 * fragments and aliases. Conservative: a field under `@include`/`@skip` counts as asked for, so a
 * resolver that skips work when this is false never leaves a requested field without its value.
 */
export const selectsField = (info: Pick<GraphQLResolveInfo, 'fieldNodes' | 'fragments'>, name: string): boolean => {
  const visited = new Set<string>();
  const within = (selectionSet: SelectionSetNode | undefined): boolean =>
    selectionSet !== undefined &&
    selectionSet.selections.some((selection) => {
      if (selection.kind === Kind.FIELD) return selection.name.value === name;
      if (selection.kind === Kind.INLINE_FRAGMENT) return within(selection.selectionSet);
      if (visited.has(selection.name.value)) return false;
      visited.add(selection.name.value);
      return within(info.fragments[selection.name.value]?.selectionSet);
    });
  return info.fieldNodes.some((node) => within(node.selectionSet));
};
