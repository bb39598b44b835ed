import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import express from 'express';
import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { expressMiddleware } from '@as-integrations/express5';
import { WebSocketServer } from 'ws';
import { useServer } from 'graphql-ws/lib/use/ws';
import { GraphQLError, specifiedRules, validate, type GraphQLSchema } from 'graphql';
import type { App } from './graphql/context';
import { bearerTokenOf, type AuthenticatedUser } from './auth/tokens';
import { VerifiedTokens } from './auth/verified-tokens';
import { Unauthenticated } from './core/errors';
import type { GraphQLContext } from './graphql/context';
import { createFormatError } from './graphql/format-error';
import { graphiqlAssets, graphiqlPage } from './graphql/graphiql';
import { buildSchema } from './schema';
import { abuseProtection } from './graphql/abuse-limits';
import { bodyErrors } from './graphql/body-errors';
import { graphqlPostHandler } from './graphql/graphql-post-handler';
import { requestIdFrom } from './graphql/request-id';

export const GRAPHQL_PATH = '/graphql';

export interface RunningServer {
  url: string;
  port: number;
  httpServer: Server;
  schema: GraphQLSchema;
  stop(): Promise<void>;
}

const authenticate = async (
  tokens: VerifiedTokens,
  authorization: string | undefined,
): Promise<{ user: AuthenticatedUser | null; authError: Error | null }> => {
  if (!authorization) return { user: null, authError: null };
  const token = bearerTokenOf(authorization);
  if (!token) return { user: null, authError: new Unauthenticated('Authorization must be "Bearer <token>"') };
  try {
    return { user: await tokens.verify(token), authError: null };
  } catch (error) {
    return { user: null, authError: error as Error };
  }
};

/** Every error a client sees carries the request id, which is also in the server's log line for it. */
const requestIdPlugin: ApolloServerPlugin<GraphQLContext> = {
  async requestDidStart() {
    return {
      async willSendResponse({ response, contextValue }) {
        if (response.body.kind === 'single' && response.body.singleResult.errors) {
          response.body.singleResult.errors = response.body.singleResult.errors.map((error) => ({
            ...error,
            extensions: { ...error.extensions, requestId: contextValue.requestId },
          }));
        }
      },
    };
  },
};

/**
 * Answers are per caller and change with every write: never stored by a cache on the way (what
 * Apollo's cache-control plugin sent for every answer without a cache hint, i.e. all of ours).
 */
const noStorePlugin: ApolloServerPlugin<GraphQLContext> = {
  async requestDidStart() {
    return {
      async willSendResponse({ response }) {
        response.http.headers.set('cache-control', 'no-store');
      },
    };
  },
};

export const startServer = async (app: App, port = app.config.PORT, host = app.config.HOST): Promise<RunningServer> => {
  const production = app.config.NODE_ENV === 'production';
  const introspection = app.config.GRAPHQL_INTROSPECTION ?? !production;
  const schema = await buildSchema(app.pubSub);
  const tokens = new VerifiedTokens(app.authSecret);
  const expressApp = express();
  expressApp.disable('x-powered-by');
  // Answers are no-store and change with every write: hashing each body for an ETag bought nothing.
  expressApp.set('etag', false);
  expressApp.use((req, res, next) => {
    res.locals.requestId = requestIdFrom(req.header('x-request-id'));
    res.setHeader('x-request-id', res.locals.requestId);
    next();
  });
  let servePost: ((req: IncomingMessage, res: ServerResponse) => void) | null = null;
  const httpServer = createServer((req, res) => {
    if (servePost && req.method === 'POST' && (req.url === GRAPHQL_PATH || req.url!.startsWith(`${GRAPHQL_PATH}?`))) servePost(req, res);
    else expressApp(req, res);
  });

  const protection = abuseProtection(production);
  const formatError = createFormatError(app.logger, production);
  // Subscriptions answer with the same coded errors as HTTP responses (BAD_USER_INPUT with fields, QUERY_TOO_DEEP, …).
  const formatWsErrors = (errors: readonly GraphQLError[]): GraphQLError[] =>
    errors.map((error) => {
      const formatted = formatError(error.toJSON(), error);
      return new GraphQLError(formatted.message, { nodes: error.nodes, source: error.source, positions: error.positions, path: error.path, extensions: formatted.extensions });
    });

  const wsServer = new WebSocketServer({ server: httpServer, path: GRAPHQL_PATH });
  const wsCleanup = useServer<Record<string, unknown>>(
    {
      schema,
      // The abuse limits hold over WebSocket too: a subscription's selection runs once per event.
      validate: (wsSchema, document) => validate(wsSchema, document, [...specifiedRules, ...protection.validationRules]),
      onConnect: async (ctx) => {
        const header = ctx.connectionParams?.Authorization ?? ctx.connectionParams?.authorization;
        const { user } = await authenticate(tokens, typeof header === 'string' ? header : undefined);
        return user !== null;
      },
      context: async (ctx): Promise<GraphQLContext> => {
        const header = ctx.connectionParams?.Authorization ?? ctx.connectionParams?.authorization;
        const { user, authError } = await authenticate(tokens, typeof header === 'string' ? header : undefined);
        return { requestId: randomUUID(), user, authError, app, loaders: new Map() };
      },
      onNext: (_ctx, _message, _args, result) => (result.errors ? { ...result, errors: formatWsErrors(result.errors) } : result),
      onError: (_ctx, _message, errors) => formatWsErrors(errors),
    },
    wsServer,
  );

  const apollo = new ApolloServer<GraphQLContext>({
    schema,
    validationRules: protection.validationRules,
    allowBatchedHttpRequests: false,
    introspection,
    csrfPrevention: true,
    includeStacktraceInErrorResponses: false,
    formatError: createFormatError(app.logger, production),
    plugins: [
      ...protection.plugins,
      ApolloServerPluginDrainHttpServer({ httpServer }),
      ApolloServerPluginLandingPageDisabled(),
      // No type or field sets a cache hint, and the default plugin wraps every field resolver to look for one.
      ApolloServerPluginCacheControlDisabled(),
      noStorePlugin,
      requestIdPlugin,
      {
        async serverWillStart() {
          return {
            async drainServer() {
              await wsCleanup.dispose();
            },
          };
        },
      },
    ],
  });
  await apollo.start();

  expressApp.get('/healthz', async (_req, res) => {
    try {
      const head = await app.store.head();
      // 503 while catching up on the log as it stood at start-up (or rebuilding a file of an older layout from it): not ready yet, but answering (the probe's start period covers it).
      const rebuiltFrom = app.readModels.rebuiltFromLayout;
      const status = !app.projections.isLive
        ? 'projections not live'
        : app.projections.isCaughtUp
          ? 'ok'
          : rebuiltFrom !== null
            ? 'rebuilding'
            : 'catching up';
      res.status(status === 'ok' ? 200 : 503).json({
        status,
        ...(status === 'rebuilding' && { reason: `the read-model file had layout ${rebuiltFrom}: its read models are being folded again from the log` }),
        store: app.store.name,
        head: head?.position ?? null,
        projected: app.projections.position,
      });
    } catch (error) {
      app.logger.warn({ err: error }, 'health check: store unreachable');
      res.status(503).json({ status: 'store unreachable' });
    }
  });

  if (introspection) {
    expressApp.use(graphiqlAssets());
    expressApp.get(GRAPHQL_PATH, (req, res, next) => {
      if (req.accepts(['application/json', 'application/graphql-response+json', 'text/html']) !== 'text/html' || req.query.query)
        return next();
      res.type('html').send(graphiqlPage(GRAPHQL_PATH));
    });
  }

  const contextOf = async (authorization: string | undefined, requestId: string): Promise<GraphQLContext> => {
    const { user, authError } = await authenticate(tokens, authorization);
    return { requestId, user, authError, app, loaders: new Map() };
  };
  expressApp.use(
    GRAPHQL_PATH,
    express.json({ limit: app.config.MAX_BODY_BYTES }),
    expressMiddleware(apollo, { context: ({ req, res }) => contextOf(req.header('authorization'), res.locals.requestId as string) }),
  );
  servePost = graphqlPostHandler({
    apollo,
    maxBodyBytes: app.config.MAX_BODY_BYTES,
    logger: app.logger,
    context: (req, requestId) => contextOf(req.headers.authorization, requestId),
  });

  expressApp.use(bodyErrors(app.logger));

  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(port, host, () => resolve());
  });
  const actualPort = (httpServer.address() as AddressInfo).port;
  const shownHost = host === '0.0.0.0' || host === '::' ? 'localhost' : host;
  return {
    url: `http://${shownHost}:${actualPort}${GRAPHQL_PATH}`,
    port: actualPort,
    httpServer,
    schema,
    stop: async () => {
      await apollo.stop();
    },
  };
};
