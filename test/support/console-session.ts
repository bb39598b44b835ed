import type { Page } from 'playwright-core';
import { inProcessDemoClient, recordDemo } from '../../src/demo/record-demo';
import { launchBrowser, recordTraffic, requireBuiltConsole, type ConsoleBrowser, type RecordedTraffic } from './browser';
import { startTestServer, type TestServer } from './test-server';

export interface ConsoleWithDemo {
  server: TestServer;
  browser: ConsoleBrowser;
  /** `http://127.0.0.1:<port>/console/`: add `#/<view>`. */
  consoleUrl: string;
}

/** What every browser test of the console stands on: the real server with the Tabriz demo recorded, the built console, a fresh Chromium. */
const startConsoleWithDemo = async (): Promise<ConsoleWithDemo> => {
  requireBuiltConsole();
  const server = await startTestServer();
  const demo = await recordDemo(await inProcessDemoClient(server.app));
  if (demo.status !== 'recorded') throw new Error(`the demo was not recorded: ${JSON.stringify(demo)}`);
  return { server, browser: await launchBrowser(), consoleUrl: server.url.replace(/\/graphql$/, '/console/') };
};

/** Types the token into the header's field, as a person does, and waits until the page holds it. */
export const enterToken = async (page: Page, token: string): Promise<void> => {
  await page.getByTestId('token-input').fill(token);
  await page.getByTestId('token-submit').click();
  await page.locator('[data-testid="token-state"][data-has-token="true"]').waitFor();
};

/** A console test file's browser and server, and the page of the test that is running. */
export interface ConsoleSuite extends ConsoleWithDemo {
  page: Page;
  traffic: RecordedTraffic;
}

/**
 * Registers a console test file's hooks: the server with the demo and a browser for the whole
 * file, and for each test a fresh page with its traffic recorded, closed after it. The object is
 * filled in by the hooks: read it inside hooks and tests.
 */
export const useConsoleSuite = (): ConsoleSuite => {
  const suite = {} as ConsoleSuite;
  beforeAll(async () => {
    Object.assign(suite, await startConsoleWithDemo());
  }, 180_000);
  afterAll(async () => {
    await suite.browser?.close();
    await suite.server?.stop();
  });
  beforeEach(async () => {
    suite.page = await suite.browser.context.newPage();
    suite.traffic = recordTraffic(suite.page);
  });
  afterEach(async () => {
    await suite.page?.close();
  });
  return suite;
};
