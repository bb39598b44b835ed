import { keepForReadme, screenshot } from '../support/browser';
import { TEST_SECRET } from '../support/test-server';
import { signToken } from '../../src/auth/tokens';
import { enterToken, useConsoleSuite } from '../support/console-session';

/**
 * The console in a real Chromium against the real server with the Tabriz demo recorded: what an
 * auditor does, step by step, with a screenshot of each under test-output/console/.
 */
describe('the audit console in a browser: search and timelines', () => {
  const suite = useConsoleSuite();

  const search = async (text: string) => {
    await suite.page.getByTestId('search-input').fill(text);
    await suite.page.getByTestId('search-submit').click();
  };

  it('finds the Tabriz meeting by Persian text, shows its 63 outcomes and a resolution’s timeline, reaching nothing but 127.0.0.1', async () => {
    await suite.page.goto(suite.consoleUrl);
    await expect(suite.page.locator('html').getAttribute('dir')).resolves.toBe('rtl');
    await expect(suite.page.locator('html').getAttribute('lang')).resolves.toBe('fa');
    await screenshot(suite.page, '01-console-opened');

    await enterToken(suite.page, suite.server.tokens.AUDITOR);
    // Arabic yeh (ي) typed: the API's own folding finds تبریز.
    await search('تبريز');
    const meetingLink = suite.page.locator('[data-testid="results-meeting"] [data-testid="search-result"]');
    await meetingLink.first().waitFor();
    expect(await meetingLink.count()).toBe(1);
    expect(await meetingLink.first().textContent()).toMatch(/تبریز/);
    keepForReadme(await screenshot(suite.page, '02-search-tabriz'), 'search');

    await meetingLink.first().click();
    await suite.page.locator('[data-testid="outcome-count"][data-count="63"]').waitFor();
    expect(await suite.page.getByTestId('outcome-count').textContent()).toBe('۶۳');
    expect(await suite.page.getByTestId('outcome').count()).toBe(63);
    expect(await suite.page.getByTestId('entity-title').textContent()).toMatch(/تبریز/);
    await suite.page.getByTestId('timeline-item').first().waitFor();
    keepForReadme(await screenshot(suite.page, '03-meeting-tabriz'), 'meeting');

    const resolutionLink = suite.page.getByTestId('resolution-link').first();
    const resolutionId = await resolutionLink.getAttribute('data-id');
    await resolutionLink.click();
    await suite.page.locator(`[data-testid="view-entity"][data-type="resolution"][data-id="${resolutionId}"] [data-testid="timeline-item"]`).first().waitFor();
    const items = suite.page.getByTestId('timeline-item');
    const types = await items.evaluateAll((nodes) => nodes.map((node) => node.getAttribute('data-event-type')));
    expect(types[0]).toBe('ResolutionProposed');
    const { history } = await suite.server.ok(`query ($id: ID!) { history(entityId: $id, first: 500) { totalCount edges { node { type correlationId actor { name role } } } } }`, { id: resolutionId }, suite.server.tokens.AUDITOR);
    expect(types).toEqual(history.edges.map((edge: { node: { type: string } }) => edge.node.type));
    const first = items.first();
    expect(await first.getByTestId('event-actor').textContent()).toContain(history.edges[0].node.actor.name);
    expect(await first.getByTestId('event-actor-role').textContent()).toBe(history.edges[0].node.actor.role);
    expect(await first.getByTestId('event-request-id').textContent()).toBe(history.edges[0].node.correlationId);
    // Solar Hijri, Persian digits, the Gregorian date on hover.
    expect(await first.getByTestId('event-occurred-at').textContent()).toMatch(/^[۰-۹]{4}\/[۰-۹]{2}\/[۰-۹]{2} [۰-۹]{2}:[۰-۹]{2}$/);
    expect(await first.getByTestId('event-recorded-at').getAttribute('title')).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} \(Asia\/Tehran\)/);
    expect(await first.getByTestId('field-change').count()).toBeGreaterThan(0);
    keepForReadme(await screenshot(suite.page, '04-resolution-timeline'), 'timeline');

    expect(suite.traffic.requests.some((url) => url.includes('/graphql'))).toBe(true);
    expect(suite.traffic.leftLoopback()).toEqual([]);
    expect(suite.traffic.operations.some((query) => query.includes("meetings("))).toBe(true);
    expect(suite.traffic.mutationsSent()).toEqual([]);
  }, 60_000);

  it('says clearly when a token is refused and lets another be entered', async () => {
    await suite.page.goto(`${suite.consoleUrl}#/search?q=${encodeURIComponent('تبریز')}`);
    await enterToken(suite.page, 'not-a-token');
    await suite.page.getByTestId('graphql-error').waitFor();
    expect(await suite.page.getByTestId('error-code').textContent()).toBe('UNAUTHENTICATED');
    expect(await suite.page.getByTestId('error-explanation').textContent()).toMatch(/توکن/);
    keepForReadme(await screenshot(suite.page, '05-wrong-token'), 'wrong-token');

    await suite.page.getByTestId('enter-another-token').click();
    await expect(suite.page.getByTestId('token-input').evaluate((input) => input === input.ownerDocument.activeElement)).resolves.toBe(true);
    await enterToken(suite.page, suite.server.tokens.AUDITOR);
    await suite.page.locator('[data-testid="results-meeting"] [data-testid="search-result"]').first().waitFor();
    expect(await suite.page.getByTestId('graphql-error').count()).toBe(0);
    expect(suite.traffic.leftLoopback()).toEqual([]);
    expect(suite.traffic.mutationsSent()).toEqual([]);
  }, 60_000);

  it('says the token has expired when it has, and takes another', async () => {
    // Past the server's few seconds of clock tolerance.
    const expiring = await signToken({ sub: 'auditor-2', name: 'حسابرس دوم', roles: ['AUDITOR'], expiresIn: '1 minute ago' }, TEST_SECRET);
    await suite.page.goto(`${suite.consoleUrl}#/search?q=${encodeURIComponent('تبریز')}`);
    await enterToken(suite.page, expiring);
    await suite.page.getByTestId('graphql-error').waitFor();
    expect(await suite.page.getByTestId('error-code').textContent()).toBe('UNAUTHENTICATED');
    expect(await suite.page.getByTestId('graphql-error').textContent()).toMatch(/expired/i);
    await suite.page.getByTestId('enter-another-token').click();
    await enterToken(suite.page, suite.server.tokens.AUDITOR);
    await suite.page.locator('[data-testid="results-meeting"] [data-testid="search-result"]').first().waitFor();
    expect(suite.traffic.leftLoopback()).toEqual([]);
  }, 60_000);

  it('shows a GraphQL error with its code and request id', async () => {
    await suite.page.goto(`${suite.consoleUrl}#/entity/meeting/00000000-0000-4000-8000-000000000000`);
    await enterToken(suite.page, suite.server.tokens.AUDITOR);
    await suite.page.locator('[data-testid="graphql-error"][data-code="NOT_FOUND"]').waitFor();
    expect(await suite.page.getByTestId('error-code').textContent()).toBe('NOT_FOUND');
    expect(await suite.page.getByTestId('error-request-id').textContent()).toMatch(/^[0-9a-f-]{36}$/);
    await screenshot(suite.page, '06-graphql-error');
    expect(suite.traffic.leftLoopback()).toEqual([]);
    expect(suite.traffic.mutationsSent()).toEqual([]);
  }, 60_000);

  it('switches to English, left-to-right with Gregorian dates, and keeps the choice', async () => {
    await suite.page.goto(`${suite.consoleUrl}#/search`);
    await suite.page.getByTestId('language-switch').click();
    await expect(suite.page.locator('html').getAttribute('dir')).resolves.toBe('ltr');
    await suite.page.reload();
    await expect(suite.page.locator('html').getAttribute('lang')).resolves.toBe('en');
    await suite.page.getByTestId('language-switch').click();
    await expect(suite.page.locator('html').getAttribute('dir')).resolves.toBe('rtl');
  }, 60_000);
});
