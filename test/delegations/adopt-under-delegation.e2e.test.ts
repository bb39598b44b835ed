import { startTestServer, type TestServer } from '../support/test-server';
import { refusedMutation, registerOrganization, UNKNOWN_ID } from '../support/graphql-helpers';

const ADOPT_MUTATION = `mutation ($input: AdoptResolutionInput!) {
  adoptResolution(input: $input) { resolution { id status adoptedAt } events { type data } position }
}`;
const ADOPT = 'تصویب مصوبات توسعه گردشگری';

/** adoptResolution with underDelegationId over HTTP: the authority is checked at occurredAt and recorded with the event. */
describe('adopting a resolution under a delegation, over GraphQL', () => {
  let server: TestServer;
  let province: string;
  let county: string;
  let root: string;
  let sub: string;

  const grant = async (input: Record<string, unknown>) =>
    (await server.ok(`mutation ($input: GrantDelegationInput!) { grantDelegation(input: $input) { delegation { id } } }`, { input })).grantDelegation.delegation
      .id as string;

  const proposeResolution = async () =>
    (
      await server.ok(`mutation ($input: ProposeResolutionInput!) { proposeResolution(input: $input) { resolution { id } } }`, {
        input: { title: 'توسعه گردشگری منطقه‌ای', text: 'متن مصوبه پیشنهادی', occurredAt: '2025-01-15T00:00:00.000Z' },
      })
    ).proposeResolution.resolution.id as string;

  const refusedWith = (input: Record<string, unknown>, code: string) => refusedMutation(server, ADOPT_MUTATION, 'adoptResolution', input, code);

  beforeAll(async () => {
    server = await startTestServer();
    const ministry = await registerOrganization(server, 'MINISTRY', 'وزارت کشور');
    province = await registerOrganization(server, 'PROVINCE', 'استانداری آذربایجان شرقی');
    county = await registerOrganization(server, 'OTHER', 'فرمانداری تبریز');
    const period = { effectiveFrom: '2025-01-01T00:00:00.000Z', effectiveUntil: '2035-01-01T00:00:00.000Z' };
    root = await grant({ delegatorId: ministry, delegateId: province, powers: [ADOPT], canSubdelegate: true, occurredAt: '2025-01-02T00:00:00.000Z', ...period });
    sub = await grant({ delegatorId: province, delegateId: county, powers: [ADOPT], parentDelegationId: root, occurredAt: '2025-01-03T00:00:00.000Z', ...period });
  });
  afterAll(() => server.stop());

  it('adopts when the chain gives the adopting organization the power at occurredAt, recording the chain', async () => {
    const resolutionId = await proposeResolution();
    const { adoptResolution } = await server.ok(ADOPT_MUTATION, {
      input: { resolutionId, adoptedById: county, underDelegationId: sub, power: 'تصويب مصوبات توسعه گردشگري', occurredAt: '2025-02-01T00:00:00.000Z' },
    });
    expect(adoptResolution.resolution).toMatchObject({ status: 'ADOPTED', adoptedAt: '2025-02-01T00:00:00.000Z' });
    expect(adoptResolution.events[0].data).toEqual({
      resolutionId,
      adoptedAt: '2025-02-01T00:00:00.000Z',
      adoptedById: county,
      underDelegationId: sub,
      power: 'تصويب مصوبات توسعه گردشگري',
      authorityChainIds: [root, sub],
    });

    const { resolution } = await server.ok(
      `query ($id: ID!) { resolution(id: $id) {
        adoptedById adoptedBy { id name } adoptedUnderDelegationId adoptedUnderDelegation { id delegateId powers }
        adoptedUnderPower adoptionAuthorityChainIds } }`,
      { id: resolutionId },
    );
    expect(resolution).toEqual({
      adoptedById: county,
      adoptedBy: { id: county, name: 'فرمانداری تبریز' },
      adoptedUnderDelegationId: sub,
      adoptedUnderDelegation: { id: sub, delegateId: county, powers: [ADOPT] },
      adoptedUnderPower: 'تصويب مصوبات توسعه گردشگري',
      adoptionAuthorityChainIds: [root, sub],
    });
  });

  it('reads no adoption authority on a resolution adopted without a delegation', async () => {
    const resolutionId = await proposeResolution();
    await server.ok(ADOPT_MUTATION, { input: { resolutionId, occurredAt: '2025-02-01T00:00:00.000Z' } });
    const { resolution } = await server.ok(
      `query ($id: ID!) { resolution(id: $id) { status adoptedById adoptedBy { id } adoptedUnderDelegationId adoptedUnderDelegation { id } adoptedUnderPower adoptionAuthorityChainIds } }`,
      { id: resolutionId },
    );
    expect(resolution).toEqual({
      status: 'ADOPTED',
      adoptedById: null,
      adoptedBy: null,
      adoptedUnderDelegationId: null,
      adoptedUnderDelegation: null,
      adoptedUnderPower: null,
      adoptionAuthorityChainIds: null,
    });
  });

  it('refuses with INVALID_TRANSITION and the reason when the power is not delegated, or the organization is not the delegate', async () => {
    const resolutionId = await proposeResolution();
    const notHeld = await refusedWith({ resolutionId, adoptedById: county, underDelegationId: sub, power: 'انعقاد قرارداد', occurredAt: '2025-02-01T00:00:00.000Z' }, 'INVALID_TRANSITION');
    expect(notHeld.message).toContain('does not include "انعقاد قرارداد"');
    expect(notHeld.extensions.state).toBe('PROPOSED');
    const wrongBody = await refusedWith({ resolutionId, adoptedById: province, underDelegationId: sub, power: ADOPT, occurredAt: '2025-02-01T00:00:00.000Z' }, 'INVALID_TRANSITION');
    expect(wrongBody.message).toContain(`not to ${province}`);
  });

  it('refuses while a delegation up the chain is suspended at occurredAt', async () => {
    const resolutionId = await proposeResolution();
    await server.ok(`mutation ($input: SuspendDelegationInput!) { suspendDelegation(input: $input) { position } }`, {
      input: { delegationId: root, occurredAt: '2025-03-01T00:00:00.000Z' },
    });
    const error = await refusedWith({ resolutionId, adoptedById: county, underDelegationId: sub, power: ADOPT, occurredAt: '2025-03-15T00:00:00.000Z' }, 'INVALID_TRANSITION');
    expect(error.message).toContain(`parent ${root} of ${sub} was suspended at 2025-03-01T00:00:00.000Z`);
    // Before the suspension took effect, the same adoption stands.
    const adopted = await server.ok(ADOPT_MUTATION, { input: { resolutionId, adoptedById: county, underDelegationId: sub, power: ADOPT, occurredAt: '2025-02-15T00:00:00.000Z' } });
    expect(adopted.adoptResolution.resolution.status).toBe('ADOPTED');
  });

  it('refuses an incomplete authority as BAD_USER_INPUT naming the fields', async () => {
    const resolutionId = await proposeResolution();
    const missing = await refusedWith({ resolutionId, underDelegationId: sub }, 'BAD_USER_INPUT');
    expect(missing.extensions.fields.map((field: any) => field.field)).toEqual(['adoptedById', 'power']);
    const unknown = await refusedWith({ resolutionId, adoptedById: county, underDelegationId: UNKNOWN_ID, power: ADOPT }, 'BAD_USER_INPUT');
    expect(unknown.extensions.fields).toEqual([expect.objectContaining({ field: 'underDelegationId' })]);
    const powerAlone = await refusedWith({ resolutionId, power: ADOPT }, 'BAD_USER_INPUT');
    expect(powerAlone.extensions.fields).toEqual([expect.objectContaining({ field: 'power' })]);
  });
});
