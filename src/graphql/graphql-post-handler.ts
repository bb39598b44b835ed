import type { IncomingMessage, ServerResponse } from 'node:http';
import { HeaderMap, type ApolloServer } from '@apollo/server';
import type { Logger } from '../logger';
import type { GraphQLContext } from './context';
import { refusedBody } from './body-errors';
import { jsonBodyWithin } from './body-limit';
import { requestIdFrom } from './request-id';

type Request = IncomingMessage & { body?: unknown };

/**
 * POST /graphql, the API's one busy route, served on Node's own request and response as Apollo's
 * standalone server does, without express's router and response helpers in the way (they were a
 * tenth of an entity query's CPU). Every other route, GET /graphql included, stays with express;
 * the answers are the same on both paths: request id, body limit, coded body errors.
 */
export const graphqlPostHandler = (options: {
  apollo: ApolloServer<GraphQLContext>;
  maxBodyBytes: number;
  logger: Logger;
  context: (req: IncomingMessage, requestId: string) => Promise<GraphQLContext>;
}) => {
  const parseJson = jsonBodyWithin(options.maxBodyBytes);

  const refuse = (res: ServerResponse, requestId: string, error: unknown) => {
    const answer = refusedBody(error as { status?: unknown; type?: unknown }, requestId);
    if (answer.status >= 500) options.logger.error({ err: error, path: '/graphql' }, 'request failed');
    res.statusCode = answer.status;
    res.setHeader('content-type', 'application/json; charset=utf-8');
    res.end(JSON.stringify(answer.body));
  };

  const execute = async (req: Request, res: ServerResponse, requestId: string) => {
    const headers = new HeaderMap();
    for (const [key, value] of Object.entries(req.headers))
      if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(', ') : value);
    const query = req.url!.indexOf('?');
    const answer = await options.apollo.executeHTTPGraphQLRequest({
      httpGraphQLRequest: { method: 'POST', headers, search: query < 0 ? '' : req.url!.slice(query), body: req.body },
      context: () => options.context(req, requestId),
    });
    for (const [key, value] of answer.headers) res.setHeader(key, value);
    res.statusCode = answer.status ?? 200;
    if (answer.body.kind === 'complete') return void res.end(answer.body.string);
    for await (const chunk of answer.body.asyncIterator) res.write(chunk);
    res.end();
  };

  return (req: Request, res: ServerResponse): void => {
    const requestId = requestIdFrom(req.headers['x-request-id']);
    res.setHeader('x-request-id', requestId);
    parseJson(req, res, (error?: unknown) => {
      if (error) return refuse(res, requestId, error);
      execute(req, res, requestId).catch((failure: unknown) => {
        if (res.headersSent) return void res.destroy(failure as Error);
        refuse(res, requestId, failure);
      });
    });
  };
};
