import type { Page } from 'playwright-core';
import { inProcessDemoClient, recordDemo } from '../../src/demo/record-demo';
import { launchBrowser, requireBuiltConsole, type ConsoleBrowser } from './browser';
import { startTestServer, type TestServer } from './test-server';

export interface ConsoleWithDemo {
  server: TestServer;
  browser: ConsoleBrowser;
  /** `http://127.0.0.1:<port>/console/`: add `#/<view>`. */
  consoleUrl: string;
}

/** What every browser test of the console stands on: the real server with the Tabriz demo recorded, the built console, a fresh Chromium. */
export const startConsoleWithDemo = async (): Promise<ConsoleWithDemo> => {
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
