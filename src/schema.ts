import 'reflect-metadata';
import { lexicographicSortSchema, printSchema, type GraphQLSchema } from 'graphql';
import { buildSchema as buildTypeGraphQLSchema, type PubSub } from 'type-graphql';
import { createPubSub } from '@graphql-yoga/subscription';
import { authChecker } from './graphql/auth-checker';
import { resolvers } from './resolvers';
import { DateTime } from './graphql/scalars';
import { validateArgs } from './graphql/validate-args';
import { fingerprintMutations } from './graphql/mutation-fingerprint';

/** Without a pubSub (printing the schema, tests of its shape) subscriptions get one that nothing publishes to. */
export const buildSchema = async (pubSub: PubSub = createPubSub()): Promise<GraphQLSchema> =>
  fingerprintMutations(
    await buildTypeGraphQLSchema({
      resolvers,
      authChecker,
      authMode: 'error',
      pubSub,
      scalarsMap: [{ type: Date, scalar: DateTime }],
      validateFn: validateArgs,
    }),
  );

const HEADER = '# Generated from the type-graphql classes by `npm run build` (src/cli/emit-schema.ts). Do not edit.\n\n';

/** The committed `schema/schema.graphql`: sorted, so the file changes only when the schema does. */
export const printSchemaFile = (schema: GraphQLSchema): string => HEADER + printSchema(lexicographicSortSchema(schema)) + '\n';
