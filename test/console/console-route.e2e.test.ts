import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import express from 'express';
import type { AddressInfo } from 'node:net';
import { builtConsoleDirectory, consoleRoute, CONSOLE_CONTENT_SECURITY_POLICY } from '../../src/console/console-route';
import { loadConfig } from '../../src/config';
import { silentLogger } from '../../src/logger';
import { verifyToken } from '../../src/auth/tokens';
import { startTestServer, type TestServer } from '../support/test-server';
import { requireBuiltConsole } from '../support/browser';

const consoleUrl = (server: TestServer, path = '') => server.url.replace(/\/graphql$/, `/console${path}`);

describe('the audit console at /console', () => {
  beforeAll(() => requireBuiltConsole());

  describe('on (the default), under a real secret', () => {
    let server: TestServer;
    beforeAll(async () => {
      server = await startTestServer();
    });
    afterAll(() => server.stop());

    it.each(['', '/', '/index.html'])('serves the page for /console%s, Persian and right-to-left, under a strict CSP', async (path) => {
      const response = await fetch(consoleUrl(server, path));
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/^text\/html/);
      expect(response.headers.get('content-security-policy')).toBe(CONSOLE_CONTENT_SECURITY_POLICY);
      expect(await response.text()).toMatch(/<html lang="fa" dir="rtl">/);
    });

    it("lets the page reach only this server: default-src, connect-src and font-src are 'self'", () => {
      const directives = Object.fromEntries(CONSOLE_CONTENT_SECURITY_POLICY.split('; ').map((d) => [d.split(' ')[0], d.split(' ').slice(1).join(' ')]));
      expect(directives).toMatchObject({ 'default-src': "'self'", 'script-src': "'self'", 'connect-src': "'self'", 'font-src': "'self'", 'object-src': "'none'" });
    });

    it('serves the built script and the bundled font from /console/assets, for good (hashed names)', async () => {
      const page = await (await fetch(consoleUrl(server, '/'))).text();
      const script = /src="(\/console\/assets\/[^"]+\.js)"/.exec(page)![1];
      const response = await fetch(new URL(script, server.url));
      expect(response.status).toBe(200);
      expect(response.headers.get('cache-control')).toMatch(/immutable/);
      expect(response.headers.get('content-security-policy')).toBe(CONSOLE_CONTENT_SECURITY_POLICY);
    });

    it('answers 404 for a file that is not there', async () => {
      expect((await fetch(consoleUrl(server, '/assets/nothing.js'))).status).toBe(404);
      expect((await fetch(consoleUrl(server, '/nothing'))).status).toBe(404);
    });

    it('has no development tokens to give: 404 under AUTH_JWT_SECRET', async () => {
      expect((await fetch(consoleUrl(server, '/dev-tokens.json'))).status).toBe(404);
    });
  });

  describe('in development (no AUTH_JWT_SECRET: the development secret)', () => {
    let server: TestServer;
    beforeAll(async () => {
      // An empty value counts as unset: the server makes its development secret in DATA_DIR.
      server = await startTestServer({ AUTH_JWT_SECRET: '', NODE_ENV: 'development' });
    });
    afterAll(() => server.stop());

    it('lists the printed tokens with their roles, signed with the secret the server verifies', async () => {
      const response = await fetch(consoleUrl(server, '/dev-tokens.json'));
      expect(response.status).toBe(200);
      const { tokens } = (await response.json()) as { tokens: { name: string; roles: string[]; token: string }[] };
      expect(tokens.map(({ name, roles }) => ({ name, roles }))).toEqual([
        { name: 'Development clerk', roles: ['CLERK'] },
        { name: 'Development auditor', roles: ['AUDITOR'] },
      ]);
      await expect(verifyToken(tokens[1].token, server.app.authSecret)).resolves.toMatchObject({ id: 'dev-auditor', roles: ['AUDITOR'] });
      const answer = await server.gql('{ verifyIntegrity { ok } }', {}, tokens[1].token);
      expect(answer.errors).toBeUndefined();
    });
  });

  describe('CONSOLE=false', () => {
    let server: TestServer;
    beforeAll(async () => {
      server = await startTestServer({ CONSOLE: 'false' });
    });
    afterAll(() => server.stop());

    it.each(['', '/', '/dev-tokens.json'])('is not there: /console%s is a 404', async (path) => {
      const response = await fetch(consoleUrl(server, path));
      expect(response.status).toBe(404);
      // Express's own 404 (with its default-src 'none'), not the console's.
      expect(response.headers.get('content-security-policy')).not.toBe(CONSOLE_CONTENT_SECURITY_POLICY);
    });
  });

  describe('not built', () => {
    let directory: string;
    let url: string;
    let close: () => void;
    const warnings: unknown[] = [];
    beforeAll(async () => {
      directory = mkdtempSync(join(tmpdir(), 'daftar-console-missing-'));
      const logger = Object.assign(Object.create(silentLogger) as typeof silentLogger, { warn: (...args: unknown[]) => void warnings.push(args) });
      const router = consoleRoute({ config: loadConfig({}), authSecret: 'x'.repeat(32), logger, directory })!;
      const app = express().use(router);
      const listening = app.listen(0, '127.0.0.1');
      await new Promise((resolve) => listening.once('listening', resolve));
      url = `http://127.0.0.1:${(listening.address() as AddressInfo).port}/console`;
      close = () => listening.close();
    });
    afterAll(() => {
      close();
      rmSync(directory, { recursive: true, force: true });
    });

    it('warns once at start and answers /console with 503, saying to run npm run build', async () => {
      expect(JSON.stringify(warnings)).toMatch(/npm run build/);
      const response = await fetch(url);
      expect(response.status).toBe(503);
      expect(await response.text()).toMatch(/run `npm run build`/);
    });
  });

  it('is looked for in dist/console at the repository root', () => {
    expect(builtConsoleDirectory()).toBe(join(__dirname, '..', '..', 'dist', 'console'));
  });
});
