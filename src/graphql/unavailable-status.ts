import type { ApolloServerPlugin } from '@apollo/server';
import type { GraphQLContext } from './context';

/**
 * An operation refused with SERVICE_UNAVAILABLE, nothing answered, is HTTP 503 with `retry-after`
 * (the longest any of its errors asks), so proxies, load balancers and HTTP clients retry it as
 * they retry any 503. An answer with data stays 200: a mutation whose events were recorded is
 * never a 503, whatever a nested field then failed to read.
 */
export const unavailableStatus: ApolloServerPlugin<GraphQLContext> = {
  async requestDidStart() {
    return {
      async willSendResponse({ response }) {
        if (response.body.kind !== 'single') return;
        const { data, errors } = response.body.singleResult;
        if (data !== null && data !== undefined) return;
        const unavailable = (errors ?? []).filter((error) => error.extensions?.code === 'SERVICE_UNAVAILABLE');
        if (unavailable.length === 0) return;
        const retryAfter = Math.max(...unavailable.map((error) => Number(error.extensions?.retryAfterSeconds) || 1));
        response.http.status = 503;
        response.http.headers.set('retry-after', String(retryAfter));
      },
    };
  },
};
