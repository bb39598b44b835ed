import { seededRandom } from '../../bench/synthetic-log';
import { startTestServer, type TestServer } from '../support/test-server';

type Status = 'PROPOSED' | 'REJECTED' | 'WITHDRAWN';
const STATUSES: Status[] = ['PROPOSED', 'REJECTED', 'WITHDRAWN'];

/**
 * A list at a past point is read from the nearest snapshot's list keys merged with what was
 * folded since (projections/snapshots): with a snapshot every 10 events, every point below falls
 * between two of them. Resolutions leave the PROPOSED filter and enter REJECTED or WITHDRAWN in a
 * seeded order; at each sampled point each filtered list, paged four at a time by keyset cursors,
 * must hold exactly the resolutions a model of the writes says had that status then, once each,
 * with an exact totalCount.
 */
describe('lists as of a past point, across snapshots', () => {
  let server: TestServer;
  const points: { position: string; statuses: Map<string, Status> }[] = [];

  beforeAll(async () => {
    server = await startTestServer({ SNAPSHOT_EVERY: '10' });
    const random = seededRandom(14);
    const statuses = new Map<string, Status>();
    const keep = (position: string) => points.push({ position, statuses: new Map(statuses) });
    for (let n = 1; n <= 30; n++) {
      const { proposeResolution } = await server.ok(
        `mutation ($input: ProposeResolutionInput!) { proposeResolution(input: $input) { position resolution { entityId } } }`,
        { input: { title: `مصوبه ${n}`, text: `متن مصوبه ${n}` } },
      );
      statuses.set(proposeResolution.resolution.entityId, 'PROPOSED');
      keep(proposeResolution.position);
      const proposed = [...statuses].filter(([, status]) => status === 'PROPOSED').map(([id]) => id);
      if (proposed.length > 2 && random() < 0.6) {
        const id = proposed[Math.floor(random() * proposed.length)];
        const verb = random() < 0.5 ? 'rejectResolution' : 'withdrawResolution';
        const answer = await server.ok(
          `mutation ($input: ${verb === 'rejectResolution' ? 'RejectResolutionInput' : 'WithdrawResolutionInput'}!) { ${verb}(input: $input) { position } }`,
          { input: { resolutionId: id, reason: 'آزمون' } },
        );
        statuses.set(id, verb === 'rejectResolution' ? 'REJECTED' : 'WITHDRAWN');
        keep(answer[verb].position);
      }
    }
    // Snapshots are sealed behind the read models, on their own subscription.
    const head = points[points.length - 1].position;
    for (let waited = 0; server.app.snapshotter.position !== head; waited += 50) {
      if (waited > 20_000) throw new Error(`snapshots did not reach ${head}: ${server.app.snapshotter.position}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }, 120_000);
  afterAll(() => server?.stop());

  const pageThrough = async (atPosition: string, status: Status) => {
    const ids: string[] = [];
    let after: string | null = null;
    let totalCount = -1;
    for (let pages = 0; pages < 50; pages++) {
      const answer: { resolutions: { totalCount: number; pageInfo: { hasNextPage: boolean; endCursor: string | null }; edges: { node: { entityId: string; status: string } }[] } } = await server.ok(
        `query ($at: String!, $status: ResolutionStatus!, $after: String) {
           resolutions(atPosition: $at, filter: { status: $status }, first: 4, after: $after) {
             totalCount pageInfo { hasNextPage endCursor } edges { node { entityId status } }
           }
         }`,
        { at: atPosition, status, after },
      );
      const { resolutions } = answer;
      totalCount = resolutions.totalCount;
      for (const { node } of resolutions.edges) {
        expect(node.status).toBe(status);
        ids.push(node.entityId);
      }
      if (!resolutions.pageInfo.hasNextPage) return { ids, totalCount };
      after = resolutions.pageInfo.endCursor;
    }
    throw new Error('more than 50 pages');
  };

  it('every sampled point: each status list holds exactly the resolutions that had it then, once each, with an exact count', async () => {
    const sampled = points.filter((_, index) => index % 3 === 0 || index === points.length - 1);
    expect(sampled.length).toBeGreaterThan(10);
    for (const point of sampled)
      for (const status of STATUSES) {
        const expected = [...point.statuses].filter(([, value]) => value === status).map(([id]) => id);
        const { ids, totalCount } = await pageThrough(point.position, status);
        expect(new Set(ids).size).toBe(ids.length);
        expect(new Set(ids)).toEqual(new Set(expected));
        expect(totalCount).toBe(expected.length);
      }
  });

  it('the list at the head is the live list', async () => {
    const head = points[points.length - 1].position;
    for (const status of STATUSES) {
      const { ids } = await pageThrough(head, status);
      const live = await server.ok(`query ($status: ResolutionStatus!) { resolutions(filter: { status: $status }, first: 500) { edges { node { entityId } } } }`, { status });
      expect(ids).toEqual(live.resolutions.edges.map((edge: { node: { entityId: string } }) => edge.node.entityId));
    }
  });
});
