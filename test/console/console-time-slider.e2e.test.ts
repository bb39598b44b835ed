import { keepForReadme, screenshot } from '../support/browser';
import { enterToken, useConsoleSuite } from '../support/console-session';

const PERSIAN = '۰۱۲۳۴۵۶۷۸۹';
const persianDigits = (text: string) => text.replace(/[0-9]/g, (d) => PERSIAN[Number(d)]);

/**
 * The time slider of the entity page in a real Chromium, against the real server with the Tabriz
 * demo recorded: an adopted resolution moved back before its adoption (proposed, the status
 * highlighted) and forward again (adopted), then a Solar Hijri date before it was recorded.
 */
describe('the audit console in a browser: the time slider', () => {
  const suite = useConsoleSuite();

  const status = () => suite.page.getByTestId('at-time-status');
  const waitForState = (state: string) => suite.page.locator(`[data-testid="at-time"][data-state="${state}"]`).waitFor();

  it('moves an adopted resolution back before its adoption and forward again, and shows it before it existed', async () => {
    const { resolutions } = await suite.server.ok(
      `{ resolutions(filter: { status: ADOPTED }, first: 1) { edges { node { entityId history(first: 100) { edges { node { type position revision } } } } } } }`,
      {},
      suite.server.tokens.AUDITOR,
    );
    const resolution = resolutions.edges[0].node as { entityId: string; history: { edges: { node: { type: string; position: string; revision: number } }[] } };
    const events = resolution.history.edges.map((edge) => edge.node);
    const adoptedAt = events.findIndex((event) => event.type === 'ResolutionAdopted');
    expect(events[0].type).toBe('ResolutionProposed');
    expect(adoptedAt).toBeGreaterThan(0);

    await suite.page.goto(`${suite.consoleUrl}#/entity/resolution/${resolution.entityId}`);
    await enterToken(suite.page, suite.server.tokens.AUDITOR);
    const slider = suite.page.getByTestId('time-slider');
    await slider.waitFor();
    expect(await slider.getAttribute('max')).toBe(String(events.length - 1));
    expect(await slider.inputValue()).toBe(String(events.length - 1));
    await suite.page.getByTestId('at-time-hint').waitFor();

    // Back to the stop before the adoption: proposed, the status highlighted as differing from now.
    await slider.fill(String(adoptedAt - 1));
    await waitForState('past');
    expect(suite.page.url()).toContain(`?at=${events[adoptedAt - 1].position}`);
    expect(await status().getAttribute('data-value')).toBe('PROPOSED');
    expect(await status().getAttribute('data-changed')).toBe('true');
    expect(await status().evaluate((node) => node.classList.contains('changed'))).toBe(true);
    expect(await status().getByTestId('at-time-changed').locator('[data-value="ADOPTED"]').textContent()).toBe('تصویب‌شده');
    expect(await suite.page.getByTestId('at-time-version').textContent()).toContain(persianDigits(String(events[adoptedAt - 1].revision)));
    expect(await suite.page.getByTestId('time-slider-stop').getAttribute('data-position')).toBe(events[adoptedAt - 1].position);
    await suite.page.getByTestId('at-time').scrollIntoViewIfNeeded();
    const proposed = await screenshot(suite.page, 'slider-01-before-adoption');

    // The address alone brings the same point back (it can be shared).
    await suite.page.reload();
    await waitForState('past');
    expect(await status().getAttribute('data-value')).toBe('PROPOSED');
    expect(await suite.page.getByTestId('time-slider').inputValue()).toBe(String(adoptedAt - 1));

    // Forward to the adoption: adopted, as now, so not highlighted.
    await suite.page.getByTestId('time-slider').fill(String(adoptedAt));
    await suite.page.waitForURL(`**?at=${events[adoptedAt].position}`);
    await waitForState('past');
    await suite.page.locator('[data-testid="at-time-status"][data-value="ADOPTED"]').waitFor();
    expect(await status().getAttribute('data-changed')).toBe('false');
    await suite.page.getByTestId('at-time').scrollIntoViewIfNeeded();
    await screenshot(suite.page, 'slider-02-adopted');

    // A Solar Hijri date, in Persian digits, before it was recorded: it did not exist yet.
    await suite.page.getByTestId('at-time-date').fill('۱۴۰۰/۰۱/۰۲');
    await suite.page.getByTestId('at-time-date-submit').click();
    await waitForState('not-yet');
    expect(decodeURIComponent(suite.page.url())).toContain('?asOf=1400/01/02');
    expect(await suite.page.getByTestId('at-time-date').inputValue()).toBe('۱۴۰۰/۰۱/۰۲');
    expect(await suite.page.getByTestId('at-time-not-yet').textContent()).toMatch(/هنوز وجود نداشت/);
    expect(await suite.page.getByTestId('time-slider').getAttribute('data-index')).toBe('-1');
    expect(await suite.page.getByTestId('at-time-status').count()).toBe(0);
    await suite.page.getByTestId('at-time').scrollIntoViewIfNeeded();
    await screenshot(suite.page, 'slider-03-not-yet');

    // In English: left to right, the same state in English words, the point kept.
    await suite.page.getByTestId('language-switch').click();
    await expect(suite.page.locator('html').getAttribute('dir')).resolves.toBe('ltr');
    expect(await suite.page.getByTestId('at-time-not-yet').textContent()).toMatch(/did not exist yet/);
    expect(await suite.page.getByTestId('at-time-point').textContent()).toContain('1400/01/02');
    await screenshot(suite.page, 'slider-04-not-yet-english');
    await suite.page.getByTestId('language-switch').click();
    await expect(suite.page.locator('html').getAttribute('dir')).resolves.toBe('rtl');

    // A date that is not one says so and asks nothing.
    await suite.page.getByTestId('at-time-date').fill('1400/13/40');
    await suite.page.getByTestId('at-time-date-submit').click();
    await suite.page.getByTestId('at-time-date-invalid').waitFor();

    // A position typed in, then back to now.
    await suite.page.getByTestId('at-time-position').fill(events[0].position);
    await suite.page.getByTestId('at-time-position-submit').click();
    await suite.page.locator('[data-testid="at-time-status"][data-value="PROPOSED"]').waitFor();
    await suite.page.getByTestId('at-time-back-to-now').click();
    await suite.page.getByTestId('at-time-hint').waitFor();

    // The Solar Hijri date shown for a stop, the Gregorian one on hover.
    expect(await suite.page.getByTestId('time-slider-recorded-at').textContent()).toMatch(/^[۰-۹]{4}\/[۰-۹]{2}\/[۰-۹]{2} [۰-۹]{2}:[۰-۹]{2}$/);
    expect(await suite.page.getByTestId('time-slider-recorded-at').getAttribute('title')).toMatch(/\(Asia\/Tehran\)/);

    expect(suite.traffic.requests.some((url) => url.includes('/graphql'))).toBe(true);
    expect(suite.traffic.leftLoopback()).toEqual([]);
    expect(suite.traffic.mutationsSent()).toEqual([]);

    keepForReadme(proposed, 'time-slider');
  }, 120_000);
});
