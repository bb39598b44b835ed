import { PassThrough } from 'node:stream';
import { exportEvents } from '../../src/audit/exports/event-export';
import { verifyExportLines } from '../../src/audit/exports/export-verification';
import { mutationText } from '../support/graphql-helpers';
import { startTestServer, type TestServer } from '../support/test-server';

const ENVELOPES = `query ($id: ID!, $first: Int, $after: String) {
  history(entityId: $id, first: $first, after: $after) { totalCount edges { node { position envelope } } pageInfo { hasNextPage endCursor } }
}`;

interface Page {
  totalCount: number;
  edges: { node: { position: string; envelope: Record<string, unknown> } }[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}

async function* linesOf(text: string): AsyncIterable<string> {
  yield* text.split('\n');
}

/** EventRecord.envelope: the event as stored with its store, what the console writes into a downloaded audit log. */
describe('EventRecord.envelope', () => {
  let server: TestServer;
  let meetingId: string;
  beforeAll(async () => {
    server = await startTestServer();
    const mutate = async (name: string, input: Record<string, unknown>) => (await server.ok(mutationText(name, 'meeting { id }'), { input }))[name];
    meetingId = (await mutate('scheduleMeeting', { title: 'نشست تبریز', location: 'تبریز', scheduledStart: '2026-05-03T05:30:00.000Z' })).meeting.id;
    await mutate('openMeeting', { meetingId });
    await mutate('recordOutcome', { meetingId, kind: 'PROBLEM', text: 'مقررات مزاحم، "کهنه"\nسطر دوم' });
    await mutate('recordOutcome', { meetingId, kind: 'DEMAND', text: 'تفویض اختیارات' });
  }, 60_000);
  afterAll(() => server?.stop());

  /** An entity's envelopes, paged through its whole history two at a time. */
  const envelopesOf = async (id: string) => {
    const envelopes: Record<string, unknown>[] = [];
    let after: string | null = null;
    let total = 0;
    for (;;) {
      const { history }: { history: Page } = await server.ok(ENVELOPES, { id, first: 2, after }, server.tokens.AUDITOR);
      total = history.totalCount;
      envelopes.push(...history.edges.map((edge) => edge.node.envelope));
      if (!history.pageInfo.hasNextPage) break;
      after = history.pageInfo.endCursor;
    }
    return { envelopes, total };
  };

  it('written one a line, is what npm run export --entity writes, and npm run verify holds it', async () => {
    const { envelopes, total } = await envelopesOf(meetingId);
    expect(envelopes).toHaveLength(total);
    expect(total).toBeGreaterThanOrEqual(4);
    const ndjson = envelopes.map((envelope) => `${JSON.stringify(envelope)}\n`).join('');

    const out = new PassThrough();
    const chunks: Buffer[] = [];
    out.on('data', (chunk: Buffer) => chunks.push(chunk));
    await exportEvents(server.app.store, 'ndjson', { entity: meetingId }, out);
    out.end();
    expect(ndjson).toBe(Buffer.concat(chunks).toString('utf8'));

    const verification = await verifyExportLines(linesOf(ndjson));
    expect(verification).toMatchObject({ ok: true, events: total, store: 'sqlite', storeSource: 'file', hashMismatches: 0, revisionGaps: 0 });
  });

  it('shows a changed reason or datum as a hash mismatch', async () => {
    const { envelopes } = await envelopesOf(meetingId);
    const changed = envelopes.map((envelope, index) => (index === 2 ? { ...envelope, data: { ...(envelope.data as object), text: 'دیگر' } } : envelope));
    const verification = await verifyExportLines(linesOf(changed.map((envelope) => JSON.stringify(envelope)).join('\n')));
    expect(verification).toMatchObject({ ok: false, hashMismatches: 1 });
  });
});
