import type { Page } from 'playwright-core';
import { keepForReadme, recordTraffic, screenshot, type ConsoleBrowser, type RecordedTraffic } from '../support/browser';
import { TEST_SECRET, type TestServer } from '../support/test-server';
import { signToken } from '../../src/auth/tokens';
import { enterToken, startConsoleWithDemo } from '../support/console-session';

/**
 * The console in a real Chromium against the real server with the Tabriz demo recorded: what an
 * auditor does, step by step, with a screenshot of each under test-output/console/.
 */
describe('the audit console in a browser: search and timelines', () => {
  let server: TestServer;
  let browser: ConsoleBrowser;
  let consoleUrl: string;

  beforeAll(async () => {
    ({ server, browser, consoleUrl } = await startConsoleWithDemo());
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  let page: Page;
  let traffic: RecordedTraffic;
  beforeEach(async () => {
    page = await browser.context.newPage();
    traffic = recordTraffic(page);
  });
  afterEach(async () => {
    await page.close();
  });

  const search = async (text: string) => {
    await page.getByTestId('search-input').fill(text);
    await page.getByTestId('search-submit').click();
  };

  it('finds the Tabriz meeting by Persian text, shows its 63 outcomes and a resolution’s timeline, reaching nothing but 127.0.0.1', async () => {
    await page.goto(consoleUrl);
    await expect(page.locator('html').getAttribute('dir')).resolves.toBe('rtl');
    await expect(page.locator('html').getAttribute('lang')).resolves.toBe('fa');
    await screenshot(page, '01-console-opened');

    await enterToken(page, server.tokens.AUDITOR);
    // Arabic yeh (ي) typed: the API's own folding finds تبریز.
    await search('تبريز');
    const meetingLink = page.locator('[data-testid="results-meeting"] [data-testid="search-result"]');
    await meetingLink.first().waitFor();
    expect(await meetingLink.count()).toBe(1);
    expect(await meetingLink.first().textContent()).toMatch(/تبریز/);
    keepForReadme(await screenshot(page, '02-search-tabriz'), 'search');

    await meetingLink.first().click();
    await page.locator('[data-testid="outcome-count"][data-count="63"]').waitFor();
    expect(await page.getByTestId('outcome-count').textContent()).toBe('۶۳');
    expect(await page.getByTestId('outcome').count()).toBe(63);
    expect(await page.getByTestId('entity-title').textContent()).toMatch(/تبریز/);
    await page.getByTestId('timeline-item').first().waitFor();
    keepForReadme(await screenshot(page, '03-meeting-tabriz'), 'meeting');

    const resolutionLink = page.getByTestId('resolution-link').first();
    const resolutionId = await resolutionLink.getAttribute('data-id');
    await resolutionLink.click();
    await page.locator(`[data-testid="view-entity"][data-type="resolution"][data-id="${resolutionId}"] [data-testid="timeline-item"]`).first().waitFor();
    const items = page.getByTestId('timeline-item');
    const types = await items.evaluateAll((nodes) => nodes.map((node) => node.getAttribute('data-event-type')));
    expect(types[0]).toBe('ResolutionProposed');
    const { history } = await server.ok(`query ($id: ID!) { history(entityId: $id, first: 500) { totalCount edges { node { type correlationId actor { name role } } } } }`, { id: resolutionId }, server.tokens.AUDITOR);
    expect(types).toEqual(history.edges.map((edge: { node: { type: string } }) => edge.node.type));
    const first = items.first();
    expect(await first.getByTestId('event-actor').textContent()).toContain(history.edges[0].node.actor.name);
    expect(await first.getByTestId('event-actor-role').textContent()).toBe(history.edges[0].node.actor.role);
    expect(await first.getByTestId('event-request-id').textContent()).toBe(history.edges[0].node.correlationId);
    // Solar Hijri, Persian digits, the Gregorian date on hover.
    expect(await first.getByTestId('event-occurred-at').textContent()).toMatch(/^[۰-۹]{4}\/[۰-۹]{2}\/[۰-۹]{2} [۰-۹]{2}:[۰-۹]{2}$/);
    expect(await first.getByTestId('event-recorded-at').getAttribute('title')).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} \(Asia\/Tehran\)/);
    expect(await first.getByTestId('field-change').count()).toBeGreaterThan(0);
    keepForReadme(await screenshot(page, '04-resolution-timeline'), 'timeline');

    expect(traffic.requests.some((url) => url.includes('/graphql'))).toBe(true);
    expect(traffic.leftLoopback()).toEqual([]);
    expect(traffic.operations.some((query) => query.includes("meetings("))).toBe(true);
    expect(traffic.mutationsSent()).toEqual([]);
  }, 60_000);

  it('says clearly when a token is refused and lets another be entered', async () => {
    await page.goto(`${consoleUrl}#/search?q=${encodeURIComponent('تبریز')}`);
    await enterToken(page, 'not-a-token');
    await page.getByTestId('graphql-error').waitFor();
    expect(await page.getByTestId('error-code').textContent()).toBe('UNAUTHENTICATED');
    expect(await page.getByTestId('error-explanation').textContent()).toMatch(/توکن/);
    keepForReadme(await screenshot(page, '05-wrong-token'), 'wrong-token');

    await page.getByTestId('enter-another-token').click();
    await expect(page.getByTestId('token-input').evaluate((input) => input === input.ownerDocument.activeElement)).resolves.toBe(true);
    await enterToken(page, server.tokens.AUDITOR);
    await page.locator('[data-testid="results-meeting"] [data-testid="search-result"]').first().waitFor();
    expect(await page.getByTestId('graphql-error').count()).toBe(0);
    expect(traffic.leftLoopback()).toEqual([]);
    expect(traffic.mutationsSent()).toEqual([]);
  }, 60_000);

  it('says the token has expired when it has, and takes another', async () => {
    // Past the server's few seconds of clock tolerance.
    const expiring = await signToken({ sub: 'auditor-2', name: 'حسابرس دوم', roles: ['AUDITOR'], expiresIn: '1 minute ago' }, TEST_SECRET);
    await page.goto(`${consoleUrl}#/search?q=${encodeURIComponent('تبریز')}`);
    await enterToken(page, expiring);
    await page.getByTestId('graphql-error').waitFor();
    expect(await page.getByTestId('error-code').textContent()).toBe('UNAUTHENTICATED');
    expect(await page.getByTestId('graphql-error').textContent()).toMatch(/expired/i);
    await page.getByTestId('enter-another-token').click();
    await enterToken(page, server.tokens.AUDITOR);
    await page.locator('[data-testid="results-meeting"] [data-testid="search-result"]').first().waitFor();
    expect(traffic.leftLoopback()).toEqual([]);
  }, 60_000);

  it('shows a GraphQL error with its code and request id', async () => {
    await page.goto(`${consoleUrl}#/entity/meeting/00000000-0000-4000-8000-000000000000`);
    await enterToken(page, server.tokens.AUDITOR);
    await page.locator('[data-testid="graphql-error"][data-code="NOT_FOUND"]').waitFor();
    expect(await page.getByTestId('error-code').textContent()).toBe('NOT_FOUND');
    expect(await page.getByTestId('error-request-id').textContent()).toMatch(/^[0-9a-f-]{36}$/);
    await screenshot(page, '06-graphql-error');
    expect(traffic.leftLoopback()).toEqual([]);
    expect(traffic.mutationsSent()).toEqual([]);
  }, 60_000);

  it('switches to English, left-to-right with Gregorian dates, and keeps the choice', async () => {
    await page.goto(`${consoleUrl}#/search`);
    await page.getByTestId('language-switch').click();
    await expect(page.locator('html').getAttribute('dir')).resolves.toBe('ltr');
    await page.reload();
    await expect(page.locator('html').getAttribute('lang')).resolves.toBe('en');
    await page.getByTestId('language-switch').click();
    await expect(page.locator('html').getAttribute('dir')).resolves.toBe('rtl');
  }, 60_000);
});
