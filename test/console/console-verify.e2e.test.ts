import type { Page } from 'playwright-core';
import { keepForReadme, recordTraffic, screenshot, type ConsoleBrowser, type RecordedTraffic } from '../support/browser';
import { type TestServer } from '../support/test-server';
import { enterToken, startConsoleWithDemo } from '../support/console-session';

/**
 * Verifying the ledger in a real Chromium against the Tabriz demo: the full integrity check, the
 * head copied, a mutation made over HTTP, and the kept head checked against today's log (it still
 * extends it), then a made-up hash (it does not).
 */
describe('the audit console in a browser: verifying the ledger', () => {
  let server: TestServer;
  let browser: ConsoleBrowser;
  let consoleUrl: string;
  let page: Page;
  let traffic: RecordedTraffic;

  beforeAll(async () => {
    ({ server, browser, consoleUrl } = await startConsoleWithDemo());
    await browser.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(consoleUrl).origin });
    page = await browser.context.newPage();
    traffic = recordTraffic(page);
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  const checkKeptHead = async (text: string) => {
    await page.getByTestId('kept-head-input').fill(text);
    await page.getByTestId('kept-head-check').click();
    await page.getByTestId('kept-head-verdict').waitFor();
  };

  it('runs the integrity check, copies the head and shows whether today’s log still extends a kept head, reaching nothing but 127.0.0.1', async () => {
    await page.goto(`${consoleUrl}#/verify`);
    await enterToken(page, server.tokens.AUDITOR);

    const { ledgerHead, auditLog } = await server.ok(`{ ledgerHead { position hash } auditLog(first: 1) { totalCount } }`, {}, server.tokens.AUDITOR);
    const head = page.getByTestId('ledger-head');
    await head.waitFor();
    expect(await head.getAttribute('data-position')).toBe(ledgerHead.position);
    expect(await page.getByTestId('head-hash').textContent()).toBe(ledgerHead.hash);
    expect(await page.getByTestId('head-watch').getAttribute('data-status')).toMatch(/^(INTACT|VERIFYING)$/);
    await screenshot(page, 'verify-01-head');

    await page.getByTestId('run-verify').click();
    const report = page.getByTestId('verify-report');
    await report.waitFor();
    expect(await report.getAttribute('data-ok')).toBe('true');
    // Every event of the log, counted by the API on its own.
    expect(Number(await report.getAttribute('data-checked-events'))).toBe(auditLog.totalCount);
    expect(auditLog.totalCount).toBeGreaterThan(100);
    await screenshot(page, 'verify-02-checked');

    await page.getByTestId('copy-head').click();
    await page.locator('[data-testid="copy-state"][data-state="copied"]').waitFor();
    const kept = await page.evaluate('navigator.clipboard.readText()') as string;
    expect(kept).toBe(await page.getByTestId('head-line').inputValue());
    expect(kept).toContain(ledgerHead.position);
    expect(kept).toContain(ledgerHead.hash);

    // The record grows after the head was kept.
    await server.ok(
      `mutation ($input: RegisterOrganizationInput!) { registerOrganization(input: $input) { organization { entityId } } }`,
      { input: { name: 'استانداری آزمون پیوستگی', kind: 'OTHER', country: 'IR' } },
      server.tokens.CLERK,
    );
    const after = await server.ok(`{ ledgerHead { position } }`, {}, server.tokens.AUDITOR);
    expect(after.ledgerHead.position).not.toBe(ledgerHead.position);
    await page.getByTestId('refresh-head').click();
    await page.locator(`[data-testid="ledger-head"][data-position="${after.ledgerHead.position}"]`).waitFor();

    await checkKeptHead(kept);
    const verdict = page.getByTestId('kept-head-verdict');
    expect(await verdict.getAttribute('data-extends')).toBe('true');
    expect(await page.getByTestId('kept-head-report').getAttribute('data-checked-events')).toBe(String(auditLog.totalCount + 1));
    keepForReadme(await screenshot(page, 'verify-03-kept-head-extends'), 'verify');

    // The position and the hash pasted on their own lines are read as well.
    await checkKeptHead(`${ledgerHead.position}\n${ledgerHead.hash}`);
    expect(await verdict.getAttribute('data-extends')).toBe('true');

    const madeUp = `daftar-head position=${ledgerHead.position} hash=${'ab'.repeat(32)}`;
    await checkKeptHead(madeUp);
    await page.locator('[data-testid="kept-head-verdict"][data-extends="false"]').waitFor();
    expect(await page.getByTestId('kept-head-report').getAttribute('data-ok')).toBe('false');
    expect(await page.getByTestId('kept-head-report-first-broken').textContent()).toBe(ledgerHead.position);
    expect(await page.getByTestId('kept-head-report-reason').textContent()).toBeTruthy();
    await screenshot(page, 'verify-04-kept-head-made-up');

    // Text with no head in it is refused in the page, without asking the API.
    await page.getByTestId('kept-head-input').fill('nothing to see');
    await page.getByTestId('kept-head-check').click();
    await page.getByTestId('kept-head-invalid').waitFor();

    expect(traffic.leftLoopback()).toEqual([]);

    expect(traffic.mutationsSent()).toEqual([]);
  }, 120_000);
});
