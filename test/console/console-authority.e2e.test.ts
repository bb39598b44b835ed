import type { Page } from 'playwright-core';
import { DELEGATED_POWERS } from '../../src/demo/tabriz-data';
import { keepForReadme, recordTraffic, screenshot, type ConsoleBrowser, type RecordedTraffic } from '../support/browser';
import { type TestServer } from '../support/test-server';
import { enterToken, startConsoleWithDemo } from '../support/console-session';

/**
 * "Did this organization hold this power on this date, as recorded on that date?" asked in a real
 * Chromium against the Tabriz demo: Tabriz county (فرمانداری تبریز) holds «تأسیس بازارچه مرزی»
 * through two delegations, the Ministry of the Interior to East Azerbaijan (in effect from
 * 2017-06-01) and East Azerbaijan on to the county (from 2017-07-01); before those, it does not.
 */
describe('the audit console in a browser: the authority chain', () => {
  const POWER = DELEGATED_POWERS[2];
  let server: TestServer;
  let browser: ConsoleBrowser;
  let consoleUrl: string;
  let page: Page;
  let traffic: RecordedTraffic;

  beforeAll(async () => {
    ({ server, browser, consoleUrl } = await startConsoleWithDemo());
    page = await browser.context.newPage();
    traffic = recordTraffic(page);
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  const ask = async (at: string) => {
    await page.getByTestId('authority-at-input').fill(at);
    await page.getByTestId('authority-submit').click();
  };

  it('draws the chain for a power held through delegations, and says why not before they took effect, reaching nothing but 127.0.0.1', async () => {
    await page.goto(`${consoleUrl}#/authority`);
    await enterToken(page, server.tokens.AUDITOR);
    await screenshot(page, 'authority-01-empty');

    // Typed with an Arabic yeh (ي): the API's folding still finds تبریز.
    await page.getByTestId('authority-org-input').fill('فرمانداری تبريز');
    const option = page.getByTestId('authority-org-option').first();
    await option.waitFor();
    expect(await option.textContent()).toMatch(/فرمانداری تبریز/);
    const countyId = (await option.getAttribute('data-id'))!;
    await option.click();
    await page.locator(`[data-testid="authority-org-chosen"][data-id="${countyId}"]`).waitFor();
    // The power is suggested from the demo's delegations.
    const suggestions = await page.locator('#authority-powers option').evaluateAll((nodes) => nodes.map((node) => node.getAttribute('value')));
    expect(suggestions).toEqual(expect.arrayContaining(DELEGATED_POWERS));
    await page.getByTestId('authority-power-input').fill(POWER);
    await screenshot(page, 'authority-02-question');

    // ۱۳۹۷/۰۱/۰۱ is 2018-03-21, Tehran time: both delegations in force.
    await ask('۱۳۹۷/۰۱/۰۱');
    await page.locator('[data-testid="authority-answer"][data-holds="true"]').waitFor();
    expect(await page.getByTestId('authority-verdict').textContent()).toMatch(/بله/);
    const svg = page.getByTestId('authority-svg');
    await svg.waitFor();
    const names = await page.getByTestId('authority-node').evaluateAll((nodes) => nodes.map((node) => node.querySelector('text')?.textContent));
    expect(names).toEqual(['وزارت کشور', 'استان آذربایجان شرقی', 'فرمانداری تبریز']);
    const edges = page.getByTestId('authority-edge');
    expect(await edges.count()).toBe(2);
    expect(await edges.evaluateAll((nodes) => nodes.map((node) => node.getAttribute('data-status')))).toEqual(['ACTIVE', 'ACTIVE']);
    expect(await edges.nth(1).textContent()).toContain(POWER);

    // The same chain as the API gives it, every arrow linking to its delegation's page.
    const { authority } = await server.ok(
      `query ($org: ID!, $power: String!) { authority(organizationId: $org, power: $power, at: "1397/01/01") { holds at chain { entityId } } }`,
      { org: countyId, power: POWER },
      server.tokens.AUDITOR,
    );
    expect(authority.holds).toBe(true);
    // The Solar Hijri date typed with Persian digits is the one the API reads from Latin ones.
    expect(await page.getByTestId('authority-answer-at').getAttribute('datetime')).toBe(authority.at);
    const chainIds = authority.chain.map((d: { entityId: string }) => d.entityId);
    expect(await edges.evaluateAll((nodes) => nodes.map((node) => node.getAttribute('data-id')))).toEqual(chainIds);
    expect(await edges.first().getAttribute('href')).toBe(`#/entity/delegation/${chainIds[0]}`);
    expect(await page.getByTestId('authority-node').last().getAttribute('href')).toBe(`#/entity/organization/${countyId}`);

    // The question is in the address: opened again, the page gives the same answer.
    const shared = page.url();
    expect(decodeURIComponent(shared)).toContain(`org=${countyId}`);
    await page.reload();
    await page.locator('[data-testid="authority-answer"][data-holds="true"]').waitFor();
    expect(await page.getByTestId('authority-node').count()).toBe(3);
    keepForReadme(await screenshot(page, 'authority-03-holds'), 'authority');

    // In English the same graph is mirrored: boxes at the left, labels running rightwards.
    await page.getByTestId('language-switch').click();
    await page.locator('html[lang="en"][dir="ltr"]').waitFor();
    expect(await page.getByTestId('authority-svg').getAttribute('direction')).toBe('ltr');
    expect(await page.getByTestId('authority-verdict').textContent()).toMatch(/Yes/);
    await screenshot(page, 'authority-03-holds-en');
    await page.getByTestId('language-switch').click();
    await page.locator('html[lang="fa"][dir="rtl"]').waitFor();

    // ۱۳۹۶/۰۲/۰۱ is 2017-04-21: the delegation was proposed but had not taken effect.
    await ask('1396/02/01');
    await page.locator('[data-testid="authority-answer"][data-holds="false"]').waitFor();
    expect(await page.getByTestId('authority-verdict').textContent()).toMatch(/نه/);
    const reason = await page.getByTestId('authority-reason').textContent();
    const before = await server.ok(
      `query ($org: ID!, $power: String!) { authority(organizationId: $org, power: $power, at: "1396/02/01") { holds reason } }`,
      { org: countyId, power: POWER },
      server.tokens.AUDITOR,
    );
    expect(before.authority.holds).toBe(false);
    expect(before.authority.reason).toBeTruthy();
    expect(reason).toContain(before.authority.reason);
    await screenshot(page, 'authority-04-does-not-hold');

    // A date the API cannot read comes back as its coded error.
    await ask('not a date');
    await page.getByTestId('graphql-error').waitFor();
    expect(await page.getByTestId('error-code').textContent()).toBeTruthy();
    await screenshot(page, 'authority-05-bad-date');

    // An arrow is a link to its delegation's page.
    await ask('1397/01/01');
    await page.locator('[data-testid="authority-answer"][data-holds="true"]').waitFor();
    await page.getByTestId('authority-edge').first().locator('text').first().click();
    await page.locator('[data-testid="route-entity"]').waitFor();
    expect(page.url()).toContain(`#/entity/delegation/${chainIds[0]}`);

    expect(traffic.leftLoopback()).toEqual([]);

    expect(traffic.mutationsSent()).toEqual([]);
  }, 120_000);
});
