import { startTestServer, type TestServer } from '../support/test-server';

const ADD = `mutation ($input: AddParticipantInput!) { addParticipant(input: $input) { meeting { version } position } }`;

describe('many clients racing on one meeting', () => {
  let server: TestServer;
  let meetingId: string;
  let organizationId: string;
  beforeAll(async () => {
    server = await startTestServer();
    organizationId = (
      await server.ok(`mutation { registerOrganization(input: { kind: PROVINCE, name: "استان اردبیل", country: "IR" }) { organization { id } } }`)
    ).registerOrganization.organization.id;
    meetingId = (
      await server.ok(
        `mutation { scheduleMeeting(input: { title: "نشست همزمانی", location: "اردبیل", scheduledStart: "2030-01-01T09:00:00Z" }) { meeting { id } } }`,
      )
    ).scheduleMeeting.meeting.id;
  });
  afterAll(() => server.stop());

  const participants = async () =>
    (await server.ok(`query ($id: ID!) { meeting(id: $id) { version participants { personName } } }`, { id: meetingId })).meeting;

  it('loses none of 200 concurrent addParticipant without expectedVersion', async () => {
    const results = await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        server.gql(ADD, { input: { meetingId, organizationId, role: 'OBSERVER', personName: `ناظر ${i}` } }),
      ),
    );
    expect(results.filter((result) => result.errors)).toEqual([]);
    const meeting = await participants();
    expect(meeting.participants).toHaveLength(200);
    expect(new Set(meeting.participants.map((p: { personName: string }) => p.personName)).size).toBe(200);
  });

  it('lets exactly one of many writers with the same expectedVersion win', async () => {
    const { version } = await participants();
    const results = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        server.gql(ADD, { input: { meetingId, organizationId, role: 'OBSERVER', personName: `رقیب ${i}`, expectedVersion: version } }),
      ),
    );
    const winners = results.filter((result) => !result.errors);
    expect(winners).toHaveLength(1);
    for (const loser of results.filter((result) => result.errors))
      expect(loser.errors?.[0].extensions).toMatchObject({ code: 'CONCURRENCY_CONFLICT', expectedVersion: version, actualVersion: version + 1 });
    expect((await participants()).version).toBe(version + 1);
  });

  it('appends once for an idempotency key replayed concurrently, and answers every replay with the first result', async () => {
    const before = (await server.app.store.head())!.position;
    const input = { meetingId, organizationId, role: 'SECRETARY', personName: 'دبیر نشست', idempotencyKey: 'add-secretary-once' };
    const results = await Promise.all(Array.from({ length: 25 }, () => server.gql(ADD, { input })));
    expect(results.filter((result) => result.errors)).toEqual([]);
    expect(new Set(results.map((result) => result.data.addParticipant.position)).size).toBe(1);
    const appended = await server.app.store.readAll({ fromPosition: before });
    expect(appended).toHaveLength(1);
    expect((await participants()).participants.filter((p: { personName: string }) => p.personName === 'دبیر نشست')).toHaveLength(1);
  });
});
