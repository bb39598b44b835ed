import { Kind, parse, visit, type ASTNode, type Source } from 'graphql';

/** `input.occurredAt`, `filter.types.1`: the names (and list indices) from an argument down to a value. */
const pathOf = (chain: readonly (ASTNode | readonly ASTNode[] | undefined)[]): string => {
  const names: string[] = [];
  chain.forEach((step, index) => {
    if (step === undefined || Array.isArray(step)) return;
    const current = step as ASTNode;
    if (current.kind === Kind.ARGUMENT || current.kind === Kind.OBJECT_FIELD) names.push(current.name.value);
    else if (current.kind === Kind.LIST) {
      const item = chain[index + 2];
      const position = current.values.indexOf(item as never);
      if (position >= 0) names.push(String(position));
    }
  });
  return names.join('.');
};

/**
 * Which argument (and input field within it) of a request a value belongs to: the value written at
 * `position` in the document, or every place the variable `$variable` is used. Validation errors
 * carry only the value's location; this reads the document again (on the error path only) so the
 * error can name the argument as validation errors of inputs do.
 */
export const argumentPathsIn = (source: Source | string, at: { position: number } | { variable: string }): string[] => {
  let document;
  try {
    document = parse(source);
  } catch {
    return [];
  }
  const paths: string[] = [];
  visit(document, {
    // `ancestors` stops short of `parent`, which is the argument or field holding a value.
    enter(node, _key, parent, _path, ancestors) {
      // A variable's definition (`$at: DateTime`) lies under no argument, so gives no path.
      const here =
        'position' in at ? node.kind.endsWith('Value') && node.loc?.start === at.position : node.kind === Kind.VARIABLE && node.name.value === at.variable;
      if (here) {
        const path = pathOf([...ancestors, parent, node]);
        if (path) paths.push(path);
      }
    },
  });
  return [...new Set(paths)];
};
