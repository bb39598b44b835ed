import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import express, { type Router } from 'express';
import { developmentTokens, type DevelopmentToken } from '../auth/dev-secret';
import type { Config } from '../config';
import type { Logger } from '../logger';

export const CONSOLE_PATH = '/console';

/**
 * The page may load and reach nothing but this server: its scripts, styles and font come from
 * here, and it speaks only to /graphql here (over HTTP and WebSocket; 'self' covers ws: on the
 * same host). Inline styles are allowed for the style attributes of drawn SVG; inline scripts are not.
 */
export const CONSOLE_CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "connect-src 'self'",
  "img-src 'self' data:",
  "style-src 'self' 'unsafe-inline'",
  "font-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/** The repository (or image) root: the nearest folder above this file holding package.json, from src/ and dist/src/ alike. */
const packageRoot = (): string => {
  let directory = __dirname;
  while (!existsSync(join(directory, 'package.json')) && dirname(directory) !== directory) directory = dirname(directory);
  return directory;
};

/** Where `npm run build` (vite, console/vite.config.ts) writes the console. */
export const builtConsoleDirectory = (): string => join(packageRoot(), 'dist', 'console');

export interface ConsoleRouteOptions {
  config: Pick<Config, 'CONSOLE' | 'NODE_ENV' | 'AUTH_JWT_SECRET'>;
  authSecret: string;
  logger: Logger;
  /** The built files; `builtConsoleDirectory()` unless a test says otherwise. */
  directory?: string;
}

/**
 * The audit console at /console: the built files, under a strict CSP, with index.html for
 * `/console` and `/console/`. Null when CONSOLE=false (so /console is a 404 like any unknown path).
 * The console holds no secret and can do nothing its reader's token does not allow, so it is on in
 * production too; `/console/dev-tokens.json` exists only where the server signs with the
 * development secret (no AUTH_JWT_SECRET, never in production).
 */
export const consoleRoute = ({ config, authSecret, logger, directory = builtConsoleDirectory() }: ConsoleRouteOptions): Router | null => {
  if (!config.CONSOLE) return null;
  const router = express.Router();
  router.use(CONSOLE_PATH, (_req, res, next) => {
    res.setHeader('content-security-policy', CONSOLE_CONTENT_SECURITY_POLICY);
    res.setHeader('x-content-type-options', 'nosniff');
    res.setHeader('referrer-policy', 'no-referrer');
    res.setHeader('x-frame-options', 'DENY');
    next();
  });

  if (!config.AUTH_JWT_SECRET && config.NODE_ENV !== 'production') {
    let tokens: Promise<DevelopmentToken[]> | null = null;
    router.get(`${CONSOLE_PATH}/dev-tokens.json`, async (_req, res, next) => {
      try {
        tokens ??= developmentTokens(authSecret);
        res.setHeader('cache-control', 'no-store');
        res.json({ tokens: await tokens });
      } catch (error) {
        next(error);
      }
    });
  }

  const index = join(directory, 'index.html');
  if (!existsSync(index)) {
    logger.warn({ directory }, 'the audit console is not built: /console answers 503 until `npm run build` (or `npm run build:console`) is run');
    router.use(CONSOLE_PATH, (_req, res) => {
      res.status(503).type('text/plain; charset=utf-8').send('The audit console is not built: run `npm run build` (or `npm run build:console`) and restart the server.\n');
    });
    return router;
  }

  const sendIndex = (_req: express.Request, res: express.Response) => {
    // Always checked again: it names the hashed assets of the current build.
    res.setHeader('cache-control', 'no-cache');
    res.sendFile(index);
  };
  router.get([CONSOLE_PATH, `${CONSOLE_PATH}/`, `${CONSOLE_PATH}/index.html`], sendIndex);
  // Vite names every asset by its content: a name never changes meaning, so it may be kept for good.
  router.use(`${CONSOLE_PATH}/assets`, express.static(join(directory, 'assets'), { immutable: true, maxAge: '365d', index: false }));
  router.use(CONSOLE_PATH, (_req, res) => void res.status(404).type('text/plain; charset=utf-8').send('Not found\n'));
  return router;
};
