import { DELEGATED_POWERS } from '../../src/demo/tabriz-data';
import { keepForReadme, screenshot } from '../support/browser';
import { enterToken, useConsoleSuite } from '../support/console-session';

/**
 * "Did this organization hold this power on this date, as recorded on that date?" asked in a real
 * Chromium against the Tabriz demo: Tabriz county (فرمانداری تبریز) holds «تأسیس بازارچه مرزی»
 * through two delegations, the Ministry of the Interior to East Azerbaijan (in effect from
 * 2017-06-01) and East Azerbaijan on to the county (from 2017-07-01); before those, it does not.
 */
describe('the audit console in a browser: the authority chain', () => {
  const suite = useConsoleSuite();
  const POWER = DELEGATED_POWERS[2];

  const ask = async (at: string) => {
    await suite.page.getByTestId('authority-at-input').fill(at);
    await suite.page.getByTestId('authority-submit').click();
  };

  it('draws the chain for a power held through delegations, and says why not before they took effect, reaching nothing but 127.0.0.1', async () => {
    await suite.page.goto(`${suite.consoleUrl}#/authority`);
    await enterToken(suite.page, suite.server.tokens.AUDITOR);
    await screenshot(suite.page, 'authority-01-empty');

    // Typed with an Arabic yeh (ي): the API's folding still finds تبریز.
    await suite.page.getByTestId('authority-org-input').fill('فرمانداری تبريز');
    const option = suite.page.getByTestId('authority-org-option').first();
    await option.waitFor();
    expect(await option.textContent()).toMatch(/فرمانداری تبریز/);
    const countyId = (await option.getAttribute('data-id'))!;
    await option.click();
    await suite.page.locator(`[data-testid="authority-org-chosen"][data-id="${countyId}"]`).waitFor();
    // The power is suggested from the demo's delegations.
    const suggestions = await suite.page.locator('#authority-powers option').evaluateAll((nodes) => nodes.map((node) => node.getAttribute('value')));
    expect(suggestions).toEqual(expect.arrayContaining(DELEGATED_POWERS));
    await suite.page.getByTestId('authority-power-input').fill(POWER);
    await screenshot(suite.page, 'authority-02-question');

    // ۱۳۹۷/۰۱/۰۱ is 2018-03-21, Tehran time: both delegations in force.
    await ask('۱۳۹۷/۰۱/۰۱');
    await suite.page.locator('[data-testid="authority-answer"][data-holds="true"]').waitFor();
    expect(await suite.page.getByTestId('authority-verdict').textContent()).toMatch(/بله/);
    const svg = suite.page.getByTestId('authority-svg');
    await svg.waitFor();
    const names = await suite.page.getByTestId('authority-node').evaluateAll((nodes) => nodes.map((node) => node.querySelector('text')?.textContent));
    expect(names).toEqual(['وزارت کشور', 'استان آذربایجان شرقی', 'فرمانداری تبریز']);
    const edges = suite.page.getByTestId('authority-edge');
    expect(await edges.count()).toBe(2);
    expect(await edges.evaluateAll((nodes) => nodes.map((node) => node.getAttribute('data-status')))).toEqual(['ACTIVE', 'ACTIVE']);
    expect(await edges.nth(1).textContent()).toContain(POWER);

    // The same chain as the API gives it, every arrow linking to its delegation's page.
    const { authority } = await suite.server.ok(
      `query ($org: ID!, $power: String!) { authority(organizationId: $org, power: $power, at: "1397/01/01") { holds at chain { entityId } } }`,
      { org: countyId, power: POWER },
      suite.server.tokens.AUDITOR,
    );
    expect(authority.holds).toBe(true);
    // The Solar Hijri date typed with Persian digits is the one the API reads from Latin ones.
    expect(await suite.page.getByTestId('authority-answer-at').getAttribute('datetime')).toBe(authority.at);
    const chainIds = authority.chain.map((d: { entityId: string }) => d.entityId);
    expect(await edges.evaluateAll((nodes) => nodes.map((node) => node.getAttribute('data-id')))).toEqual(chainIds);
    expect(await edges.first().getAttribute('href')).toBe(`#/entity/delegation/${chainIds[0]}`);
    expect(await suite.page.getByTestId('authority-node').last().getAttribute('href')).toBe(`#/entity/organization/${countyId}`);

    // The question is in the address: opened again, the page gives the same answer.
    const shared = suite.page.url();
    expect(decodeURIComponent(shared)).toContain(`org=${countyId}`);
    await suite.page.reload();
    await suite.page.locator('[data-testid="authority-answer"][data-holds="true"]').waitFor();
    expect(await suite.page.getByTestId('authority-node').count()).toBe(3);
    keepForReadme(await screenshot(suite.page, 'authority-03-holds'), 'authority');

    // In English the same graph is mirrored: boxes at the left, labels running rightwards.
    await suite.page.getByTestId('language-switch').click();
    await suite.page.locator('html[lang="en"][dir="ltr"]').waitFor();
    expect(await suite.page.getByTestId('authority-svg').getAttribute('direction')).toBe('ltr');
    expect(await suite.page.getByTestId('authority-verdict').textContent()).toMatch(/Yes/);
    await screenshot(suite.page, 'authority-03-holds-en');
    await suite.page.getByTestId('language-switch').click();
    await suite.page.locator('html[lang="fa"][dir="rtl"]').waitFor();

    // ۱۳۹۶/۰۲/۰۱ is 2017-04-21: the delegation was proposed but had not taken effect.
    await ask('1396/02/01');
    await suite.page.locator('[data-testid="authority-answer"][data-holds="false"]').waitFor();
    expect(await suite.page.getByTestId('authority-verdict').textContent()).toMatch(/نه/);
    const reason = await suite.page.getByTestId('authority-reason').textContent();
    const before = await suite.server.ok(
      `query ($org: ID!, $power: String!) { authority(organizationId: $org, power: $power, at: "1396/02/01") { holds reason } }`,
      { org: countyId, power: POWER },
      suite.server.tokens.AUDITOR,
    );
    expect(before.authority.holds).toBe(false);
    expect(before.authority.reason).toBeTruthy();
    expect(reason).toContain(before.authority.reason);
    await screenshot(suite.page, 'authority-04-does-not-hold');

    // A date the API cannot read comes back as its coded error.
    await ask('not a date');
    await suite.page.getByTestId('graphql-error').waitFor();
    expect(await suite.page.getByTestId('error-code').textContent()).toBeTruthy();
    await screenshot(suite.page, 'authority-05-bad-date');

    // An arrow is a link to its delegation's page.
    await ask('1397/01/01');
    await suite.page.locator('[data-testid="authority-answer"][data-holds="true"]').waitFor();
    await suite.page.getByTestId('authority-edge').first().locator('text').first().click();
    await suite.page.locator('[data-testid="route-entity"]').waitFor();
    expect(suite.page.url()).toContain(`#/entity/delegation/${chainIds[0]}`);

    expect(suite.traffic.leftLoopback()).toEqual([]);

    expect(suite.traffic.mutationsSent()).toEqual([]);
  }, 120_000);
});
