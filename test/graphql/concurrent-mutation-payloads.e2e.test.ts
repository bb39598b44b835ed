import type { AppendResult, EventStore, NewEvent } from '../../src/eventstore/event-store';
import { registerOrganization } from '../support/graphql-helpers';
import { startTestServer, type TestServer } from '../support/test-server';

/**
 * Mutations on one entity that arrive together are appended one after another and folded into the
 * read models in one batch. Each payload shows the entity as its own command left it ("the entity
 * after the change"), not with the writes that followed it.
 */
describe('payloads of concurrent mutations on one entity', () => {
  let server: TestServer;
  let meetingId: string;
  let organizationId: string;
  const WRITERS = 20;

  beforeAll(async () => {
    server = await startTestServer();
    organizationId = await registerOrganization(server, 'PROVINCE', 'استان گیلان', 'IR');
    meetingId = (
      await server.ok(
        `mutation { scheduleMeeting(input: { title: "نشست همزمان", location: "رشت", scheduledStart: "2030-01-01T09:00:00Z" }) { meeting { id } } }`,
      )
    ).scheduleMeeting.meeting.id;
  }, 60_000);
  afterAll(() => server?.stop());

  it('each shows the version its own event made, and only the participants added up to it', async () => {
    const results = await Promise.all(
      Array.from({ length: WRITERS }, (_, writer) =>
        server.gql(
          `mutation ($input: AddParticipantInput!) {
            addParticipant(input: $input) { position meeting { version participants { personName } } events { revision } }
          }`,
          { input: { meetingId, organizationId, role: 'OBSERVER', personName: `ناظر ${writer}` } },
        ),
      ),
    );
    const byRevision = new Map<number, string>();
    for (const [writer, result] of results.entries()) {
      expect(result.errors).toBeUndefined();
      byRevision.set(result.data.addParticipant.events[0].revision as number, `ناظر ${writer}`);
    }
    for (const result of results) {
      const { meeting, events } = result.data.addParticipant;
      const own = events[0].revision as number;
      expect(meeting.version).toBe(own);
      const expected = [...byRevision].filter(([revision]) => revision <= own).map(([, name]) => name);
      expect((meeting.participants as { personName: string }[]).map((p) => p.personName).sort()).toEqual(expected.sort());
    }
    // The live read model, asked afterwards, holds all of them.
    const { meeting } = await server.ok(`query ($id: ID!) { meeting(id: $id) { version participants { personName } } }`, { id: meetingId });
    expect(meeting.version).toBe(WRITERS);
    expect(meeting.participants).toHaveLength(WRITERS);
  }, 60_000);

  it('shows the entity as the command left it when another writer appended to it before the read models caught up', async () => {
    // Another node on the same log: its write lands right after this node's, before this node's read models fold either.
    const store = server.app.store as EventStore;
    const { appendToStream, appendToStreams } = store;
    let slipped: AppendResult | undefined;
    const slipIn = async (streamId: string, event: NewEvent) => {
      store.appendToStream = appendToStream;
      store.appendToStreams = appendToStreams;
      const data = event.data as Record<string, unknown>;
      slipped = await appendToStream(streamId, [{ ...event, data: { ...data, personName: 'ناظر دیگر', participantId: `${String(data.participantId)}-other` } }]);
    };
    store.appendToStream = async (streamId, events, options) => {
      const result = await appendToStream(streamId, events, options);
      await slipIn(streamId, events[0]);
      return result;
    };
    // A meeting's command checks the organization too: it appends with that guard, to both streams at once.
    store.appendToStreams = async (appends) => {
      const results = await appendToStreams(appends);
      await slipIn(appends[0].streamId, appends[0].events[0]);
      return results;
    };
    const result = await server.ok(
      `mutation ($input: AddParticipantInput!) { addParticipant(input: $input) { position meeting { version participants { personName } } events { revision } } }`,
      { input: { meetingId, organizationId, role: 'OBSERVER', personName: 'ناظر این گره' } },
    );
    expect(slipped?.events[0].revision).toBe(result.addParticipant.events[0].revision + 1);
    expect(result.addParticipant.meeting.version).toBe(result.addParticipant.events[0].revision);
    const names = (result.addParticipant.meeting.participants as { personName: string }[]).map((p) => p.personName);
    expect(names).toContain('ناظر این گره');
    expect(names).not.toContain('ناظر دیگر');
    // Read now, the meeting holds the other writer's participant too.
    const now = await server.ok(`query ($id: ID!) { meeting(id: $id) { version participants { personName } } }`, { id: meetingId });
    expect(now.meeting.version).toBe(slipped!.events[0].revision);
    expect((now.meeting.participants as { personName: string }[]).map((p) => p.personName)).toContain('ناظر دیگر');
  }, 60_000);
});
