import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import type { Page } from 'playwright-core';
import { CSV_COLUMNS, exportEvents, type ExportFormat } from '../../src/audit/exports/event-export';
import { verifyExportFile } from '../../src/audit/exports/export-verification';
import { keepForReadme, recordTraffic, screenshot, type ConsoleBrowser, type RecordedTraffic } from '../support/browser';
import { type TestServer } from '../support/test-server';
import { enterToken, startConsoleWithDemo } from '../support/console-session';

const PROGRESS = `mutation ($input: RecordResolutionProgressInput!) { recordResolutionProgress(input: $input) { position } }`;

/**
 * The live view and the audit-log download in a real Chromium against the real server with the
 * Tabriz demo: events a clerk appends over HTTP arrive on an auditor's page, and the files the
 * page downloads are the export's, which the server's verification holds.
 */
describe('the audit console in a browser: live events and the audit-log download', () => {
  let server: TestServer;
  let browser: ConsoleBrowser;
  let consoleUrl: string;
  let resolutionId: string;
  let downloads: string;
  const upgraded: Socket[] = [];

  beforeAll(async () => {
    ({ server, browser, consoleUrl } = await startConsoleWithDemo());
    const { resolutions } = await server.ok(`{ resolutions(first: 100) { edges { node { entityId status } } } }`, {}, server.tokens.AUDITOR);
    resolutionId = (resolutions.edges as { node: { entityId: string; status: string } }[]).find((edge) => edge.node.status === 'ADOPTED')!.node.entityId;
    // The WebSockets the server accepted, so that a test can drop them as a failing network would.
    server.server.httpServer.on('upgrade', (_request, socket: Duplex) => void upgraded.push(socket as Socket));
    downloads = mkdtempSync(join(tmpdir(), 'daftar-console-downloads-'));
  }, 240_000);
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    if (downloads) rmSync(downloads, { recursive: true, force: true });
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

  const recordProgress = async (percent: number, reason: string) =>
    (await server.ok(PROGRESS, { input: { resolutionId, percent, note: `پیشرفت ${percent} درصد`, reason } }, server.tokens.CLERK)).recordResolutionProgress.position as string;
  /** Clicks a download button and keeps the file. */
  const download = async (button: string, name: string): Promise<string> => {
    const [file] = await Promise.all([page.waitForEvent('download'), page.getByTestId(button).click()]);
    const path = join(downloads, name);
    await file.saveAs(path);
    return path;
  };
  /** What `npm run export --entity <id> --format <format>` writes for the entity. */
  const exported = async (format: ExportFormat, entity: string): Promise<string> => {
    const out = new PassThrough();
    const chunks: Buffer[] = [];
    out.on('data', (chunk: Buffer) => chunks.push(chunk));
    await exportEvents(server.app.store, format, { entity }, out);
    out.end();
    return Buffer.concat(chunks).toString('utf8');
  };
  const liveEventsOf = (entityId: string) => page.locator(`[data-testid="live-event"][data-entity-id="${entityId}"]`);

  it('shows a clerk’s event as it arrives, newest on top, pauses, resumes and reconnects without a gap or a repeat, and downloads what it shows', async () => {
    await page.goto(`${consoleUrl}#/live`);
    await enterToken(page, server.tokens.AUDITOR);
    await page.locator('[data-testid="live-state"][data-state="live"]').waitFor();
    await screenshot(page, 'live-01-connected');

    await recordProgress(40, 'گزارش استانداری، سه‌ماهه نخست');
    await liveEventsOf(resolutionId).first().waitFor();
    const first = page.getByTestId('live-event').first();
    expect(await first.getAttribute('data-event-type')).toBe('ResolutionProgressRecorded');
    expect(await first.getByTestId('live-event-actor').textContent()).toContain('منشی یکم');
    expect(await first.getByTestId('live-event-actor-role').textContent()).toBe('CLERK');
    expect(await first.getByTestId('live-event-reason').textContent()).toContain('گزارش استانداری، سه‌ماهه نخست');
    expect(await first.getByTestId('live-event-recorded-at').textContent()).toMatch(/^[۰-۹]{4}\/[۰-۹]{2}\/[۰-۹]{2} [۰-۹]{2}:[۰-۹]{2}$/);
    expect(await first.getByTestId('live-event-recorded-at').getAttribute('title')).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} \(Asia\/Tehran\)/);
    expect(await first.getByTestId('live-event-entity').getAttribute('href')).toBe(`#/entity/resolution/${encodeURIComponent(resolutionId)}`);
    await screenshot(page, 'live-02-event-arrived');
    keepForReadme(await screenshot(page, 'live-02-event-arrived'), 'live');

    // Paused: nothing arrives; resumed: what was appended meanwhile arrives, once, on top.
    await page.getByTestId('live-pause').click();
    await page.locator('[data-testid="live-state"][data-state="paused"]').waitFor();
    await recordProgress(55, 'گزارش میان‌دوره');
    await page.waitForTimeout(500);
    expect(await liveEventsOf(resolutionId).count()).toBe(1);
    await page.getByTestId('live-pause').click();
    await liveEventsOf(resolutionId).nth(1).waitFor();
    await page.locator('[data-testid="live-state"][data-state="live"]').waitFor();
    expect(await page.getByTestId('live-event').first().getByTestId('live-event-reason').textContent()).toContain('گزارش میان‌دوره');

    // The connection dropped, an event appended meanwhile: the feed reconnects from the last position seen and gets it, once.
    for (const socket of upgraded.splice(0)) socket.destroy();
    await page.locator('[data-testid="live-state"][data-state="reconnecting"]').waitFor();
    await recordProgress(60, 'گزارش هنگام قطع اتصال');
    await liveEventsOf(resolutionId).nth(2).waitFor();
    await page.locator('[data-testid="live-state"][data-state="live"]').waitFor();
    expect(await page.getByTestId('live-event').first().getByTestId('live-event-reason').textContent()).toContain('گزارش هنگام قطع اتصال');
    await page.waitForTimeout(500);
    expect(await liveEventsOf(resolutionId).count()).toBe(3);

    // Filtered by entity type: only the resolution's events stay.
    await page.getByTestId('live-entity-type').selectOption('meeting');
    await page.locator('[data-testid="live-count"][data-count="0"]').waitFor();
    await page.getByTestId('live-entity-type').selectOption('resolution');
    expect(await liveEventsOf(resolutionId).count()).toBe(3);
    await page.getByTestId('live-entity-type').selectOption('');
    const positions = await page.getByTestId('live-event').evaluateAll((nodes) => nodes.map((node) => node.getAttribute('data-position')));
    expect(new Set(positions).size).toBe(positions.length);
    await screenshot(page, 'live-03-resumed');

    // Everything the view received since it opened: a contiguous run of the log, which verify holds.
    const shown = await page.getByTestId('live-event').count();
    const ndjson = await download('download-ndjson', 'live.ndjson');
    const verification = await verifyExportFile(ndjson);
    expect(verification).toMatchObject({ ok: true, events: shown, links: 'contiguous-range' });
    const csv = readFileSync(await download('download-csv', 'live.csv'), 'utf8');
    expect(csv.split('\r\n')[0]).toBe(CSV_COLUMNS.join(','));

    expect(traffic.websockets.length).toBeGreaterThan(0);
    expect(traffic.leftLoopback()).toEqual([]);
    expect(traffic.mutationsSent()).toEqual([]);
  }, 120_000);

  it('downloads a resolution’s whole history from its page as NDJSON and CSV, as npm run export writes them, and verify holds it', async () => {
    await page.goto(`${consoleUrl}#/entity/resolution/${resolutionId}`);
    await enterToken(page, server.tokens.AUDITOR);
    await page.getByTestId('timeline-item').first().waitFor();
    const { history } = await server.ok(`query ($id: ID!) { history(entityId: $id, first: 1) { totalCount } }`, { id: resolutionId }, server.tokens.AUDITOR);

    const ndjson = await download('download-ndjson', 'resolution.ndjson');
    await page.locator(`[data-testid="download-written"][data-count="${history.totalCount}"]`).waitFor();
    await screenshot(page, 'live-04-entity-download');
    const verification = await verifyExportFile(ndjson);
    expect(verification).toMatchObject({ ok: true, events: history.totalCount, store: 'sqlite', hashMismatches: 0 });
    expect(readFileSync(ndjson, 'utf8')).toBe(await exported('ndjson', resolutionId));

    const csv = readFileSync(await download('download-csv', 'resolution.csv'), 'utf8');
    expect(csv.split('\r\n')[0]).toBe(CSV_COLUMNS.join(','));
    expect(csv).toBe(await exported('csv', resolutionId));
    expect(traffic.leftLoopback()).toEqual([]);
    expect(traffic.mutationsSent()).toEqual([]);
  }, 120_000);

  it('says clearly when the token is refused', async () => {
    await page.goto(`${consoleUrl}#/live`);
    await enterToken(page, 'not-a-token');
    await page.locator('[data-testid="graphql-error"][data-code="UNAUTHENTICATED"]').waitFor();
    expect(await page.getByTestId('error-explanation').textContent()).toMatch(/توکن/);
    expect(await page.getByTestId('live-state').getAttribute('data-state')).toBe('refused');
    await screenshot(page, 'live-05-wrong-token');
    expect(traffic.leftLoopback()).toEqual([]);
    expect(traffic.mutationsSent()).toEqual([]);
  }, 60_000);
});
