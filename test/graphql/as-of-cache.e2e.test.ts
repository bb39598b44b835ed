import { ApolloClient, HttpLink, InMemoryCache, gql } from '@apollo/client';
import { mutationText } from '../support/graphql-helpers';
import { startTestServer, type TestServer } from '../support/test-server';

/**
 * A normalising cache keys an object by `__typename` and `id` (Apollo Client's default
 * dataIdFromObject, urql Graphcache's and Relay's alike): an answer about the past must not carry
 * the id of the present, or it overwrites the current object for every query that shows it.
 */
const ORGANIZATION = gql`
  query Organization($id: ID!, $asOf: DateTime, $atPosition: String) {
    organization(id: $id, asOf: $asOf, atPosition: $atPosition) {
      id
      entityId
      name
      version
    }
  }
`;

const NODE = `query ($id: ID!) { node(id: $id) { __typename id ... on Organization { entityId name version } ... on Meeting { entityId title outcomes(first: 5) { edges { node { id itemId text } } } } } }`;

describe('as-of answers in a normalising cache (Apollo Client InMemoryCache, over HTTP)', () => {
  let server: TestServer;
  let organizationId: string;
  let registeredAt: string;
  let registeredPosition: string;
  let meetingId: string;
  let meetingPosition: string;
  const client = () =>
    new ApolloClient({
      link: new HttpLink({ uri: server.url, headers: { authorization: `Bearer ${server.tokens.CLERK}` } }),
      cache: new InMemoryCache(),
    });

  beforeAll(async () => {
    server = await startTestServer();
    const registered = (
      await server.ok(mutationText('registerOrganization', 'position organization { id createdAt }'), {
        input: { kind: 'PROVINCE', name: 'استانداری قزوین', country: 'IR' },
      })
    ).registerOrganization;
    organizationId = registered.organization.id;
    registeredAt = registered.organization.createdAt;
    registeredPosition = registered.position;
    await new Promise((resolve) => setTimeout(resolve, 5));
    await server.ok(mutationText('renameOrganization', 'position'), { input: { organizationId, name: 'استانداری استان قزوین' } });
    const scheduled = (
      await server.ok(mutationText('scheduleMeeting', 'position meeting { id }'), {
        input: { title: 'نشست قزوین', location: 'قزوین', scheduledStart: '2026-05-03T05:30:00.000Z' },
      })
    ).scheduleMeeting;
    meetingId = scheduled.meeting.id;
    const outcome = await server.ok(mutationText('recordOutcome', 'position'), { input: { meetingId, kind: 'DEMAND', text: 'متن نخست' } });
    meetingPosition = outcome.recordOutcome.position;
    const { meeting } = await server.ok(`query ($id: ID!) { meeting(id: $id) { outcomes { edges { node { id } } } } }`, { id: meetingId });
    await server.ok(mutationText('amendOutcome', 'position'), {
      input: { meetingId, outcomeId: meeting.outcomes.edges[0].node.id, text: 'متن اصلاح‌شده' },
    });
  }, 60_000);
  afterAll(() => server?.stop());

  it('keeps the current organization when the same one is read as of before its rename', async () => {
    const apollo = client();
    const now = await apollo.query({ query: ORGANIZATION, variables: { id: organizationId } });
    expect(now.data).toMatchObject({ organization: { id: organizationId, entityId: organizationId, name: 'استانداری استان قزوین', version: 1 } });

    const then = await apollo.query({ query: ORGANIZATION, variables: { id: organizationId, asOf: registeredAt } });
    const asOfId = `${organizationId}@asOf:${new Date(registeredAt).toISOString()}`;
    expect(then.data).toMatchObject({ organization: { id: asOfId, entityId: organizationId, name: 'استانداری قزوین', version: 0 } });

    // The current organization, read again from the cache alone: still its current name.
    expect(apollo.readQuery({ query: ORGANIZATION, variables: { id: organizationId } })).toMatchObject({
      organization: { id: organizationId, name: 'استانداری استان قزوین', version: 1 },
    });
    const cached = apollo.cache.extract() as Record<string, { name?: string }>;
    expect(cached[`Organization:${organizationId}`]).toMatchObject({ name: 'استانداری استان قزوین' });
    expect(cached[`Organization:${asOfId}`]).toMatchObject({ name: 'استانداری قزوین' });
    expect(apollo.cache.identify({ __typename: 'Organization', id: asOfId })).toBe(`Organization:${asOfId}`);
  });

  it('gives an answer at a position an id of its own as well, and the same id each time', async () => {
    const apollo = client();
    await apollo.query({ query: ORGANIZATION, variables: { id: organizationId } });
    const first = await apollo.query({ query: ORGANIZATION, variables: { id: organizationId, atPosition: registeredPosition }, fetchPolicy: 'network-only' });
    const again = await apollo.query({ query: ORGANIZATION, variables: { id: organizationId, atPosition: registeredPosition }, fetchPolicy: 'network-only' });
    expect(first.data).toMatchObject({ organization: { id: `${organizationId}@position:${registeredPosition}`, name: 'استانداری قزوین' } });
    expect(again.data).toEqual(first.data);
    expect(apollo.readQuery({ query: ORGANIZATION, variables: { id: organizationId } })).toMatchObject({ organization: { name: 'استانداری استان قزوین' } });
  });

  it('gives the items of a meeting read at a past point the same point in their ids', async () => {
    const query = `query ($id: ID!, $atPosition: String) { meeting(id: $id, atPosition: $atPosition) { id entityId outcomes { edges { node { id itemId text } } } } }`;
    const now = (await server.ok(query, { id: meetingId })).meeting;
    const then = (await server.ok(query, { id: meetingId, atPosition: meetingPosition })).meeting;
    const outcomeId = now.outcomes.edges[0].node.itemId;
    expect(now.outcomes.edges[0].node).toEqual({ id: outcomeId, itemId: outcomeId, text: 'متن اصلاح‌شده' });
    expect(then).toMatchObject({ id: `${meetingId}@position:${meetingPosition}`, entityId: meetingId });
    expect(then.outcomes.edges[0].node).toEqual({ id: `${outcomeId}@position:${meetingPosition}`, itemId: outcomeId, text: 'متن نخست' });
  });

  it('reads an as-of id again with node(id), as the entity stood then', async () => {
    const asOfId = `${organizationId}@asOf:${new Date(registeredAt).toISOString()}`;
    expect((await server.ok(NODE, { id: asOfId })).node).toEqual({
      __typename: 'Organization',
      id: asOfId,
      entityId: organizationId,
      name: 'استانداری قزوین',
      version: 0,
    });
    const meetingThen = (await server.ok(NODE, { id: `${meetingId}@position:${meetingPosition}` })).node;
    expect(meetingThen).toMatchObject({ __typename: 'Meeting', id: `${meetingId}@position:${meetingPosition}`, entityId: meetingId });
    expect(meetingThen.outcomes.edges[0].node.text).toBe('متن نخست');
    const { nodes } = await server.ok(`query ($ids: [ID!]!) { nodes(ids: $ids) { id } }`, { ids: [organizationId, asOfId] });
    expect(nodes).toEqual([{ id: organizationId }, { id: asOfId }]);
  });

  it('answers BAD_USER_INPUT naming id for a malformed point, NOT_FOUND before the entity existed', async () => {
    for (const id of [
      `${organizationId}@asOf:yesterday`,
      `${organizationId}@position:abc`,
      `${organizationId}@since:2026-01-01T00:00:00.000Z`,
      `${organizationId}@position:1@asOf:2026-01-01T00:00:00.000Z`,
      `${organizationId}@at:2026-01-01T00:00:00.000Z`,
      `${organizationId}@`,
    ]) {
      const answer = await server.gql(NODE, { id });
      expect({ id, extensions: answer.errors?.[0].extensions }).toMatchObject({ id, extensions: { code: 'BAD_USER_INPUT', fields: [{ field: 'id' }] } });
      expect(answer.data?.node).toBeNull();
    }
    const before = await server.gql(NODE, { id: `${organizationId}@asOf:2000-01-01T00:00:00.000Z` });
    expect(before.errors?.[0].extensions.code).toBe('NOT_FOUND');
  });
});
