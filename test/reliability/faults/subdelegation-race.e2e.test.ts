import { mutationText, registerOrganization } from '../../support/graphql-helpers';
import { startTestServer, type GraphQLResponse, type TestServer } from '../../support/test-server';

const GRANT = mutationText('grantDelegation', 'delegation { id } position');
const AMEND = mutationText('amendDelegation', 'delegation { id powers } position');
const REVOKE = mutationText('revokeDelegation', 'delegation { id status } position');
const PARENT = `query ($id: ID!, $consistentWith: String) {
  delegation(id: $id, consistentWith: $consistentWith) { powers status children(first: 100) { edges { node { id status powers } } } }
}`;

const PERMIT = 'صدور مجوز نمایشگاه';
const CONTRACT = 'انعقاد قرارداد همکاری';
const SUBDELEGATIONS = 20;
const ROUNDS = 3;
/** What a refused racer may be told: the rule it broke once it saw the other command, or (rarely) that it lost too many races. */
const REFUSALS = ['INVALID_TRANSITION', 'CONCURRENCY_CONFLICT'];

describe('sub-delegations are granted while their parent is narrowed or revoked', () => {
  let server: TestServer;
  let ministry: string;
  let province: string;
  let counties: string[];
  beforeAll(async () => {
    server = await startTestServer();
    ministry = await registerOrganization(server, 'MINISTRY', 'وزارت کشور', 'IR');
    province = await registerOrganization(server, 'PROVINCE', 'استان آذربایجان شرقی', 'IR');
    counties = [];
    for (const name of ['فرمانداری تبریز', 'فرمانداری مرند', 'فرمانداری مراغه', 'فرمانداری اهر'])
      counties.push(await registerOrganization(server, 'OTHER', name, 'IR'));
  });
  afterAll(() => server.stop());

  const grantParent = async () =>
    (
      await server.ok(GRANT, {
        input: {
          delegatorId: ministry,
          delegateId: province,
          powers: [PERMIT, CONTRACT],
          effectiveFrom: '2025-01-10T00:00:00.000Z',
          canSubdelegate: true,
          occurredAt: '2025-01-10T00:00:00.000Z',
        },
      })
    ).grantDelegation.delegation.id as string;

  const grantChild = (parentDelegationId: string, index: number, extra: Record<string, unknown> = {}) =>
    server.gql(GRANT, {
      input: {
        delegatorId: province,
        delegateId: counties[index % counties.length],
        powers: [CONTRACT],
        effectiveFrom: '2025-02-01T00:00:00.000Z',
        parentDelegationId,
        ...extra,
      },
    });

  const expectOnlyRefusals = (results: GraphQLResponse[]) => {
    for (const result of results) if (result.errors) expect(REFUSALS).toContain(result.errors[0].extensions.code);
  };

  it('never leaves a sub-delegation holding a power its parent was narrowed to lose', async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const parent = await grantParent();
      // The narrowing is sent among, before and after the sub-delegations in turn, so that either may come first.
      const sentAfter = [SUBDELEGATIONS / 2, 0, SUBDELEGATIONS][round % 3];
      const children = Array.from({ length: sentAfter }, (_, index) => grantChild(parent, index));
      const narrowing = server.gql(AMEND, { input: { delegationId: parent, powers: [PERMIT] } });
      children.push(...Array.from({ length: SUBDELEGATIONS - sentAfter }, (_, index) => grantChild(parent, sentAfter + index)));
      const results = await Promise.all([narrowing, ...children]);
      expectOnlyRefusals(results);

      const head = (await server.app.store.head())!.position;
      const { delegation } = await server.ok(PARENT, { id: parent, consistentWith: head });
      const live = delegation.children.edges.map((edge: { node: { status: string; powers: string[] } }) => edge.node);
      const beyondParent = live.filter((child: { powers: string[] }) => child.powers.some((power) => !delegation.powers.includes(power)));
      expect(beyondParent).toEqual([]);
      // Either the narrowing came first and refused every later sub-delegation of the power, or it was refused.
      const narrowed = !(await narrowing).errors;
      expect(live.length === 0).toBe(narrowed);
    }
  });

  it('records no sub-delegation granted after its parent was revoked', async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const parent = await grantParent();
      // Sent first: the sub-delegations arrive while it is being recorded and projected.
      const revocation = server.gql(REVOKE, { input: { delegationId: parent, occurredAt: '2025-02-15T00:00:00.000Z' } });
      const children = Array.from({ length: SUBDELEGATIONS }, (_, index) =>
        grantChild(parent, index, { occurredAt: '2025-03-01T00:00:00.000Z' }),
      );
      const results = await Promise.all([revocation, ...children]);
      expectOnlyRefusals(results);
      expect((await revocation).errors).toBeUndefined();

      // A grant recorded after the revocation took effect at 1 March, when the parent stood revoked since 15 February.
      const log = await server.app.store.readAll();
      const revokedAt = log.find((event) => event.type === 'DelegationRevoked' && (event.data as { delegationId: string }).delegationId === parent)!;
      const grantedLater = log.filter(
        (event) =>
          event.type === 'DelegationGranted' &&
          (event.data as { parentDelegationId?: string }).parentDelegationId === parent &&
          Number(event.position) > Number(revokedAt.position),
      );
      expect(grantedLater).toEqual([]);
    }
  });
});
