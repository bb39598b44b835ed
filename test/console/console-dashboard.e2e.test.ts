import { keepForReadme, screenshot } from '../support/browser';
import { enterToken, useConsoleSuite } from '../support/console-session';

const STATUSES = ['PROPOSED', 'ADOPTED', 'IMPLEMENTED', 'REJECTED', 'WITHDRAWN', 'SUPERSEDED'];
const PERSIAN_DIGITS = '۰۱۲۳۴۵۶۷۸۹';
const persian = (n: number) => String(n).replace(/[0-9]/g, (d) => PERSIAN_DIGITS[Number(d)]);

/**
 * The oversight dashboard in a real Chromium against the real server with the Tabriz demo: every
 * number on it is checked against what the API answers over HTTP here, never against a constant.
 */
describe('the audit console in a browser: the oversight dashboard', () => {
  const suite = useConsoleSuite();

  const api = <Data = any>(query: string, variables: Record<string, unknown> = {}) => suite.server.ok<Data>(query, variables, suite.server.tokens.OVERSIGHT);

  const openDashboard = async () => {
    await suite.page.goto(suite.consoleUrl);
    await enterToken(suite.page, suite.server.tokens.OVERSIGHT);
    await suite.page.getByTestId('nav-dashboard').click();
    await suite.page.getByTestId('section-duplicates').waitFor();
    await suite.page.getByTestId('chart-province').waitFor();
  };

  it('shows the counts by status the API answers, in Persian, right to left, each a link to exactly its records', async () => {
    await openDashboard();
    expect(await suite.page.locator('html').getAttribute('dir')).toBe('rtl');

    for (const status of STATUSES) {
      const { resolutions } = await api(`query ($status: ResolutionStatus!) { resolutions(filter: { status: $status }, first: 0) { totalCount } }`, { status });
      const link = suite.page.locator(`[data-testid="status-count"][data-status="${status}"]`);
      expect(Number(await link.getAttribute('data-count'))).toBe(resolutions.totalCount);
      expect(await link.textContent()).toBe(persian(resolutions.totalCount));
    }
    expect(await suite.page.getByTestId('count-mismatch').count()).toBe(0);

    // Per province: the grouped counts add up to the API's total, and the chart draws the same numbers.
    const { resolutions: all } = await api(`{ resolutions(first: 0) { totalCount } }`);
    const provinceTotals = await suite.page.locator('[data-testid="table-province"] [data-testid="count-link"]:not([data-status])').evaluateAll((links) =>
      links.map((link) => Number(link.getAttribute('data-count'))),
    );
    expect(provinceTotals.reduce((a, b) => a + b, 0)).toBe(all.totalCount);
    const segments = await suite.page.locator('[data-testid="chart-province"] [data-testid="chart-segment"]').evaluateAll((nodes) =>
      nodes.map((node) => Number(node.getAttribute('data-count'))),
    );
    expect(segments.reduce((a, b) => a + b, 0)).toBe(all.totalCount);
    expect(await suite.page.getByTestId('chart-province').getAttribute('data-direction')).toBe('rtl');
    expect(await suite.page.getByTestId('chart-workingGroup').count()).toBe(1);
    await screenshot(suite.page, 'dashboard-01-opened');
    keepForReadme(await screenshot(suite.page, 'dashboard-01-opened'), 'dashboard');

    // Click the first non-zero status count: exactly the records the API lists for that status.
    const link = suite.page.locator('[data-testid="status-count"]:not([data-count="0"])').first();
    const status = (await link.getAttribute('data-status'))!;
    await link.click();
    await suite.page.locator('[data-testid="view-list"] [data-testid="list-count"]').waitFor();
    const { resolutions } = await api(`query ($status: ResolutionStatus!) { resolutions(filter: { status: $status }, first: 500) { edges { node { entityId } } } }`, { status });
    const expected = resolutions.edges.map((edge: { node: { entityId: string } }) => edge.node.entityId).sort();
    const listed = await suite.page.getByTestId('list-row').evaluateAll((rows) => rows.map((row) => row.getAttribute('data-id')!));
    expect(listed.sort()).toEqual(expected);
    expect(new Set(await suite.page.getByTestId('list-row').evaluateAll((rows) => rows.map((row) => row.getAttribute('data-status'))))).toEqual(new Set([status]));
    await screenshot(suite.page, 'dashboard-02-list');

    // A listed record opens its entity page.
    const first = suite.page.locator('[data-testid="list-row"] [data-testid="entity-link"]').first();
    expect(await first.getAttribute('href')).toMatch(/^#\/entity\/resolution\//);

    // A province × status cell: the resolutions of that status proposed at meetings that province hosted, as the API tells.
    await suite.page.getByTestId('back-to-dashboard').click();
    const cell = suite.page.locator('[data-testid="table-province"] [data-testid="count-link"][data-status]:not([data-count="0"])').first();
    await cell.waitFor();
    const [cellStatus, province] = [(await cell.getAttribute('data-status'))!, (await cell.getAttribute('data-province'))!];
    await cell.click();
    await suite.page.locator('[data-testid="view-list"] [data-testid="list-count"]').waitFor();
    const { resolutions: placed } = await api(`query ($status: ResolutionStatus!) {
      resolutions(filter: { status: $status }, first: 500) { edges { node { entityId meeting { hostOrganization { entityId kind } } } } }
    }`, { status: cellStatus });
    const inProvince = placed.edges
      .map((edge: any) => edge.node)
      .filter((node: any) => node.meeting?.hostOrganization?.kind === 'PROVINCE' && node.meeting.hostOrganization.entityId === province)
      .map((node: any) => node.entityId)
      .sort();
    expect(inProvince.length).toBeGreaterThan(0);
    expect((await suite.page.getByTestId('list-row').evaluateAll((rows) => rows.map((row) => row.getAttribute('data-id')!))).sort()).toEqual(inProvince);

    expect(suite.traffic.leftLoopback()).toEqual([]);

    expect(suite.traffic.mutationsSent()).toEqual([]);
  }, 120_000);

  it('shows the documents due for review as the API counts them, and the duplicate acknowledged with its justification', async () => {
    await openDashboard();
    const { due, all } = await api(`{
      due: cooperationDocuments(filter: { reviewOverdue: true }, first: 500) { totalCount edges { node { entityId } } }
      all: cooperationDocuments(first: 500) { edges { node { entityId acknowledgedDuplicateOf justification } } }
    }`);
    const count = suite.page.getByTestId('count-review-overdue');
    expect(Number(await count.getAttribute('data-count'))).toBe(due.totalCount);
    expect(await count.textContent()).toBe(persian(due.totalCount));

    const duplicates = all.edges.map((edge: any) => edge.node).filter((node: any) => node.acknowledgedDuplicateOf?.length);
    expect(Number(await suite.page.getByTestId('count-duplicates').getAttribute('data-count'))).toBe(duplicates.length);
    for (const duplicate of duplicates) {
      const row = suite.page.locator(`[data-testid="table-duplicates"] [data-testid="list-row"][data-id="${duplicate.entityId}"]`);
      expect(await row.getByTestId('justification').textContent()).toBe(duplicate.justification);
    }

    await count.click();
    await suite.page.locator('[data-testid="view-list"][data-kind="cooperationDocuments"] [data-testid="list-count"]').waitFor();
    const listed = await suite.page.getByTestId('list-row').evaluateAll((rows) => rows.map((row) => row.getAttribute('data-id')!));
    expect(listed.sort()).toEqual(due.edges.map((edge: any) => edge.node.entityId).sort());
    await screenshot(suite.page, 'dashboard-03-review-overdue');

    // The English switch: left to right, Latin digits, the same numbers.
    await suite.page.getByTestId('back-to-dashboard').click();
    await suite.page.getByTestId('language-switch').click();
    await suite.page.getByTestId('section-duplicates').waitFor();
    expect(await suite.page.locator('html').getAttribute('dir')).toBe('ltr');
    expect(await suite.page.getByTestId('count-review-overdue').textContent()).toBe(String(due.totalCount));
    expect(await suite.page.getByTestId('chart-province').getAttribute('data-direction')).toBe('ltr');
    await screenshot(suite.page, 'dashboard-04-english');
    await suite.page.getByTestId('language-switch').click();

    expect(suite.traffic.leftLoopback()).toEqual([]);

    expect(suite.traffic.mutationsSent()).toEqual([]);
  }, 120_000);
});
