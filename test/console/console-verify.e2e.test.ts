import { keepForReadme, screenshot } from '../support/browser';
import { enterToken, useConsoleSuite } from '../support/console-session';

/**
 * Verifying the ledger in a real Chromium against the Tabriz demo: the full integrity check, the
 * head copied, a mutation made over HTTP, and the kept head checked against today's log (it still
 * extends it), then a made-up hash (it does not).
 */
describe('the audit console in a browser: verifying the ledger', () => {
  const suite = useConsoleSuite();

  beforeAll(async () => {
    await suite.browser.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(suite.consoleUrl).origin });
  });

  const checkKeptHead = async (text: string) => {
    await suite.page.getByTestId('kept-head-input').fill(text);
    await suite.page.getByTestId('kept-head-check').click();
    await suite.page.getByTestId('kept-head-verdict').waitFor();
  };

  it('runs the integrity check, copies the head and shows whether today’s log still extends a kept head, reaching nothing but 127.0.0.1', async () => {
    await suite.page.goto(`${suite.consoleUrl}#/verify`);
    await enterToken(suite.page, suite.server.tokens.AUDITOR);

    const { ledgerHead, auditLog } = await suite.server.ok(`{ ledgerHead { position hash } auditLog(first: 1) { totalCount } }`, {}, suite.server.tokens.AUDITOR);
    const head = suite.page.getByTestId('ledger-head');
    await head.waitFor();
    expect(await head.getAttribute('data-position')).toBe(ledgerHead.position);
    expect(await suite.page.getByTestId('head-hash').textContent()).toBe(ledgerHead.hash);
    expect(await suite.page.getByTestId('head-watch').getAttribute('data-status')).toMatch(/^(INTACT|VERIFYING)$/);
    await screenshot(suite.page, 'verify-01-head');

    await suite.page.getByTestId('run-verify').click();
    const report = suite.page.getByTestId('verify-report');
    await report.waitFor();
    expect(await report.getAttribute('data-ok')).toBe('true');
    // Every event of the log, counted by the API on its own.
    expect(Number(await report.getAttribute('data-checked-events'))).toBe(auditLog.totalCount);
    expect(auditLog.totalCount).toBeGreaterThan(100);
    await screenshot(suite.page, 'verify-02-checked');

    await suite.page.getByTestId('copy-head').click();
    await suite.page.locator('[data-testid="copy-state"][data-state="copied"]').waitFor();
    const kept = await suite.page.evaluate('navigator.clipboard.readText()') as string;
    expect(kept).toBe(await suite.page.getByTestId('head-line').inputValue());
    expect(kept).toContain(ledgerHead.position);
    expect(kept).toContain(ledgerHead.hash);

    // The record grows after the head was kept.
    await suite.server.ok(
      `mutation ($input: RegisterOrganizationInput!) { registerOrganization(input: $input) { organization { entityId } } }`,
      { input: { name: 'استانداری آزمون پیوستگی', kind: 'OTHER', country: 'IR' } },
      suite.server.tokens.CLERK,
    );
    const after = await suite.server.ok(`{ ledgerHead { position } }`, {}, suite.server.tokens.AUDITOR);
    expect(after.ledgerHead.position).not.toBe(ledgerHead.position);
    await suite.page.getByTestId('refresh-head').click();
    await suite.page.locator(`[data-testid="ledger-head"][data-position="${after.ledgerHead.position}"]`).waitFor();

    await checkKeptHead(kept);
    const verdict = suite.page.getByTestId('kept-head-verdict');
    expect(await verdict.getAttribute('data-extends')).toBe('true');
    expect(await suite.page.getByTestId('kept-head-report').getAttribute('data-checked-events')).toBe(String(auditLog.totalCount + 1));
    keepForReadme(await screenshot(suite.page, 'verify-03-kept-head-extends'), 'verify');

    // The position and the hash pasted on their own lines are read as well.
    await checkKeptHead(`${ledgerHead.position}\n${ledgerHead.hash}`);
    expect(await verdict.getAttribute('data-extends')).toBe('true');

    const madeUp = `daftar-head position=${ledgerHead.position} hash=${'ab'.repeat(32)}`;
    await checkKeptHead(madeUp);
    await suite.page.locator('[data-testid="kept-head-verdict"][data-extends="false"]').waitFor();
    expect(await suite.page.getByTestId('kept-head-report').getAttribute('data-ok')).toBe('false');
    expect(await suite.page.getByTestId('kept-head-report-first-broken').textContent()).toBe(ledgerHead.position);
    expect(await suite.page.getByTestId('kept-head-report-reason').textContent()).toBeTruthy();
    await screenshot(suite.page, 'verify-04-kept-head-made-up');

    // Text with no head in it is refused in the page, without asking the API.
    await suite.page.getByTestId('kept-head-input').fill('nothing to see');
    await suite.page.getByTestId('kept-head-check').click();
    await suite.page.getByTestId('kept-head-invalid').waitFor();

    expect(suite.traffic.leftLoopback()).toEqual([]);

    expect(suite.traffic.mutationsSent()).toEqual([]);
  }, 120_000);
});
