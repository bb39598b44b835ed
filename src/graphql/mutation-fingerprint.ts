import { AsyncLocalStorage } from 'node:async_hooks';
import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';
import type { GraphQLFieldResolver, GraphQLSchema } from 'graphql';

const runningMutation = new AsyncLocalStorage<string>();

/**
 * What a request is, for idempotency: SHA-256 over the canonical JSON of the mutation's name and
 * every argument as the client sent it (coerced by GraphQL: a `DateTime` counts by its instant, key
 * order and the spelling of a variable do not count), the idempotency key included.
 */
export const mutationFingerprint = (mutation: string, args: Record<string, unknown>): string =>
  createHash('sha256').update(canonicalize({ mutation, arguments: args })!).digest('hex');

/** The fingerprint of the mutation field being resolved, or undefined outside one (in-process callers). */
export const currentMutationFingerprint = (): string | undefined => runningMutation.getStore();

/**
 * Gives every mutation field's resolver its request's fingerprint, without each resolver passing
 * `info` down to the command handler: only the root mutation fields are wrapped, so other fields
 * (most of a query's resolver calls) pay nothing.
 */
export const fingerprintMutations = (schema: GraphQLSchema): GraphQLSchema => {
  for (const field of Object.values(schema.getMutationType()?.getFields() ?? {})) {
    const resolve: GraphQLFieldResolver<unknown, unknown> | undefined = field.resolve;
    if (!resolve) continue;
    field.resolve = (source, args, context, info) =>
      runningMutation.run(mutationFingerprint(info.fieldName, args), () => resolve(source, args, context, info));
  }
  return schema;
};
