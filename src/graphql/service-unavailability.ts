import type { ApolloServerPlugin } from '@apollo/server';
import { Kind, type FragmentDefinitionNode, type GraphQLObjectType, type SelectionSetNode } from 'graphql';
import { ServiceUnavailable } from '../core/errors';
import { READ_MODELS_NOT_LIVE, READ_MODELS_REBUILDING } from '../../projections/projection-runner';
import type { GraphQLContext } from './context';

/** Marks a query field that answers from the event log alone: `@Extensions(ANSWERED_FROM_THE_LOG)`. */
export const ANSWERED_FROM_THE_LOG = { answeredFromTheLog: true } as const;

/** How long a client is asked to wait before asking again while the read models heal. */
const RETRY_AFTER_SECONDS = 5;

const rootFieldsOf = (selectionSet: SelectionSetNode, fragments: Record<string, FragmentDefinitionNode>, seen = new Set<string>()): string[] =>
  selectionSet.selections.flatMap((selection) => {
    if (selection.kind === Kind.FIELD) return [selection.name.value];
    if (selection.kind === Kind.INLINE_FRAGMENT) return rootFieldsOf(selection.selectionSet, fragments, seen);
    const name = selection.name.value;
    if (seen.has(name) || !fragments[name]) return [];
    seen.add(name);
    return rootFieldsOf(fragments[name].selectionSet, fragments, seen);
  });

const needsReadModels = (queryType: GraphQLObjectType, field: string): boolean =>
  !field.startsWith('__') && queryType.getFields()[field]?.extensions?.answeredFromTheLog !== true;

/**
 * What cannot be answered now is said so, in a way HTTP clients and proxies act on.
 *
 * While the read models are not live (their batches fail and are being retried), a query that
 * reads them is refused before it runs with SERVICE_UNAVAILABLE: its answer would come from a
 * state of unknown age, and a NOT_FOUND for an entity the log holds would be a lie. Queries
 * answered from the log alone go on. While damaged read models are folded again from the log
 * (`rebuilding`), such a query is refused the same way, with its own reason: its answer would come
 * from read models emptied a moment ago. While the read models only catch up at start-up, queries are
 * answered as they stand (`/healthz` says 503 meanwhile), and a `consistentWith` waits as always.
 * Mutations go on: their events are recorded, and the answer says whether the read models have them.
 *
 * An operation refused with SERVICE_UNAVAILABLE (here, or by a store that cannot be used), nothing
 * answered, is HTTP 503 with `retry-after` (the longest any of its errors asks). An answer with
 * data stays 200: a mutation whose events were recorded is never a 503, whatever a nested field
 * then failed to read.
 */
export const serviceUnavailability: ApolloServerPlugin<GraphQLContext> = {
  async requestDidStart() {
    return {
      async didResolveOperation({ operation, document, schema, contextValue }) {
        if (operation?.operation !== 'query') return;
        const health = contextValue.app.projections.health;
        if (health.state !== 'retrying' && health.state !== 'rebuilding') return;
        const queryType = schema.getQueryType();
        if (!queryType) return;
        const fragments = Object.fromEntries(
          document.definitions.filter((definition) => definition.kind === Kind.FRAGMENT_DEFINITION).map((fragment) => [fragment.name.value, fragment]),
        );
        if (!rootFieldsOf(operation.selectionSet, fragments).some((field) => needsReadModels(queryType, field))) return;
        if (health.state === 'rebuilding')
          throw new ServiceUnavailable(
            `the read models are being rebuilt from the log since ${health.since} (${health.reason}); they are served again once rebuilt: try again later`,
            READ_MODELS_REBUILDING,
            RETRY_AFTER_SECONDS,
          );
        throw new ServiceUnavailable(
          `the read models are not live since ${health.since} (${health.lastError.reason}); they heal by themselves: try again later`,
          READ_MODELS_NOT_LIVE,
          RETRY_AFTER_SECONDS,
        );
      },

      async willSendResponse({ response }) {
        if (response.body.kind !== 'single') return;
        const { data, errors } = response.body.singleResult;
        if (!errors || (data !== null && data !== undefined)) return;
        const unavailable = errors.filter((error) => error.extensions?.code === 'SERVICE_UNAVAILABLE');
        if (unavailable.length === 0) return;
        response.http.status = 503;
        response.http.headers.set('retry-after', String(Math.max(...unavailable.map((error) => Number(error.extensions?.retryAfterSeconds) || 1))));
      },
    };
  },
};
