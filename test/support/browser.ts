import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Kind, parse } from 'graphql';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

const repo = join(__dirname, '..', '..');

/** Where the browser tests keep their screenshots (gitignored): test-output/console/<name>.png. */
export const SCREENSHOT_DIR = join(repo, 'test-output', 'console');

/**
 * The console the server serves is the one `npm run build:console` built (`npm test` builds it
 * first); run alone, a test builds it when it is missing rather than failing on a 503.
 */
export const requireBuiltConsole = (): void => {
  if (existsSync(join(repo, 'dist', 'console', 'index.html'))) return;
  execFileSync(process.execPath, [join(repo, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--config', 'console/vite.config.ts', '--logLevel', 'warn'], {
    cwd: repo,
    stdio: 'inherit',
  });
};

/**
 * The Chromium that @sparticuz/chromium unpacks from npm (no download, no system browser). The
 * package is ESM only, which Jest's CommonJS loader cannot require: a child Node process asks it
 * for the path (unpacking the binary the first time).
 */
export const chromiumPath = (): string =>
  execFileSync(process.execPath, ['--input-type=module', '-e', "import c from '@sparticuz/chromium'; process.stdout.write(await c.executablePath());"], {
    cwd: repo,
    encoding: 'utf8',
  }).trim();

/**
 * Flags that keep Chromium from reaching out on its own (component updates, sync, safe browsing,
 * QUIC): on a closed network those attempts fail, and a test asserts the page reached only 127.0.0.1.
 */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--no-default-browser-check',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-default-apps',
  '--disable-extensions',
  '--disable-domain-reliability',
  '--disable-client-side-phishing-detection',
  '--metrics-recording-only',
  '--disable-dev-shm-usage',
];

export interface ConsoleBrowser {
  browser: Browser;
  context: BrowserContext;
  close(): Promise<void>;
}

/** A headless Chromium with a fresh user-data directory (removed on close): nothing carried over between tests. */
export const launchBrowser = async (): Promise<ConsoleBrowser> => {
  const userDataDir = mkdtempSync(join(tmpdir(), 'daftar-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: chromiumPath(),
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: { width: 1280, height: 900 },
    locale: 'fa-IR',
    timezoneId: 'Asia/Tehran',
  });
  return {
    browser: context.browser()!,
    context,
    close: async () => {
      await context.close();
      rmSync(userDataDir, { recursive: true, force: true });
    },
  };
};

/** Every URL a page asked for: its requests (documents, scripts, fonts, fetches) and its WebSockets. */
export interface RecordedTraffic {
  requests: string[];
  websockets: string[];
  /** Those whose host is not 127.0.0.1 (data: and blob: URLs never leave the page). */
  leftLoopback(): string[];
  /** Every GraphQL document the page posted to /graphql. */
  operations: string[];
  /** The mutations among the GraphQL operations the page posted: the console has none, whatever the token. */
  mutationsSent(): string[];
}

export const recordTraffic = (page: Page): RecordedTraffic => {
  const requests: string[] = [];
  const websockets: string[] = [];
  const operations: string[] = [];
  page.on('request', (request) => {
    requests.push(request.url());
    const body = request.method() === 'POST' ? request.postData() : null;
    if (body && new URL(request.url()).pathname === '/graphql') operations.push((JSON.parse(body) as { query: string }).query);
  });
  page.on('websocket', (socket) => void websockets.push(socket.url()));
  return {
    requests,
    websockets,
    operations,
    leftLoopback: () =>
      [...requests, ...websockets].filter((url) => {
        const parsed = new URL(url);
        if (parsed.protocol === 'data:' || parsed.protocol === 'blob:' || url === 'about:blank') return false;
        return parsed.hostname !== '127.0.0.1';
      }),
    mutationsSent: () =>
      operations.filter((query) => parse(query).definitions.some((definition) => definition.kind === Kind.OPERATION_DEFINITION && definition.operation === 'mutation')),
  };
};

/** Saves what the window shows (or the whole page, `fullPage`) as test-output/console/<name>.png and returns its path. */
export const screenshot = async (page: Page, name: string, options: { fullPage?: boolean } = {}): Promise<string> => {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const path = join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path, fullPage: options.fullPage ?? false });
  return path;
};

/** Calls `attempt` every `interval` ms until it returns true, failing after `timeout` ms. */
export const eventually = async (attempt: () => Promise<boolean> | boolean, { timeout = 10_000, interval = 250 } = {}): Promise<void> => {
  const deadline = Date.now() + timeout;
  while (!(await attempt())) {
    if (Date.now() > deadline) throw new Error(`not so after ${timeout} ms`);
    await new Promise((resolve) => setTimeout(resolve, interval));
  }
};

/**
 * The README's pictures of the console (docs/console/<name>.png) are taken by the tests, but only
 * on request (`CONSOLE_SCREENSHOTS=docs npx jest test/console`): the dates and positions in them
 * change on every run, and a test run must not leave the work tree changed.
 */
export const keepForReadme = (screenshotPath: string, name: string): void => {
  if (process.env.CONSOLE_SCREENSHOTS !== 'docs') return;
  const docs = join(repo, 'docs', 'console');
  mkdirSync(docs, { recursive: true });
  copyFileSync(screenshotPath, join(docs, `${name}.png`));
};
