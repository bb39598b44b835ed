import { getNamedType, isListType, isNonNullType, isObjectType, type GraphQLNamedType, type GraphQLObjectType, type GraphQLOutputType, type GraphQLSchema } from 'graphql';
import { categoryOf } from '../core/streams';
import type { FieldChangeShape } from './field-changes';

/** Bookkeeping the schema gives every entity or that every event rewrites: never a change worth showing. */
const BOOKKEEPING = new Set(['createdAt', 'createdBy', 'updatedAt', 'version', 'position']);

/** The GraphQL type of a stream's entity: `meeting` → `Meeting`, `cooperationDocument` → `CooperationDocument`. */
export const entityTypeOf = (schema: GraphQLSchema, streamId: string): GraphQLObjectType | null => {
  const category = categoryOf(streamId);
  const type = schema.getType(category.charAt(0).toUpperCase() + category.slice(1));
  return isObjectType(type) ? type : null;
};

/** The type of one item of a list field, or of a connection's nodes; null for anything else. */
const itemTypeOf = (type: GraphQLOutputType): GraphQLObjectType | 'leaf' | null => {
  const inner = isNonNullType(type) ? type.ofType : type;
  if (isListType(inner)) {
    const item = getNamedType(inner);
    return isObjectType(item) ? item : 'leaf';
  }
  const named = getNamedType(type);
  const node = isObjectType(named) ? named.getFields().edges && getNamedType(named.getFields().edges.type) : undefined;
  if (node && isObjectType(node)) {
    const nodeType = getNamedType(node.getFields().node?.type);
    return isObjectType(nodeType) ? nodeType : null;
  }
  return null;
};

/** A read-model field under the name GraphQL gives it: an item's own `outcomeId` is the Outcome's `id`. */
const fieldNameIn = (type: GraphQLObjectType, name: string): string | null => {
  const fields = type.getFields();
  if (fields[name]) return name;
  const ownId = `${type.name.charAt(0).toLowerCase()}${type.name.slice(1)}Id`;
  // A progress report's id is that of the event that recorded it (src/resolutions/resolution-parts.ts).
  return (name === ownId || name === 'eventId') && fields.id ? 'id' : null;
};

/**
 * A read-model path (`state.outcomes.3.text`) as the GraphQL path a client reads (`outcomes[3].text`),
 * walked along the entity's type; null for what the schema does not show (the read model's own
 * keys and indexes, internal fields, the entity's id under another name) or calls bookkeeping.
 */
export const graphqlPathOf = (entity: GraphQLObjectType, stored: string): string | null => {
  const [root, ...segments] = stored.split('.');
  if (root !== 'state' || segments.length === 0) return null;
  let type: GraphQLObjectType | 'leaf' = entity;
  let path = '';
  for (let i = 0; i < segments.length; i++) {
    const segment = segments[i];
    // Inside a JSON value or a list of scalars: the rest as stored.
    if (type === 'leaf') {
      path += /^\d+$/.test(segment) ? `[${segment}]` : `.${segment}`;
      continue;
    }
    if (BOOKKEEPING.has(segment)) return null;
    const name = fieldNameIn(type, segment);
    if (name === null || (name === 'id' && type === entity)) return null;
    path += path === '' ? name : `.${name}`;
    const fieldType: GraphQLOutputType = type.getFields()[name].type;
    const item = itemTypeOf(fieldType);
    if (item !== null && i + 1 < segments.length && /^\d+$/.test(segments[i + 1])) {
      path += `[${segments[++i]}]`;
      type = item;
    } else {
      const named: GraphQLNamedType = getNamedType(fieldType);
      type = isObjectType(named) ? named : 'leaf';
    }
  }
  return path;
};

/** The changes under their GraphQL paths, those the schema does not show left out. */
export const inGraphQLTerms = (schema: GraphQLSchema, streamId: string, changes: readonly FieldChangeShape[]): FieldChangeShape[] => {
  const entity = entityTypeOf(schema, streamId);
  if (!entity) return [];
  return changes.flatMap((change) => {
    const path = graphqlPathOf(entity, change.path);
    return path === null ? [] : [{ ...change, path }];
  });
};
