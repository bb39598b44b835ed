import { mutationText, registerOrganization, UNKNOWN_ID } from '../support/graphql-helpers';
import { startTestServer, type TestServer } from '../support/test-server';

const NODE = `query ($id: ID!) { node(id: $id) { __typename id ... on Organization { name version } ... on EventRecord { type revision eventId } } }`;
const NODES = `query ($ids: [ID!]!) { nodes(ids: $ids) { __typename id } }`;

describe('Relay Global Object Identification: node(id) and nodes(ids)', () => {
  let server: TestServer;
  let organizationId: string;
  let meetingId: string;
  beforeAll(async () => {
    server = await startTestServer();
    organizationId = await registerOrganization(server, 'PROVINCE', 'استانداری زنجان', 'IR');
    await server.ok(mutationText('renameOrganization', 'position'), { input: { organizationId, name: 'استانداری استان زنجان' } });
    meetingId = (await server.ok(mutationText('scheduleMeeting', 'meeting { id }'), { input: { title: 'نشست زنجان', location: 'زنجان', scheduledStart: '2026-05-03T05:30:00.000Z' } }))
      .scheduleMeeting.meeting.id;
  }, 60_000);
  afterAll(() => server?.stop());

  it('fetches any entity by its id, as it stands now', async () => {
    expect((await server.ok(NODE, { id: organizationId })).node).toEqual({ __typename: 'Organization', id: organizationId, name: 'استانداری استان زنجان', version: 1 });
    expect((await server.ok(NODE, { id: meetingId })).node).toEqual({ __typename: 'Meeting', id: meetingId });
  });

  it("gives every EventRecord an id that node(id) fetches it again by", async () => {
    const { history } = await server.ok(`query ($id: ID!) { history(entityId: $id) { edges { node { id eventId type } } } }`, { id: organizationId }, server.tokens.AUDITOR);
    const renamed = history.edges[1].node;
    expect(renamed.id).not.toBe(renamed.eventId);
    expect((await server.ok(NODE, { id: renamed.id }, server.tokens.AUDITOR)).node).toEqual({
      __typename: 'EventRecord',
      id: renamed.id,
      type: 'OrganizationRenamed',
      revision: 1,
      eventId: renamed.eventId,
    });
  });

  it('lists several in the order given, null for an id that names nothing', async () => {
    const { nodes } = await server.ok(NODES, { ids: [meetingId, UNKNOWN_ID, organizationId] });
    expect(nodes).toEqual([{ __typename: 'Meeting', id: meetingId }, null, { __typename: 'Organization', id: organizationId }]);
  });

  it('answers NOT_FOUND for an unknown id, BAD_USER_INPUT for a malformed one', async () => {
    const missing = await server.gql(NODE, { id: UNKNOWN_ID });
    expect(missing.errors?.[0].extensions.code).toBe('NOT_FOUND');
    expect(missing.data?.node).toBeNull();
    const malformed = await server.gql(NODE, { id: 'not-an-id' });
    expect(malformed.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ field: 'id' }] });
    const inList = await server.gql(NODES, { ids: [organizationId, 'x'] });
    expect(inList.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ field: 'ids[1]' }] });
    const noEvent = await server.gql(NODE, { id: `event:organization-${organizationId}:9` }, server.tokens.AUDITOR);
    expect(noEvent.errors?.[0].extensions.code).toBe('NOT_FOUND');
  });
});
