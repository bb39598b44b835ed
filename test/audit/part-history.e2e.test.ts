import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mutationText, registerOrganization, UNKNOWN_ID } from '../support/graphql-helpers';
import { startTestServer, type TestServer } from '../support/test-server';

const HISTORY = `query ($id: ID!, $first: Int, $after: String) {
  history(entityId: $id, first: $first, after: $after) { totalCount edges { node { eventId type } } pageInfo { hasNextPage endCursor } }
}`;
const AUDIT_LOG = `query ($id: ID, $first: Int, $after: String, $types: [String!]) {
  auditLog(filter: { entityId: $id, types: $types }, first: $first, after: $after) { totalCount edges { node { eventId type } } pageInfo { hasNextPage endCursor } }
}`;

interface Page {
  totalCount: number;
  edges: { node: { eventId: string; type: string } }[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}

/** The types of a part's events from `history` and from `auditLog`, which must list the same events. */
const bothWays = async (server: TestServer, id: string): Promise<string[]> => {
  const history = ((await server.ok(HISTORY, { id }, server.tokens.AUDITOR)) as { history: Page }).history;
  const auditLog = ((await server.ok(AUDIT_LOG, { id }, server.tokens.AUDITOR)) as { auditLog: Page }).auditLog;
  expect(auditLog.edges.map((edge) => edge.node.eventId)).toEqual(history.edges.map((edge) => edge.node.eventId));
  expect(auditLog.totalCount).toBe(history.totalCount);
  return history.edges.map((edge) => edge.node.type);
};

describe('every part has its history: outcomes, participants, working groups and progress reports', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  }, 60_000);
  afterAll(() => server?.stop());

  const mutate = async (name: string, input: Record<string, unknown>, selection = 'events { type } meeting { id participants { id } workingGroups { id } outcomes { edges { node { id } } } }') =>
    (await server.ok(mutationText(name, selection), { input }))[name];

  it('lists the events of its entity that touched it, the same from history and from the audit log, paged alike', async () => {
    const province = await registerOrganization(server, 'PROVINCE', 'استانداری آذربایجان شرقی', 'IR');
    const ministry = await registerOrganization(server, 'MINISTRY', 'وزارت امور خارجه', 'IR');
    const meetingId = (await mutate('scheduleMeeting', { title: 'نشست تبریز', location: 'تبریز', scheduledStart: '2026-05-03T05:30:00.000Z' })).meeting.id;
    const governor = (await mutate('addParticipant', { meetingId, organizationId: province, role: 'GOVERNOR' })).meeting.participants[0].id;
    const minister = (await mutate('addParticipant', { meetingId, organizationId: ministry, role: 'MINISTER' })).meeting.participants[1].id;
    const group = (await mutate('formWorkingGroup', { meetingId, title: 'سرمایه‌گذاری', memberParticipantIds: [governor] })).meeting.workingGroups[0].id;
    await mutate('openMeeting', { meetingId });
    const first = (await mutate('recordOutcome', { meetingId, kind: 'PROBLEM', text: 'مقررات مزاحم', workingGroupId: group })).meeting.outcomes.edges[0].node.id;
    const second = (await mutate('recordOutcome', { meetingId, kind: 'DEMAND', text: 'تفویض اختیارات' })).meeting.outcomes.edges[1].node.id;
    await mutate('amendOutcome', { meetingId, outcomeId: first, text: 'حذف مقررات مزاحم' });
    await mutate('withdrawOutcome', { meetingId, outcomeId: second });
    await mutate('approveMeetingSummary', { meetingId });
    await mutate('removeParticipant', { meetingId, participantId: governor });

    expect(await bothWays(server, first)).toEqual(['OutcomeRecorded', 'OutcomeAmended', 'MeetingSummaryApproved']);
    expect(await bothWays(server, second)).toEqual(['OutcomeRecorded', 'OutcomeWithdrawn']);
    expect(await bothWays(server, governor)).toEqual(['ParticipantAdded', 'WorkingGroupFormed', 'ParticipantRemoved']);
    expect(await bothWays(server, minister)).toEqual(['ParticipantAdded']);
    expect(await bothWays(server, group)).toEqual(['WorkingGroupFormed', 'OutcomeRecorded', 'ParticipantRemoved']);

    // Paged: two, then the rest, by each list's own cursors; the audit log's other filters still apply.
    const historyPage = ((await server.ok(HISTORY, { id: first, first: 2 }, server.tokens.AUDITOR)) as { history: Page }).history;
    const logPage = ((await server.ok(AUDIT_LOG, { id: first, first: 2 }, server.tokens.AUDITOR)) as { auditLog: Page }).auditLog;
    expect([historyPage.pageInfo.hasNextPage, logPage.pageInfo.hasNextPage, logPage.totalCount]).toEqual([true, true, 3]);
    const historyRest = ((await server.ok(HISTORY, { id: first, after: historyPage.pageInfo.endCursor }, server.tokens.AUDITOR)) as { history: Page }).history;
    const logRest = ((await server.ok(AUDIT_LOG, { id: first, after: logPage.pageInfo.endCursor }, server.tokens.AUDITOR)) as { auditLog: Page }).auditLog;
    expect(historyRest.edges.map((edge) => edge.node.type)).toEqual(['MeetingSummaryApproved']);
    expect(logRest.edges.map((edge) => edge.node.type)).toEqual(['MeetingSummaryApproved']);
    expect(logRest.pageInfo.hasNextPage).toBe(false);
    const amendments = ((await server.ok(AUDIT_LOG, { id: first, types: ['OutcomeAmended'] }, server.tokens.AUDITOR)) as { auditLog: Page }).auditLog;
    expect(amendments.edges.map((edge) => edge.node.type)).toEqual(['OutcomeAmended']);
  });

  it("traces a resolution's progress reports by their ids", async () => {
    const proposed = await server.ok(mutationText('proposeResolution', 'resolution { id }'), { input: { title: 'مصوبه گردشگری', text: 'متن' } });
    const resolutionId = proposed.proposeResolution.resolution.id as string;
    await server.ok(mutationText('adoptResolution', 'position'), { input: { resolutionId } });
    const progress = mutationText('recordResolutionProgress', 'resolution { progress { id note } }');
    await server.ok(progress, { input: { resolutionId, note: 'آغاز', percent: 20 } });
    const reports = (await server.ok(progress, { input: { resolutionId, note: 'نیمه راه', percent: 50 } })).recordResolutionProgress.resolution.progress;
    expect(reports).toEqual([{ id: expect.any(String), note: 'آغاز' }, { id: expect.any(String), note: 'نیمه راه' }]);
    for (const report of reports) expect(await bothWays(server, report.id)).toEqual(['ResolutionProgressRecorded']);
    const [firstReport] = ((await server.ok(HISTORY, { id: reports[1].id }, server.tokens.AUDITOR)) as { history: Page }).history.edges;
    expect(firstReport.node.eventId).toBe(reports[1].id);
  });

  it('still answers NOT_FOUND for an id that is neither an entity nor a part, and an empty audit log', async () => {
    const missing = await server.gql(HISTORY, { id: UNKNOWN_ID }, server.tokens.AUDITOR);
    expect(missing.errors?.[0].extensions.code).toBe('NOT_FOUND');
    const none = ((await server.ok(AUDIT_LOG, { id: UNKNOWN_ID }, server.tokens.AUDITOR)) as { auditLog: Page }).auditLog;
    expect(none.totalCount).toBe(0);
  });
});

describe('parts of events recorded before parts were traced', () => {
  let server: TestServer;
  beforeAll(async () => {
    // A DATA_DIR an older build wrote (the Tabriz demo): its events were never given anything for this.
    const dataDir = mkdtempSync(join(tmpdir(), 'daftar-old-parts-'));
    cpSync(join(__dirname, '..', 'reliability', 'faults', 'fixtures', 'read-models-layout-4'), dataDir, { recursive: true });
    server = await startTestServer({}, dataDir);
    for (let i = 0; i < 600; i++) {
      if ((await fetch(server.url.replace('/graphql', '/healthz'))).status === 200) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }, 60_000);
  afterAll(() => server?.stop());

  it('traces their outcomes and participants too', async () => {
    const { meetings } = await server.ok(`{ meetings(first: 1) { edges { node { participants { id } outcomes(first: 1) { edges { node { id } } } } } } }`, {}, server.tokens.AUDITOR);
    const meeting = meetings.edges[0].node;
    expect(await bothWays(server, meeting.outcomes.edges[0].node.id)).toEqual(expect.arrayContaining(['OutcomeRecorded']));
    expect((await bothWays(server, meeting.participants[0].id))[0]).toBe('ParticipantAdded');
  });
});
