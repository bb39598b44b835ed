import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { signToken } from '../../src/auth/tokens';
import type { Role } from '../../src/core/event';
import { openPostgresEventStore } from '../../src/eventstore/postgres';
import type { EventStore } from '../../src/eventstore/event-store';
import { projections } from '../../src/read-models';
import { ReadModelStore } from '../../projections/read-model-store';
import { startChildServer, type ChildServer } from './child-server';
import type { GraphQLResponse } from './test-server';

/**
 * Daftar nodes as a deployment runs them on one PostgreSQL store: each its own server process
 * (src/main.ts through the TypeScript require hook, so a test can SIGKILL it), with its own
 * DATA_DIR for the read models. The test process speaks GraphQL to them over HTTP and reads the
 * shared log through a store of its own.
 */
export const NODE_SECRET = 'several-nodes-secret-at-least-32-characters';

export interface Health {
  httpStatus: number;
  status: string;
  head: string | null;
  projected: string | null;
  lagEvents: number | null;
}

export interface PostgresNode {
  readonly name: string;
  readonly dataDir: string;
  readonly url: string;
  /** POSTs an operation as `token` (a clerk's by default); a refused connection throws, as for any client. */
  gql<Data = any>(query: string, variables?: Record<string, unknown>, token?: string): Promise<GraphQLResponse<Data>>;
  /** Like gql, but throws on any GraphQL error and returns `data`. */
  ok<Data = any>(query: string, variables?: Record<string, unknown>, token?: string): Promise<Data>;
  health(): Promise<Health>;
  /** SIGKILL by default: the process dies mid-whatever, as in a crash. */
  kill(signal?: NodeJS.Signals): Promise<void>;
  /** Starts the process again on the same DATA_DIR (after a kill). */
  restart(): Promise<void>;
  /** Stops the process (SIGTERM: it checkpoints and closes) and removes its DATA_DIR unless kept. */
  stop(options?: { keepData?: boolean }): Promise<void>;
}

export const tokenOf = (role: Role, sub = `${role.toLowerCase()}-1`, name = `کاربر ${sub}`): Promise<string> =>
  signToken({ sub, name, roles: [role], expiresIn: '2h' }, NODE_SECRET);

/**
 * `ready: 'answering'` returns as soon as the node answers HTTP, while its read models may still be
 * folding the log (a new node joining a long log); by default, once /healthz says 200.
 */
export const startPostgresNode = async (
  name: string,
  connectionString: string,
  env: Record<string, string> = {},
  ready: 'healthy' | 'answering' = 'healthy',
): Promise<PostgresNode> => {
  const dataDir = mkdtempSync(join(tmpdir(), `daftar-${name}-`));
  const clerk = await tokenOf('CLERK');
  const start = () =>
    startChildServer({ DATA_DIR: dataDir, AUTH_JWT_SECRET: NODE_SECRET, EVENTSTORE_CONNECTION_STRING: connectionString, ...env }, 90_000, ready);
  let server: ChildServer;
  try {
    server = await start();
  } catch (error) {
    rmSync(dataDir, { recursive: true, force: true });
    throw error;
  }
  const gql = async <Data,>(query: string, variables: Record<string, unknown> = {}, token = clerk): Promise<GraphQLResponse<Data>> => {
    const response = await fetch(server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query, variables }),
    });
    return { status: response.status, ...((await response.json()) as Omit<GraphQLResponse<Data>, 'status'>) };
  };
  return {
    name,
    dataDir,
    get url() {
      return server.url;
    },
    gql,
    ok: async <Data,>(query: string, variables?: Record<string, unknown>, token?: string) => {
      const result = await gql<Data>(query, variables, token);
      if (result.errors?.length) throw new Error(`${name}: GraphQL errors: ${JSON.stringify(result.errors)}`);
      return result.data as Data;
    },
    health: async () => {
      const response = await fetch(server.url.replace(/\/graphql$/, '/healthz'));
      const body = (await response.json()) as Omit<Health, 'httpStatus'>;
      return { httpStatus: response.status, status: body.status, head: body.head, projected: body.projected, lagEvents: body.lagEvents };
    },
    kill: async (signal = 'SIGKILL') => {
      await server.kill(signal);
    },
    restart: async () => {
      server = await start();
    },
    stop: async ({ keepData = false } = {}) => {
      await server.kill('SIGTERM');
      if (!keepData) rmSync(dataDir, { recursive: true, force: true });
    },
  };
};

/** Polls /healthz until the node's read models have folded the whole shared log (200, lag 0). */
export const caughtUp = async (node: PostgresNode, timeoutMs = 30_000): Promise<Health> => {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const health = await node.health().catch(() => null);
    if (health && health.httpStatus === 200 && health.lagEvents === 0 && health.projected === health.head) return health;
    if (Date.now() > deadline) throw new Error(`${node.name} did not catch up with the log in ${timeoutMs} ms: ${JSON.stringify(health)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
};

/** The shared log, through a store of the test's own (a third writer the nodes do not know of). */
export const withLog = async <T>(connectionString: string, read: (store: EventStore) => Promise<T>): Promise<T> => {
  const store = await openPostgresEventStore({ connectionString, poolSize: 2 });
  try {
    return await read(store);
  } finally {
    await store.close();
  }
};

/** Every read model's documents in a stopped node's DATA_DIR, collection by collection, as JSON text. */
export const readModelDocuments = (dataDir: string): Record<string, string> => {
  const store = new ReadModelStore(join(dataDir, 'read-models.sqlite'));
  try {
    return Object.fromEntries(projections.map(({ collection }) => [collection, JSON.stringify(store.all(collection))]));
  } finally {
    store.close();
  }
};
