import {
  GraphQLError,
  getNamedType,
  isInterfaceType,
  isLeafType,
  isObjectType,
  Kind,
  type FieldNode,
  type GraphQLField,
  type GraphQLNamedType,
  type GraphQLObjectType,
  type GraphQLSchema,
  type SelectionSetNode,
  type ValidationContext,
  type ValidationRule,
} from 'graphql';

/** The page sizes of API.md: `first`/`last` default to 50, and more than 500 is refused. */
export const PAGE_SIZE = { default: 50, max: 500 } as const;

/** What a page costs besides its nodes, per item: the edge, its cursor, the node object, pageInfo (and its 4 fields), totalCount. */
const PAGE_OVERHEAD = 9;

/** A field that pages (takes `first` or `last`): its selection is paid once per item of the page. */
const isPaged = (field: GraphQLField<unknown, unknown>): boolean => field.args.some((arg) => arg.name === 'first' || arg.name === 'last');

/**
 * Every field of a type selected once, object fields expanded (a type once along a path), pages
 * left out: what the richest single item of an answer can cost.
 */
const fullSelectionCost = (type: GraphQLObjectType, along: ReadonlySet<GraphQLNamedType> = new Set()): number => {
  const inside = new Set(along).add(type);
  let cost = 0;
  for (const field of Object.values(type.getFields())) {
    if (isPaged(field)) continue;
    const named = getNamedType(field.type);
    cost += 1 + (isObjectType(named) && !inside.has(named) ? fullSelectionCost(named, inside) : 0);
  }
  return cost;
};

const limits = new WeakMap<GraphQLSchema, number>();

/**
 * The cost limit, from the schema: one entity with one page of the largest size in it, every field
 * of both selected (the richest type of the schema stands for each). So every single query the
 * documented limits allow passes (a meeting with its participants, working groups and
 * `outcomes(first: 500)`, every field asked), while pages side by side or one inside another,
 * which multiply what a request reads beyond any one page, are refused.
 */
export const maxQueryCost = (schema: GraphQLSchema): number => {
  let limit = limits.get(schema);
  if (limit === undefined) {
    const roots = new Set([schema.getQueryType(), schema.getMutationType(), schema.getSubscriptionType()]);
    const richest = Math.max(
      ...Object.values(schema.getTypeMap())
        .filter((type): type is GraphQLObjectType => isObjectType(type) && !type.name.startsWith('__') && !roots.has(type))
        .map((type) => fullSelectionCost(type)),
    );
    limit = richest + PAGE_SIZE.max * (richest + PAGE_OVERHEAD);
    limits.set(schema, limit);
  }
  return limit;
};

/**
 * How many items a paged field can return: its `first`/`last` as written, the largest page for a
 * variable (its value is not known while the document is checked, and is at most that), the
 * default page when neither is given.
 */
const pageSizeOf = (node: FieldNode): number => {
  const size = node.arguments?.find((arg) => arg.name.value === 'first' || arg.name.value === 'last');
  if (!size) return PAGE_SIZE.default;
  if (size.value.kind === Kind.INT) return Math.min(Math.max(Number(size.value.value), 0), PAGE_SIZE.max);
  return PAGE_SIZE.max;
};

/**
 * A request's cost: one per field in the answer, a paged field's selection paid once per item of
 * its page, whatever the depth (depth has its own limit). Lists that do not page (a meeting's
 * participants) are part of the document read and count once.
 */
const selectionCost = (
  context: ValidationContext,
  selectionSet: SelectionSetNode,
  parent: GraphQLNamedType,
  fragmentsOpen: ReadonlySet<string>,
): number => {
  let cost = 0;
  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.FIELD) {
      if (selection.name.value.startsWith('__')) {
        cost += selection.name.value === '__typename' ? 1 : 0;
        continue;
      }
      const field = isObjectType(parent) || isInterfaceType(parent) ? parent.getFields()[selection.name.value] : undefined;
      if (!field) continue;
      const type = getNamedType(field.type);
      cost += 1;
      if (selection.selectionSet && !isLeafType(type))
        cost += (isPaged(field) ? pageSizeOf(selection) : 1) * selectionCost(context, selection.selectionSet, type, fragmentsOpen);
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      const type = selection.typeCondition ? (context.getSchema().getType(selection.typeCondition.name.value) ?? parent) : parent;
      cost += selectionCost(context, selection.selectionSet, type, fragmentsOpen);
    } else {
      const name = selection.name.value;
      const fragment = context.getFragment(name);
      // A fragment that spreads itself is refused by the spec's own rule; here it just ends.
      if (!fragment || fragmentsOpen.has(name)) continue;
      const type = context.getSchema().getType(fragment.typeCondition.name.value) ?? parent;
      cost += selectionCost(context, fragment.selectionSet, type, new Set(fragmentsOpen).add(name));
    }
  }
  return cost;
};

/** Refuses, before any resolver runs, an operation that costs more than `maxQueryCost`. */
export const queryCostRule: ValidationRule = (context) => ({
  OperationDefinition(operation) {
    const schema = context.getSchema();
    const root =
      operation.operation === 'query' ? schema.getQueryType() : operation.operation === 'mutation' ? schema.getMutationType() : schema.getSubscriptionType();
    if (!root) return;
    const cost = selectionCost(context, operation.selectionSet, root, new Set());
    const limit = maxQueryCost(schema);
    if (cost > limit)
      context.reportError(
        new GraphQLError(
          `Query cost limit of ${limit} exceeded, found ${cost}: one entity with one page of up to ${PAGE_SIZE.max} items, every field asked, fits; pages side by side or one inside another do not`,
          { nodes: operation },
        ),
      );
  },
});
