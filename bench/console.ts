import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium, type Browser } from 'playwright-core';
import { signToken } from '../src/auth/tokens';
import { httpDemoClient, recordDemo } from '../src/demo/record-demo';
import { CHROMIUM_ARGS, chromiumPath } from '../test/support/browser';
import { BENCH_JWT_SECRET, DIST_DIR, startServerProcess } from './server-process';

/**
 * The audit console's first load, as a reader meets it: a fresh browser context (empty cache) opens
 * `/console/#/search?q=تبریز` with a token and waits for the first search result. The yardstick,
 * loaded alternately in the same browser from the same server, is GraphiQL at `/graphql`: the page
 * auditors had before, waited for until its editor is shown. Also the bundle's size, raw and gzipped.
 */
export interface ConsoleBenchOptions {
  loads?: number;
}

const CONSOLE_DIR = join(DIST_DIR, 'console');
const TOKEN_KEY = 'daftar.console.token';

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};

const round = (value: number) => Math.round(value * 10) / 10;

const bundleSizes = () => {
  const assets = join(CONSOLE_DIR, 'assets');
  const files = readdirSync(assets).map((name) => {
    const bytes = readFileSync(join(assets, name));
    return { name, bytes: statSync(join(assets, name)).size, gzipBytes: gzipSync(bytes, { level: 9 }).length };
  });
  const total = (suffix: string, key: 'bytes' | 'gzipBytes') => files.filter((file) => file.name.endsWith(suffix)).reduce((sum, file) => sum + file[key], 0);
  return { files, jsBytes: total('.js', 'bytes'), jsGzipBytes: total('.js', 'gzipBytes'), cssGzipBytes: total('.css', 'gzipBytes'), fontBytes: total('.woff2', 'bytes') };
};

interface Load {
  /** From navigation start to the page being useful (first search result, or GraphiQL's editor). */
  readyMs: number;
  domContentLoadedMs: number;
  /** What went over the wire for the page and everything it loaded. */
  transferredBytes: number;
}

const loadOnce = async (browser: Browser, url: string, readySelector: string, token: string | null): Promise<Load> => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'fa-IR', timezoneId: 'Asia/Tehran' });
  // Page-side code as text: the bench is compiled without the DOM's types.
  if (token) await context.addInitScript(`sessionStorage.setItem(${JSON.stringify(TOKEN_KEY)}, ${JSON.stringify(token)})`);
  const page = await context.newPage();
  const started = performance.now();
  await page.goto(url, { waitUntil: 'commit' });
  await page.waitForSelector(readySelector, { state: 'visible', timeout: 60_000 });
  const readyMs = performance.now() - started;
  const timing = await page.evaluate<{ domContentLoadedMs: number; transferredBytes: number }>(`(() => {
    const [navigation] = performance.getEntriesByType('navigation');
    const resources = performance.getEntriesByType('resource');
    return {
      domContentLoadedMs: navigation.domContentLoadedEventEnd - navigation.startTime,
      transferredBytes: navigation.transferSize + resources.reduce((sum, resource) => sum + resource.transferSize, 0),
    };
  })()`);
  await context.close();
  return { readyMs, ...timing };
};

const summary = (loads: Load[]) => ({
  readyMsMedian: round(median(loads.map((load) => load.readyMs))),
  readyMsRange: [round(Math.min(...loads.map((load) => load.readyMs))), round(Math.max(...loads.map((load) => load.readyMs)))],
  domContentLoadedMsMedian: round(median(loads.map((load) => load.domContentLoadedMs))),
  transferredBytes: median(loads.map((load) => load.transferredBytes)),
});

export const runConsoleBench = async (options: ConsoleBenchOptions): Promise<object> => {
  if (!existsSync(join(CONSOLE_DIR, 'index.html'))) throw new Error(`no built console in ${CONSOLE_DIR}: run npm run build:console first`);
  const loads = options.loads ?? 10;
  const dataDir = mkdtempSync(join(tmpdir(), 'daftar-bench-console-'));
  const server = await startServerProcess({ dataDir, label: 'server' });
  const browser = await chromium.launch({ executablePath: chromiumPath(), headless: true, args: CHROMIUM_ARGS });
  try {
    const clerk = await signToken({ sub: 'bench-clerk', name: 'bench clerk', roles: ['CLERK'], expiresIn: '1h' }, BENCH_JWT_SECRET);
    const auditor = await signToken({ sub: 'bench-auditor', name: 'bench auditor', roles: ['AUDITOR'], expiresIn: '1h' }, BENCH_JWT_SECRET);
    process.stderr.write('recording the Tabriz demo…\n');
    const demo = await recordDemo(httpDemoClient(server.graphqlUrl, clerk));
    if (demo.status !== 'recorded') throw new Error(`the demo was not recorded: ${JSON.stringify(demo)}`);
    const consoleUrl = `${server.baseUrl}/console/#/search?q=${encodeURIComponent('تبریز')}`;
    const graphiqlUrl = `${server.baseUrl}/graphql`;
    // One unmeasured load of each: Chromium's own first start and the server's first answers.
    await loadOnce(browser, consoleUrl, '[data-testid="search-result"]', auditor);
    await loadOnce(browser, graphiqlUrl, '.graphiql-container', null);
    const ours: Load[] = [];
    const yardstick: Load[] = [];
    for (let load = 1; load <= loads; load++) {
      ours.push(await loadOnce(browser, consoleUrl, '[data-testid="search-result"]', auditor));
      yardstick.push(await loadOnce(browser, graphiqlUrl, '.graphiql-container', null));
      process.stderr.write(`load ${load}/${loads}: console ${Math.round(ours.at(-1)!.readyMs)} ms, GraphiQL ${Math.round(yardstick.at(-1)!.readyMs)} ms\n`);
    }
    const console = summary(ours);
    const graphiql = summary(yardstick);
    return {
      bench: 'console',
      loads,
      bundle: bundleSizes(),
      console,
      graphiql,
      readyRatio: round((console.readyMsMedian / graphiql.readyMsMedian) * 100) / 100,
    };
  } finally {
    await browser.close();
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
};
