import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { CSV_COLUMNS, exportEvents, type ExportFormat } from '../../src/audit/exports/event-export';
import { verifyExportFile } from '../../src/audit/exports/export-verification';
import { keepForReadme, screenshot } from '../support/browser';
import { enterToken, useConsoleSuite } from '../support/console-session';

const PROGRESS = `mutation ($input: RecordResolutionProgressInput!) { recordResolutionProgress(input: $input) { position } }`;

/**
 * The live view and the audit-log download in a real Chromium against the real server with the
 * Tabriz demo: events a clerk appends over HTTP arrive on an auditor's page, and the files the
 * page downloads are the export's, which the server's verification holds.
 */
describe('the audit console in a browser: live events and the audit-log download', () => {
  const suite = useConsoleSuite();
  let resolutionId: string;
  let downloads: string;
  const upgraded: Socket[] = [];

  beforeAll(async () => {
    const { resolutions } = await suite.server.ok(`{ resolutions(first: 100) { edges { node { entityId status } } } }`, {}, suite.server.tokens.AUDITOR);
    resolutionId = (resolutions.edges as { node: { entityId: string; status: string } }[]).find((edge) => edge.node.status === 'ADOPTED')!.node.entityId;
    // The WebSockets the server accepted, so that a test can drop them as a failing network would.
    suite.server.server.httpServer.on('upgrade', (_request, socket: Duplex) => void upgraded.push(socket as Socket));
    downloads = mkdtempSync(join(tmpdir(), 'daftar-console-downloads-'));
  });
  afterAll(async () => {
    if (downloads) rmSync(downloads, { recursive: true, force: true });
  });

  const recordProgress = async (percent: number, reason: string) =>
    (await suite.server.ok(PROGRESS, { input: { resolutionId, percent, note: `پیشرفت ${percent} درصد`, reason } }, suite.server.tokens.CLERK)).recordResolutionProgress.position as string;
  /** Clicks a download button and keeps the file. */
  const download = async (button: string, name: string): Promise<string> => {
    const [file] = await Promise.all([suite.page.waitForEvent('download'), suite.page.getByTestId(button).click()]);
    const path = join(downloads, name);
    await file.saveAs(path);
    return path;
  };
  /** What `npm run export --entity <id> --format <format>` writes for the entity. */
  const exported = async (format: ExportFormat, entity: string): Promise<string> => {
    const out = new PassThrough();
    const chunks: Buffer[] = [];
    out.on('data', (chunk: Buffer) => chunks.push(chunk));
    await exportEvents(suite.server.app.store, format, { entity }, out);
    out.end();
    return Buffer.concat(chunks).toString('utf8');
  };
  const liveEventsOf = (entityId: string) => suite.page.locator(`[data-testid="live-event"][data-entity-id="${entityId}"]`);

  it('shows a clerk’s event as it arrives, newest on top, pauses, resumes and reconnects without a gap or a repeat, and downloads what it shows', async () => {
    await suite.page.goto(`${suite.consoleUrl}#/live`);
    await enterToken(suite.page, suite.server.tokens.AUDITOR);
    await suite.page.locator('[data-testid="live-state"][data-state="live"]').waitFor();
    await screenshot(suite.page, 'live-01-connected');

    await recordProgress(40, 'گزارش استانداری، سه‌ماهه نخست');
    await liveEventsOf(resolutionId).first().waitFor();
    const first = suite.page.getByTestId('live-event').first();
    expect(await first.getAttribute('data-event-type')).toBe('ResolutionProgressRecorded');
    expect(await first.getByTestId('live-event-actor').textContent()).toContain('منشی یکم');
    expect(await first.getByTestId('live-event-actor-role').textContent()).toBe('CLERK');
    expect(await first.getByTestId('live-event-reason').textContent()).toContain('گزارش استانداری، سه‌ماهه نخست');
    expect(await first.getByTestId('live-event-recorded-at').textContent()).toMatch(/^[۰-۹]{4}\/[۰-۹]{2}\/[۰-۹]{2} [۰-۹]{2}:[۰-۹]{2}$/);
    expect(await first.getByTestId('live-event-recorded-at').getAttribute('title')).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} \(Asia\/Tehran\)/);
    expect(await first.getByTestId('live-event-entity').getAttribute('href')).toBe(`#/entity/resolution/${encodeURIComponent(resolutionId)}`);
    await screenshot(suite.page, 'live-02-event-arrived');
    keepForReadme(await screenshot(suite.page, 'live-02-event-arrived'), 'live');

    // Paused: nothing arrives; resumed: what was appended meanwhile arrives, once, on top.
    await suite.page.getByTestId('live-pause').click();
    await suite.page.locator('[data-testid="live-state"][data-state="paused"]').waitFor();
    await recordProgress(55, 'گزارش میان‌دوره');
    await suite.page.waitForTimeout(500);
    expect(await liveEventsOf(resolutionId).count()).toBe(1);
    await suite.page.getByTestId('live-pause').click();
    await liveEventsOf(resolutionId).nth(1).waitFor();
    await suite.page.locator('[data-testid="live-state"][data-state="live"]').waitFor();
    expect(await suite.page.getByTestId('live-event').first().getByTestId('live-event-reason').textContent()).toContain('گزارش میان‌دوره');

    // The connection dropped, an event appended meanwhile: the feed reconnects from the last position seen and gets it, once.
    for (const socket of upgraded.splice(0)) socket.destroy();
    await suite.page.locator('[data-testid="live-state"][data-state="reconnecting"]').waitFor();
    await recordProgress(60, 'گزارش هنگام قطع اتصال');
    await liveEventsOf(resolutionId).nth(2).waitFor();
    await suite.page.locator('[data-testid="live-state"][data-state="live"]').waitFor();
    expect(await suite.page.getByTestId('live-event').first().getByTestId('live-event-reason').textContent()).toContain('گزارش هنگام قطع اتصال');
    await suite.page.waitForTimeout(500);
    expect(await liveEventsOf(resolutionId).count()).toBe(3);

    // Filtered by entity type: only the resolution's events stay.
    await suite.page.getByTestId('live-entity-type').selectOption('meeting');
    await suite.page.locator('[data-testid="live-count"][data-count="0"]').waitFor();
    await suite.page.getByTestId('live-entity-type').selectOption('resolution');
    expect(await liveEventsOf(resolutionId).count()).toBe(3);
    await suite.page.getByTestId('live-entity-type').selectOption('');
    const positions = await suite.page.getByTestId('live-event').evaluateAll((nodes) => nodes.map((node) => node.getAttribute('data-position')));
    expect(new Set(positions).size).toBe(positions.length);
    await screenshot(suite.page, 'live-03-resumed');

    // Everything the view received since it opened: a contiguous run of the log, which verify holds.
    const shown = await suite.page.getByTestId('live-event').count();
    const ndjson = await download('download-ndjson', 'live.ndjson');
    const verification = await verifyExportFile(ndjson);
    expect(verification).toMatchObject({ ok: true, events: shown, links: 'contiguous-range' });
    const csv = readFileSync(await download('download-csv', 'live.csv'), 'utf8');
    expect(csv.split('\r\n')[0]).toBe(CSV_COLUMNS.join(','));

    expect(suite.traffic.websockets.length).toBeGreaterThan(0);
    expect(suite.traffic.leftLoopback()).toEqual([]);
    expect(suite.traffic.mutationsSent()).toEqual([]);
  }, 120_000);

  it('downloads a resolution’s whole history from its page as NDJSON and CSV, as npm run export writes them, and verify holds it', async () => {
    await suite.page.goto(`${suite.consoleUrl}#/entity/resolution/${resolutionId}`);
    await enterToken(suite.page, suite.server.tokens.AUDITOR);
    await suite.page.getByTestId('timeline-item').first().waitFor();
    const { history } = await suite.server.ok(`query ($id: ID!) { history(entityId: $id, first: 1) { totalCount } }`, { id: resolutionId }, suite.server.tokens.AUDITOR);

    const ndjson = await download('download-ndjson', 'resolution.ndjson');
    await suite.page.locator(`[data-testid="download-written"][data-count="${history.totalCount}"]`).waitFor();
    await screenshot(suite.page, 'live-04-entity-download');
    const verification = await verifyExportFile(ndjson);
    expect(verification).toMatchObject({ ok: true, events: history.totalCount, store: 'sqlite', hashMismatches: 0 });
    expect(readFileSync(ndjson, 'utf8')).toBe(await exported('ndjson', resolutionId));

    const csv = readFileSync(await download('download-csv', 'resolution.csv'), 'utf8');
    expect(csv.split('\r\n')[0]).toBe(CSV_COLUMNS.join(','));
    expect(csv).toBe(await exported('csv', resolutionId));
    expect(suite.traffic.leftLoopback()).toEqual([]);
    expect(suite.traffic.mutationsSent()).toEqual([]);
  }, 120_000);

  it('says clearly when the token is refused', async () => {
    await suite.page.goto(`${suite.consoleUrl}#/live`);
    await enterToken(suite.page, 'not-a-token');
    await suite.page.locator('[data-testid="graphql-error"][data-code="UNAUTHENTICATED"]').waitFor();
    expect(await suite.page.getByTestId('error-explanation').textContent()).toMatch(/توکن/);
    expect(await suite.page.getByTestId('live-state').getAttribute('data-state')).toBe('refused');
    await screenshot(suite.page, 'live-05-wrong-token');
    expect(suite.traffic.leftLoopback()).toEqual([]);
    expect(suite.traffic.mutationsSent()).toEqual([]);
  }, 60_000);
});
