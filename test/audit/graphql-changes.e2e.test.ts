import { mutationText, registerOrganization } from '../support/graphql-helpers';
import { startTestServer, type TestServer } from '../support/test-server';

const HISTORY = `query ($id: ID!) { history(entityId: $id) { edges { node { type changes { path before after } } } } }`;

interface Change {
  path: string;
  before: unknown;
  after: unknown;
}

describe('EventRecord.changes in GraphQL terms', () => {
  let server: TestServer;
  let meetingId: string;
  let history: { type: string; changes: Change[] }[];

  beforeAll(async () => {
    server = await startTestServer();
    const province = await registerOrganization(server, 'PROVINCE', 'استانداری اردبیل', 'IR');
    const run = async (name: string, input: Record<string, unknown>) =>
      (await server.ok(mutationText(name, 'meeting { id outcomes { edges { node { id } } } }'), { input }))[name].meeting;
    meetingId = (await run('scheduleMeeting', { title: 'نشست اردبیل', location: 'اردبیل', scheduledStart: '2026-05-03T05:30:00.000Z' })).id;
    await run('addParticipant', { meetingId, organizationId: province, role: 'GOVERNOR' });
    await run('openMeeting', { meetingId });
    await run('recordOutcome', { meetingId, kind: 'PROBLEM', text: 'کمبود' });
    const outcomes = (await run('recordOutcome', { meetingId, kind: 'DEMAND', text: 'تفویض' })).outcomes.edges;
    await run('amendOutcome', { meetingId, outcomeId: outcomes[1].node.id, text: 'تفویض اختیارات' });
    history = (await server.ok(HISTORY, { id: meetingId }, server.tokens.AUDITOR)).history.edges.map((edge: { node: unknown }) => edge.node);
  }, 60_000);
  afterAll(() => server?.stop());

  const changesOf = (type: string) => history.find((event) => event.type === type)!.changes;

  it('names each field by its GraphQL path: `status`, `outcomes[1].text`', () => {
    expect(changesOf('MeetingOpened')).toEqual(expect.arrayContaining([{ path: 'status', before: 'SCHEDULED', after: 'IN_SESSION' }]));
    expect(changesOf('OutcomeAmended')).toEqual([
      { path: 'outcomes[1].text', before: 'تفویض', after: 'تفویض اختیارات' },
      { path: 'outcomes[1].amendedAt', before: null, after: expect.any(String) },
    ]);
    expect(changesOf('ParticipantAdded')).toEqual(expect.arrayContaining([{ path: 'participants[0].role', before: null, after: 'GOVERNOR' }]));
  });

  it('never shows a read-model internal, nor bookkeeping, nor the entity id under another name', () => {
    const paths = history.flatMap((event) => event.changes.map((change) => change.path));
    expect(paths.length).toBeGreaterThan(0);
    for (const path of paths) {
      expect(path).not.toMatch(/^state\b|\.\d|createdAt|createdBy|^version$|^id$|meetingId/);
      expect(path).toMatch(/^[a-zA-Z]+(\[\d+\])?(\.[a-zA-Z]+(\[\d+\])?)*$/);
    }
    expect(changesOf('MeetingScheduled')).toEqual(expect.arrayContaining([{ path: 'title', before: null, after: 'نشست اردبیل' }]));
  });

  it('gives diff the same paths', async () => {
    const { diff } = await server.ok(
      `query ($id: ID!, $from: DateTime!, $to: DateTime!) { diff(entityId: $id, from: $from, to: $to) { path before after } }`,
      { id: meetingId, from: '2000-01-01T00:00:00.000Z', to: new Date(Date.now() + 60_000).toISOString() },
      server.tokens.AUDITOR,
    );
    expect(diff).toEqual(expect.arrayContaining([{ path: 'status', before: null, after: 'IN_SESSION' }, { path: 'outcomes[1].text', before: null, after: 'تفویض اختیارات' }]));
    expect(diff.map((change: Change) => change.path)).not.toContain('state.status');
  });
});
