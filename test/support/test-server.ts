import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp, type App } from '../../src/app';
import { loadConfig } from '../../src/config';
import { silentLogger } from '../../src/logger';
import { startServer, type RunningServer } from '../../src/server';
import { signToken } from '../../src/auth/tokens';
import type { Role } from '../../src/core/event';

export const TEST_SECRET = 'test-secret-that-is-at-least-32-characters-long';

export interface GraphQLResponse<Data = any> {
  status: number;
  data?: Data;
  errors?: { message: string; path?: string[]; extensions: { code: string; [key: string]: any } }[];
}

export interface TestServer {
  url: string;
  dataDir: string;
  app: App;
  server: RunningServer;
  /** Tokens per role, plus `tokenFor` for a named user. */
  tokens: Record<Role, string>;
  tokenFor(sub: string, name: string, roles: Role[]): Promise<string>;
  /** POSTs a GraphQL operation; `token` defaults to a CLERK's, `null` sends none. */
  gql<Data = any>(query: string, variables?: Record<string, unknown>, token?: string | null): Promise<GraphQLResponse<Data>>;
  /** Like gql, but fails the test on any error and returns `data`. */
  ok<Data = any>(query: string, variables?: Record<string, unknown>, token?: string | null): Promise<Data>;
  restart(): Promise<void>;
  stop(options?: { keepData?: boolean }): Promise<void>;
}

/**
 * The real server, on a real SQLite store in a temporary DATA_DIR, listening on a free loopback
 * port: end-to-end tests speak GraphQL over HTTP to it and nothing else.
 */
export const startTestServer = async (env: Record<string, string> = {}, existingDataDir?: string): Promise<TestServer> => {
  const dataDir = existingDataDir ?? mkdtempSync(join(tmpdir(), 'daftar-e2e-'));
  const config = loadConfig({ NODE_ENV: 'test', DATA_DIR: dataDir, AUTH_JWT_SECRET: TEST_SECRET, PORT: '0', HOST: '127.0.0.1', ...env });
  const tokenFor = (sub: string, name: string, roles: Role[]) => signToken({ sub, name, roles, expiresIn: '1h' }, TEST_SECRET);
  const tokens: Record<Role, string> = {
    CLERK: await tokenFor('clerk-1', 'منشی یکم', ['CLERK']),
    AUDITOR: await tokenFor('auditor-1', 'حسابرس یکم', ['AUDITOR']),
    OVERSIGHT: await tokenFor('oversight-1', 'ناظر یکم', ['OVERSIGHT']),
    ADMIN: await tokenFor('admin-1', 'مدیر', ['ADMIN']),
  };
  let app = await createApp(config, silentLogger);
  let server = await startServer(app, 0, '127.0.0.1');

  const gql = async <Data,>(query: string, variables?: Record<string, unknown>, token: string | null = tokens.CLERK) => {
    const response = await fetch(server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await response.json()) as Omit<GraphQLResponse<Data>, 'status'>;
    return { status: response.status, ...body };
  };

  const handle: TestServer = {
    get url() {
      return server.url;
    },
    dataDir,
    get app() {
      return app;
    },
    get server() {
      return server;
    },
    tokens,
    tokenFor,
    gql,
    ok: async <Data,>(query: string, variables?: Record<string, unknown>, token?: string | null) => {
      const result = await gql<Data>(query, variables, token);
      if (result.errors?.length) throw new Error(`GraphQL errors: ${JSON.stringify(result.errors, null, 2)}`);
      return result.data as Data;
    },
    restart: async () => {
      await server.stop();
      await app.close();
      app = await createApp(config, silentLogger);
      server = await startServer(app, 0, '127.0.0.1');
    },
    stop: async ({ keepData = false } = {}) => {
      await server.stop();
      await app.close();
      if (!keepData) rmSync(dataDir, { recursive: true, force: true });
    },
  };
  return handle;
};
