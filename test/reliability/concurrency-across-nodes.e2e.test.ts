import type { RecordedEvent } from '../../src/eventstore/event-store';
import { useEmbeddedPostgres } from '../support/postgres-database';
import { caughtUp, startPostgresNode, withLog, type PostgresNode } from '../support/postgres-nodes';
import type { GraphQLResponse } from '../support/test-server';

/**
 * Two Daftar server processes, each with its own read models, on one PostgreSQL store; 50 clients
 * split between them write to one meeting at once. What one node's handler believes about the
 * meeting is stale as soon as the other appends, so only the store's own checks keep the counts.
 */
const WRITERS = 50;

const REGISTER = `mutation ($input: RegisterOrganizationInput!) { registerOrganization(input: $input) { organization { id } } }`;
const SCHEDULE = `mutation ($input: ScheduleMeetingInput!) { scheduleMeeting(input: $input) { meeting { id version } } }`;
const ADD = `mutation ($input: AddParticipantInput!) {
  addParticipant(input: $input) { position meeting { version } events { eventId position revision data } }
}`;
const PARTICIPANTS = `query ($id: ID!, $after: String) { meeting(id: $id, consistentWith: $after) { version participants { id personName } } }`;

const postgres = useEmbeddedPostgres();
let connectionString: string;
let nodes: PostgresNode[] = [];
let organizationId: string;

beforeAll(async () => {
  connectionString = await postgres.newSchema();
  nodes = await Promise.all([startPostgresNode('node-a', connectionString), startPostgresNode('node-b', connectionString)]);
  organizationId = (await nodes[0].ok(REGISTER, { input: { kind: 'PROVINCE', name: 'استان اردبیل', country: 'IR' } })).registerOrganization.organization
    .id;
}, 120_000);
afterAll(async () => {
  await Promise.all(nodes.map((node) => node.stop()));
});

const scheduleMeeting = async (title: string): Promise<string> =>
  (await nodes[0].ok(SCHEDULE, { input: { title, location: 'اردبیل', scheduledStart: '2030-01-01T09:00:00Z' } })).scheduleMeeting.meeting.id;

/** Writer i sends through node i mod 2: half the clients on each node. */
const nodeOf = (writer: number) => nodes[writer % nodes.length];

const meetingEvents = (meetingId: string): Promise<RecordedEvent[]> => withLog(connectionString, (store) => store.readStream(`meeting-${meetingId}`));

const namesAdded = (events: RecordedEvent[]) =>
  events.filter((event) => event.type === 'ParticipantAdded').map((event) => (event.data as { personName: string }).personName);

/** Each node's read model of the meeting once it has folded `position`: the participants' names. */
const namesOnEachNode = async (meetingId: string, position: string) =>
  Promise.all(
    nodes.map(async (node) => {
      const { meeting } = await node.ok(PARTICIPANTS, { id: meetingId, after: position });
      return { version: meeting.version as number, names: (meeting.participants as { personName: string }[]).map((p) => p.personName) };
    }),
  );

const sorted = (names: string[]) => [...names].sort();

describe(`${WRITERS} clients on two nodes of one PostgreSQL store adding participants to one meeting`, () => {
  it('with the same expectedVersion: exactly one wins per version, every other is refused CONCURRENCY_CONFLICT', async () => {
    const meetingId = await scheduleMeeting('نشست همزمانی با نسخه');
    for (const version of [0, 1, 2]) {
      const results = await Promise.all(
        Array.from({ length: WRITERS }, (_, writer) =>
          nodeOf(writer).gql(ADD, {
            input: { meetingId, organizationId, role: 'OBSERVER', personName: `نسخه ${version} ناظر ${writer}`, expectedVersion: version },
          }),
        ),
      );
      const winners = results.filter((result) => !result.errors);
      expect(winners).toHaveLength(1);
      expect(winners[0].data.addParticipant.meeting.version).toBe(version + 1);
      for (const loser of results.filter((result) => result.errors))
        expect(loser.errors![0].extensions).toMatchObject({ code: 'CONCURRENCY_CONFLICT', expectedVersion: version, actualVersion: version + 1 });
    }
    const events = await meetingEvents(meetingId);
    expect(events.map((event) => event.revision)).toEqual([0, 1, 2, 3]);
    expect(namesAdded(events)).toHaveLength(3);
  }, 60_000);

  it('retrying a lost race with the version the conflict reports: every version is won exactly once, by one client each', async () => {
    const meetingId = await scheduleMeeting('نشست همزمانی با تلاش دوباره');
    const attempts: GraphQLResponse[] = [];
    const wonAt = new Map<number, number>(); // writer → the expectedVersion it won with
    await Promise.all(
      Array.from({ length: WRITERS }, async (_, writer) => {
        let expectedVersion = 0;
        for (let attempt = 0; attempt <= WRITERS; attempt++) {
          const result = await nodeOf(writer).gql(ADD, {
            input: { meetingId, organizationId, role: 'OBSERVER', personName: `پیگیر ${writer}`, expectedVersion },
          });
          attempts.push(result);
          if (!result.errors) {
            expect(result.data.addParticipant.meeting.version).toBe(expectedVersion + 1);
            wonAt.set(writer, expectedVersion);
            return;
          }
          const { code, actualVersion } = result.errors[0].extensions;
          expect(code).toBe('CONCURRENCY_CONFLICT');
          expect(actualVersion).toBeGreaterThan(expectedVersion);
          expectedVersion = actualVersion;
        }
      }),
    );
    // Each client won once, and no two won the same version: versions 0…49 each saw exactly one win.
    expect(wonAt.size).toBe(WRITERS);
    expect(sorted([...wonAt.values()].map(String))).toEqual(sorted(Array.from({ length: WRITERS }, (_, v) => String(v))));
    const events = await meetingEvents(meetingId);
    expect(events.map((event) => event.revision)).toEqual(Array.from({ length: WRITERS + 1 }, (_, revision) => revision));
    expect(sorted(namesAdded(events))).toEqual(sorted(Array.from({ length: WRITERS }, (_, writer) => `پیگیر ${writer}`)));
    expect(attempts.filter((result) => result.errors)).toHaveLength(attempts.length - WRITERS);
  }, 90_000);

  it('without expectedVersion: all succeed, none lost, none doubled, in the log and in both nodes’ read models', async () => {
    const meetingId = await scheduleMeeting('نشست همزمانی بی نسخه');
    const names = Array.from({ length: WRITERS }, (_, writer) => `ناظر آزاد ${writer}`);
    const results = await Promise.all(
      names.map((personName, writer) => nodeOf(writer).gql(ADD, { input: { meetingId, organizationId, role: 'OBSERVER', personName } })),
    );
    expect(results.filter((result) => result.errors)).toEqual([]);
    // Every answer names an event of its own.
    expect(new Set(results.map((result) => result.data.addParticipant.events[0].eventId)).size).toBe(WRITERS);

    const events = await meetingEvents(meetingId);
    expect(events.map((event) => event.revision)).toEqual(Array.from({ length: WRITERS + 1 }, (_, revision) => revision));
    expect(sorted(namesAdded(events))).toEqual(sorted(names));
    const head = events[events.length - 1].position;
    for (const { version, names: onNode } of await namesOnEachNode(meetingId, head)) {
      expect(version).toBe(WRITERS);
      expect(sorted(onNode)).toEqual(sorted(names));
    }
  }, 60_000);
});

describe('one idempotency key sent to both nodes at once', () => {
  it('appends once, and every answer on either node is the first result', async () => {
    const meetingId = await scheduleMeeting('نشست کلید یکتا');
    const input = { meetingId, organizationId, role: 'SECRETARY', personName: 'دبیر نشست', idempotencyKey: 'add-the-secretary-once' };
    const before = (await meetingEvents(meetingId)).length;
    const results = await Promise.all(Array.from({ length: 20 }, (_, writer) => nodeOf(writer).gql(ADD, { input })));

    expect(results.filter((result) => result.errors)).toEqual([]);
    const answers = results.map((result) => result.data.addParticipant);
    expect(new Set(answers.map((answer) => answer.position)).size).toBe(1);
    expect(new Set(answers.map((answer) => JSON.stringify(answer.events))).size).toBe(1);
    expect(answers.every((answer) => answer.meeting.version === 1)).toBe(true);

    const events = await meetingEvents(meetingId);
    expect(events).toHaveLength(before + 1);
    expect(events[before].eventId).toBe(answers[0].events[0].eventId);
    for (const node of nodes) await caughtUp(node);
    for (const { names } of await namesOnEachNode(meetingId, answers[0].position)) expect(names).toEqual(['دبیر نشست']);
  }, 60_000);
});
