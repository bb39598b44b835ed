import type { ApolloServerPlugin } from '@apollo/server';
import {
  GraphQLError,
  Kind,
  TypeInfo,
  getArgumentValues,
  visit,
  visitWithTypeInfo,
  type DocumentNode,
  type FieldNode,
  type GraphQLField,
  type GraphQLSchema,
  type OperationDefinitionNode,
} from 'graphql';
import { MAX_PAGE_SIZE } from './connection';

const PAGE_ARGUMENTS = ['first', 'last'] as const;

interface PageTooLarge {
  field: string;
  message: string;
}

/** A field of the operation (or of a fragment it may spread) that takes `first` or `last`, with its definition. */
interface PagedField {
  definition: GraphQLField<unknown, unknown>;
  node: FieldNode;
}

/**
 * The paged fields of each operation of a parsed document: Apollo hands every request of the same
 * query text the same parsed document, so the walk with the schema's types is done once per query
 * rather than once per request (it showed in the profile of every mutation, which has none).
 */
const pagedFieldsBySchema = new WeakMap<GraphQLSchema, WeakMap<DocumentNode, Map<OperationDefinitionNode, PagedField[]>>>();

const pagedFieldsOf = (schema: GraphQLSchema, document: DocumentNode, operation: OperationDefinitionNode): PagedField[] => {
  let ofSchema = pagedFieldsBySchema.get(schema);
  if (!ofSchema) pagedFieldsBySchema.set(schema, (ofSchema = new WeakMap()));
  let ofDocument = ofSchema.get(document);
  const known = ofDocument?.get(operation);
  if (known) return known;
  const executed: DocumentNode = {
    kind: Kind.DOCUMENT,
    definitions: [operation, ...document.definitions.filter((definition) => definition.kind === Kind.FRAGMENT_DEFINITION)],
  };
  const typeInfo = new TypeInfo(schema);
  const found: PagedField[] = [];
  visit(
    executed,
    visitWithTypeInfo(typeInfo, {
      Field(node) {
        const definition = typeInfo.getFieldDef();
        if (definition && definition.args.some((argument) => (PAGE_ARGUMENTS as readonly string[]).includes(argument.name))) found.push({ definition, node });
      },
    }),
  );
  if (!ofDocument) ofSchema.set(document, (ofDocument = new Map()));
  ofDocument.set(operation, found);
  return found;
};

/** Every `first`/`last` of the operation (and the fragments it may spread) past the cap, with the variables filled in. */
const pagesTooLarge = (
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variables: Record<string, unknown>,
): PageTooLarge[] => {
  const found: PageTooLarge[] = [];
  for (const { definition, node } of pagedFieldsOf(schema, document, operation)) {
    let values: Record<string, unknown>;
    try {
      values = getArgumentValues(definition, node, variables);
    } catch {
      continue; // a value of the wrong type: graphql-js refuses it with its own message when it runs
    }
    for (const name of PAGE_ARGUMENTS) {
      const size = values[name];
      if (typeof size === 'number' && size > MAX_PAGE_SIZE)
        found.push({ field: name, message: `${node.name.value}(${name}: ${size}): ${name} may be at most ${MAX_PAGE_SIZE}` });
    }
  }
  return found;
};

/**
 * A page larger than the cap is a limit like the others: refused before any resolver runs, with
 * HTTP 400 and no partial data, still the contract's `BAD_USER_INPUT` naming the argument. (The
 * argument classes check it again where a field is resolved, so a path this misses still refuses.)
 */
export const pageSizeLimit: ApolloServerPlugin = {
  async requestDidStart() {
    return {
      async didResolveOperation({ schema, document, operation, request }) {
        if (!operation) return; // Apollo has already refused a request naming no operation it holds
        const tooLarge = pagesTooLarge(schema, document, operation, request.variables ?? {});
        if (tooLarge.length === 0) return;
        throw new GraphQLError(tooLarge.map((page) => page.message).join('; '), {
          extensions: { code: 'BAD_USER_INPUT', fields: tooLarge, http: { status: 400 } },
        });
      },
    };
  },
};
