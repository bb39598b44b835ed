import { inProcessDemoClient, recordDemo } from '../../src/demo/record-demo';
import { startTestServer, type TestServer } from '../support/test-server';

/**
 * A client that declares `$asOf: DateTime, $atPosition: String, $consistentWith: String` and leaves
 * them unset sends explicit nulls (Apollo Client and the console do): each must mean "now", exactly
 * as leaving the argument out, on every entity and list query: never an internal error.
 */
describe('read points sent as explicit nulls', () => {
  let server: TestServer;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    server = await startTestServer();
    const demo = await recordDemo(await inProcessDemoClient(server.app));
    if (demo.status !== 'recorded') throw new Error(`the demo was not recorded: ${JSON.stringify(demo)}`);
    const found = await server.ok(`{
      meetings(first: 1) { edges { node { entityId } } }
      resolutions(first: 1) { edges { node { entityId } } }
      delegations(first: 1) { edges { node { entityId } } }
      organizations(first: 1) { edges { node { entityId } } }
      regionalGroups(first: 1) { edges { node { entityId } } }
      cooperationDocuments(first: 1) { edges { node { entityId } } }
    }`);
    for (const [list, connection] of Object.entries(found as Record<string, { edges: { node: { entityId: string } }[] }>))
      ids[list] = connection.edges[0].node.entityId;
  }, 120_000);
  afterAll(() => server?.stop());

  const POINT = '$asOf: DateTime, $atPosition: String, $consistentWith: String';
  const ARGS = 'asOf: $asOf, atPosition: $atPosition, consistentWith: $consistentWith';
  const NULLS = { asOf: null, atPosition: null, consistentWith: null };

  it.each([
    ['meeting', 'meetings'],
    ['resolution', 'resolutions'],
    ['delegation', 'delegations'],
    ['organization', 'organizations'],
    ['regionalGroup', 'regionalGroups'],
    ['cooperationDocument', 'cooperationDocuments'],
  ])('%s(id) and %s answer with explicit nulls as without the arguments', async (single, list) => {
    const withNulls = await server.gql(
      `query ($id: ID!, ${POINT}) { one: ${single}(id: $id, ${ARGS}) { entityId version } many: ${list}(first: 5, ${ARGS}) { totalCount edges { node { entityId } } } }`,
      { id: ids[list], ...NULLS },
    );
    const without = await server.gql(`query ($id: ID!) { one: ${single}(id: $id) { entityId version } many: ${list}(first: 5) { totalCount edges { node { entityId } } } }`, {
      id: ids[list],
    });
    expect(withNulls.errors).toBeUndefined();
    expect(withNulls.data).toEqual(without.data);
    expect(withNulls.data.one.entityId).toBe(ids[list]);
  });

  it.each([
    ['meeting', 'meetings'],
    ['resolution', 'resolutions'],
    ['delegation', 'delegations'],
    ['cooperationDocument', 'cooperationDocuments'],
  ])('%s(id) and %s at a past point given by one argument, the other sent as null', async (single, list) => {
    const { ledgerHead } = await server.ok('{ ledgerHead { position recordedAt } }');
    const query = `query ($id: ID!, ${POINT}) { one: ${single}(id: $id, ${ARGS}) { entityId version } many: ${list}(first: 5, ${ARGS}) { totalCount } }`;
    const byTime = await server.gql(query, { id: ids[list], ...NULLS, asOf: ledgerHead.recordedAt });
    const byPosition = await server.gql(query, { id: ids[list], ...NULLS, atPosition: ledgerHead.position });
    expect(byTime.errors).toBeUndefined();
    expect(byPosition.errors).toBeUndefined();
    expect(byTime.data.one.entityId).toBe(ids[list]);
    expect(byPosition.data.one.version).toBe(byTime.data.one.version);
    expect(byPosition.data.many.totalCount).toBe(byTime.data.many.totalCount);
  });

  it('nulls written in the query itself mean the same', async () => {
    const answer = await server.gql(`query ($id: ID!) { meeting(id: $id, asOf: null, atPosition: null, consistentWith: null) { entityId outcomes(first: 1) { totalCount } } }`, {
      id: ids.meetings,
    });
    expect(answer.errors).toBeUndefined();
    expect(answer.data.meeting.entityId).toBe(ids.meetings);
  });
});
