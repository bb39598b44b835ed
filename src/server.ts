import { createServer, type IncomingMessage, type Server, type ServerOptions, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import express from 'express';
import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { expressMiddleware } from '@as-integrations/express5';
import { WebSocketServer } from 'ws';
import { useServer } from 'graphql-ws/lib/use/ws';
import { GraphQLError, parse, specifiedRules, validate, type GraphQLSchema } from 'graphql';
import type { App } from './graphql/context';
import type { Config } from './config';
import type { Logger } from './logger';
import type { ProjectionHealth } from '../projections/projection-runner';
import type { SubscriptionHealth } from '../projections/self-healing-subscription';
import { bearerTokenOf, type AuthenticatedUser } from './auth/tokens';
import { VerifiedTokens } from './auth/verified-tokens';
import { Unauthenticated } from './core/errors';
import type { GraphQLContext } from './graphql/context';
import { createFormatError } from './graphql/format-error';
import { graphiqlAssets, graphiqlPage } from './graphql/graphiql';
import { buildSchema } from './schema';
import { abuseProtection } from './graphql/abuse-limits';
import { pageSizeLimit } from './graphql/page-size-limit';
import { damageSuspicion } from './graphql/damage-suspicion';
import { bodyErrors } from './graphql/body-errors';
import { declaresBodyTooLarge, jsonBodyWithin, refuseBodyTooLarge } from './graphql/body-limit';
import { graphqlPostHandler } from './graphql/graphql-post-handler';
import { requestIdFrom } from './graphql/request-id';
import { isPosition, parsePosition } from './eventstore/position';
import { serviceUnavailability } from './graphql/service-unavailability';
import { consoleRoute } from './console/console-route';

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

/** Node's guards against slow and silent clients, from the configuration. */
const httpServerOptions = (config: Config): ServerOptions => ({
  requestTimeout: config.HTTP_REQUEST_TIMEOUT_MS,
  headersTimeout: config.HTTP_HEADERS_TIMEOUT_MS,
  keepAliveTimeout: config.HTTP_KEEP_ALIVE_TIMEOUT_MS,
  // Node checks those two timeouts only this often (every 30 s by default, whatever they are): at a
  // quarter of the shorter one, a client overstays it by at most a quarter.
  connectionsCheckingInterval: Math.max(25, Math.floor(Math.min(config.HTTP_REQUEST_TIMEOUT_MS, config.HTTP_HEADERS_TIMEOUT_MS) / 4)),
});

/** How often a flood of refused connections is told in the log: once per interval, with the count. */
const DROPPED_CONNECTIONS_LOG_INTERVAL_MS = 10_000;

/**
 * Past the cap, Node closes a new connection as soon as it is accepted, before anything is read, and
 * the connections already open keep being served.
 */
const capConnections = (httpServer: Server, maxConnections: number, logger: Logger): void => {
  httpServer.maxConnections = maxConnections;
  let dropped = 0;
  let loggedAt = 0;
  httpServer.on('drop', () => {
    dropped++;
    if (Date.now() - loggedAt < DROPPED_CONNECTIONS_LOG_INTERVAL_MS) return;
    logger.warn({ dropped, maxConnections }, 'connections refused: HTTP_MAX_CONNECTIONS are open');
    loggedAt = Date.now();
    dropped = 0;
  });
};

/**
 * 503 while the read models catch up on the log as it stood at start-up (not ready yet, but
 * answering: the probe's start period covers it) or while their batches fail and are retried
 * (`degraded`, with the reason and since when); 200 and `degraded` when only the snapshots fail,
 * which slows list `asOf` reads but leaves every answer right. Error messages stay out of it in
 * production, where it answers without a token: the reason code says enough.
 */
const healthOf = (app: App, production: boolean) => {
  const shown = (health: ProjectionHealth | SubscriptionHealth) =>
    production && health.state === 'retrying' ? { ...health, lastError: { reason: health.lastError.reason, at: health.lastError.at } } : health;
  const projections = app.projections.health;
  const snapshots = app.snapshotter.health;
  const status =
    projections.state === 'live'
      ? snapshots.state === 'retrying'
        ? 'degraded'
        : 'ok'
      : projections.state === 'catching up' || projections.state === 'rebuilding'
        ? projections.state
        : 'degraded';
  return { status, httpStatus: projections.state === 'live' ? 200 : 503, projections: shown(projections), snapshots: shown(snapshots) };
};

/** Stores whose global positions number the events one by one, with no gap: their distance is a count of events. */
const GAP_FREE_POSITIONS = new Set(['sqlite', 'memory', 'postgres']);

/**
 * How many events of the (shared) log this node's read models have yet to fold: what a node behind
 * a load balancer reports so an operator sees it lagging. Null where positions are not a count
 * (EventStoreDB's are byte offsets).
 */
const lagInEvents = (storeName: string, head: string | null, projected: string): number | null => {
  if (!GAP_FREE_POSITIONS.has(storeName) || !isPosition(projected)) return null;
  if (head === null) return 0;
  const lag = parsePosition(head)[0] - parsePosition(projected)[0];
  return Number(lag > 0n ? lag : 0n);
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
  const httpServer = createServer(httpServerOptions(app.config), (req, res) => {
    if (declaresBodyTooLarge(req, app.config.MAX_BODY_BYTES)) return refuseBodyTooLarge(res, requestIdFrom(req.headers['x-request-id']));
    if (servePost && req.method === 'POST' && (req.url === GRAPHQL_PATH || req.url!.startsWith(`${GRAPHQL_PATH}?`))) servePost(req, res);
    else expressApp(req, res);
  });
  capConnections(httpServer, app.config.HTTP_MAX_CONNECTIONS, app.logger);

  const protection = abuseProtection(production);
  const formatError = createFormatError(app.logger, production);
  // Subscriptions answer with the same coded errors as HTTP responses (BAD_USER_INPUT with fields, QUERY_TOO_DEEP, …).
  const formatWsErrors = (errors: readonly GraphQLError[]): GraphQLError[] =>
    errors.map((error) => {
      const formatted = formatError(error.toJSON(), error);
      return new GraphQLError(formatted.message, { nodes: error.nodes, source: error.source, positions: error.positions, path: error.path, extensions: formatted.extensions });
    });

  // A message is a request: the body limit holds for it too (ws accepts 100 MiB unless told).
  const wsServer = new WebSocketServer({ server: httpServer, path: GRAPHQL_PATH, maxPayload: app.config.MAX_BODY_BYTES });
  const wsCleanup = useServer<Record<string, unknown>>(
    {
      schema,
      // The abuse limits hold over WebSocket too: a subscription's selection runs once per event.
      validate: (wsSchema, document) => validate(wsSchema, document, [...specifiedRules, ...protection.validationRules]),
      // graphql-ws parses with no token limit: the document is parsed once with it first (and refused
      // with the same coded error as over HTTP), then again by graphql-ws.
      onSubscribe: (_ctx, message) => {
        try {
          parse(message.payload.query, protection.parseOptions);
        } catch (error) {
          if (error instanceof GraphQLError)
            return [new GraphQLError(error.message, { source: error.source, positions: error.positions, extensions: { code: 'GRAPHQL_PARSE_FAILED' } })];
          throw error;
        }
      },
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
    parseOptions: protection.parseOptions,
    allowBatchedHttpRequests: false,
    introspection,
    csrfPrevention: true,
    includeStacktraceInErrorResponses: false,
    formatError: createFormatError(app.logger, production),
    plugins: [
      ...protection.plugins,
      pageSizeLimit,
      ApolloServerPluginDrainHttpServer({ httpServer }),
      ApolloServerPluginLandingPageDisabled(),
      // No type or field sets a cache hint, and the default plugin wraps every field resolver to look for one.
      ApolloServerPluginCacheControlDisabled(),
      noStorePlugin,
      requestIdPlugin,
      serviceUnavailability,
      damageSuspicion,
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
    const { status, httpStatus, projections, snapshots } = healthOf(app, production);
    try {
      const head = await app.store.head();
      const data = app.dataHealth();
      // A damaged log outranks everything the read models say: 503 with the reason.
      res
        .status(data.problem ? 503 : httpStatus)
        .json({
          status: data.problem ?? status,
          store: app.store.name,
          head: head?.position ?? null,
          projected: app.projections.position,
          lagEvents: lagInEvents(app.store.name, head?.position ?? null, app.projections.position),
          projections,
          snapshots,
          ...data.details,
        });
    } catch (error) {
      app.logger.warn({ err: error }, 'health check: store unreachable');
      res.status(503).json({ status: 'store unreachable', store: app.store.name, projections, snapshots });
    }
  });

  const auditConsole = consoleRoute({ config: app.config, authSecret: app.authSecret, logger: app.logger });
  if (auditConsole) expressApp.use(auditConsole);

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
    jsonBodyWithin(app.config.MAX_BODY_BYTES),
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
