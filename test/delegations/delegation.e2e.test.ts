import { startTestServer, type TestServer } from '../support/test-server';
import { eventCount, mutationText, PERSIAN_DATE_TIME, refusedMutation, registerOrganization, UNKNOWN_ID } from '../support/graphql-helpers';

const DELEGATION_FIELDS = `
  id entityId version delegatorId delegator { id name } delegateId delegate { id name }
  powers conditions legalBasis effectiveFrom effectiveUntil canSubdelegate
  parentDelegationId parent { id status } children { totalCount edges { node { id effectiveStatus } } }
  basedOnResolutionId status effectiveStatus effectiveStatusReason inForce statusReason
  proposedAt grantedAt suspendedAt reinstatedAt revokedAt rejectedAt amendedAt underDelegationId authorityChainIds
  createdAt updatedAt history { totalCount edges { node { type revision occurredAt recordedAt reason } } }`;

type MutationName =
  | 'proposeDelegation'
  | 'grantDelegation'
  | 'rejectDelegation'
  | 'suspendDelegation'
  | 'reinstateDelegation'
  | 'revokeDelegation'
  | 'amendDelegation';

const mutationOf = (name: MutationName) =>
  mutationText(name, `delegation { ${DELEGATION_FIELDS} } events { type revision recordedAt occurredAt reason actor { id role } data } position`);

const DELEGATION_QUERY = `query ($id: ID!, $asOf: DateTime, $atPosition: String, $consistentWith: String) {
  delegation(id: $id, asOf: $asOf, atPosition: $atPosition, consistentWith: $consistentWith) { ${DELEGATION_FIELDS} }
}`;

const LIST_QUERY = `query ($filter: DelegationFilter, $asOf: DateTime, $first: Int) {
  delegations(filter: $filter, asOf: $asOf, first: $first) { totalCount edges { node { id entityId status effectiveStatus } } }
}`;

const AUTHORITY_QUERY = `query ($organizationId: ID!, $power: String!, $at: DateTime!, $asOf: DateTime) {
  authority(organizationId: $organizationId, power: $power, at: $at, asOf: $asOf) {
    holds reason organizationId power at asOf chain { id entityId delegatorId delegateId status }
  }
}`;

const INVEST = 'تصویب طرح‌های سرمایه‌گذاری خارجی';
const PERMIT = 'صدور مجوز نمایشگاه';
const FAR = '2035-01-01T00:00:00.000Z';

describe('delegations over GraphQL', () => {
  let server: TestServer;
  let ministry: string;
  let province: string;
  let county: string;
  let headquarters: string;

  type Payload = { delegation: any; events: any[]; position: string };

  const run = async (name: MutationName, input: Record<string, unknown>): Promise<Payload> => (await server.ok(mutationOf(name), { input }))[name];

  /** Sends a command that must be refused with `code` and must append nothing; returns the error. */
  const refused = (name: MutationName, input: Record<string, unknown>, code: string, token?: string | null) =>
    refusedMutation(server, mutationOf(name), name, input, code, token);

  /** The ministry's root delegation to the province, granted directly with effect from 2025-01-10. */
  const grantRoot = (extra: Record<string, unknown> = {}) =>
    run('grantDelegation', {
      delegatorId: ministry,
      delegateId: province,
      powers: [INVEST, PERMIT],
      effectiveFrom: '2025-01-01T00:00:00.000Z',
      effectiveUntil: FAR,
      canSubdelegate: true,
      occurredAt: '2025-01-10T00:00:00.000Z',
      ...extra,
    });

  const subTerms = (parentDelegationId: string, extra: Record<string, unknown> = {}) => ({
    delegatorId: province,
    delegateId: county,
    powers: [INVEST],
    effectiveFrom: '2025-02-01T00:00:00.000Z',
    effectiveUntil: '2030-01-01T00:00:00.000Z',
    parentDelegationId,
    occurredAt: '2025-02-01T00:00:00.000Z',
    ...extra,
  });

  const read = async (id: string, args: Record<string, unknown> = {}) => (await server.ok(DELEGATION_QUERY, { id, ...args })).delegation;

  beforeAll(async () => {
    server = await startTestServer();
    ministry = await registerOrganization(server, 'MINISTRY', 'وزارت کشور', 'IR');
    province = await registerOrganization(server, 'PROVINCE', 'استانداری آذربایجان شرقی', 'IR');
    county = await registerOrganization(server, 'OTHER', 'فرمانداری تبریز', 'IR');
    headquarters = await registerOrganization(server, 'HEADQUARTERS', 'قرارگاه اقتصاد مقاومتی', 'IR');
  });
  afterAll(() => server.stop());

  it('proposes in Persian with the powers normalised, then grants the proposal effective at its occurredAt', async () => {
    const proposed = await run('proposeDelegation', {
      delegatorId: ministry,
      delegateId: province,
      powers: ['  ' + INVEST, 'تصويب طرح‌هاي سرمايه‌گذاري خارجي', PERMIT],
      effectiveFrom: '2025-03-01T00:00:00.000Z',
      conditions: 'با گزارش فصلی به کمیته روابط خارجی استان‌ها',
      legalBasis: 'بند ۱۲ سیاست‌های کلی اقتصاد مقاومتی',
      occurredAt: '2025-02-20T00:00:00.000Z',
    });
    expect(proposed.delegation).toMatchObject({
      version: 0,
      status: 'PROPOSED',
      effectiveStatus: 'PROPOSED',
      inForce: false,
      powers: [INVEST, PERMIT],
      canSubdelegate: false,
      delegator: { id: ministry, name: 'وزارت کشور' },
      delegate: { id: province, name: 'استانداری آذربایجان شرقی' },
      conditions: 'با گزارش فصلی به کمیته روابط خارجی استان‌ها',
      proposedAt: '2025-02-20T00:00:00.000Z',
      grantedAt: null,
    });
    expect(proposed.events).toEqual([expect.objectContaining({ type: 'DelegationProposed', occurredAt: '2025-02-20T00:00:00.000Z', actor: { id: 'clerk-1', role: 'CLERK' } })]);

    const granted = await run('grantDelegation', { delegationId: proposed.delegation.id, occurredAt: '2025-02-25T00:00:00.000Z', expectedVersion: 0 });
    expect(granted.delegation).toMatchObject({ version: 1, status: 'ACTIVE', effectiveStatus: 'ACTIVE', inForce: true, grantedAt: '2025-02-25T00:00:00.000Z' });
    expect(granted.events[0].data).toMatchObject({ powers: [INVEST, PERMIT], grantedAt: '2025-02-25T00:00:00.000Z' });

    const byId = await read(proposed.delegation.id);
    expect(byId.history.edges.map((edge: any) => edge.node.type)).toEqual(['DelegationProposed', 'DelegationGranted']);
    expect(byId.legalBasis).toBe('بند ۱۲ سیاست‌های کلی اقتصاد مقاومتی');
  });

  it('grants a new delegation directly, and refuses a grant naming both a proposal and terms, or neither fully', async () => {
    const granted = await grantRoot();
    expect(granted.delegation).toMatchObject({ version: 0, status: 'ACTIVE', proposedAt: null, grantedAt: '2025-01-10T00:00:00.000Z' });
    expect(granted.events.map((event) => event.type)).toEqual(['DelegationGranted']);

    const both = await refused('grantDelegation', { delegationId: granted.delegation.id, powers: [INVEST] }, 'BAD_USER_INPUT');
    expect(both.extensions.fields).toEqual([expect.objectContaining({ field: 'powers' })]);
    const partial = await refused('grantDelegation', { delegatorId: ministry, powers: [INVEST] }, 'BAD_USER_INPUT');
    expect(partial.extensions.fields.map((field: any) => field.field)).toEqual(['delegateId', 'effectiveFrom']);
  });

  it('rejects, suspends, reinstates, revokes and amends, each taking effect at its occurredAt', async () => {
    const proposal = await run('proposeDelegation', { delegatorId: ministry, delegateId: headquarters, powers: [PERMIT], effectiveFrom: '2025-01-01T00:00:00.000Z', occurredAt: '2025-01-02T00:00:00.000Z' });
    const rejected = await run('rejectDelegation', { delegationId: proposal.delegation.id, reason: 'خارج از صلاحیت', occurredAt: '2025-01-05T00:00:00.000Z' });
    expect(rejected.delegation).toMatchObject({ status: 'REJECTED', rejectedAt: '2025-01-05T00:00:00.000Z', statusReason: 'خارج از صلاحیت' });
    expect(rejected.events[0]).toMatchObject({ reason: 'خارج از صلاحیت', data: { reason: 'خارج از صلاحیت' } });

    const { delegation } = await grantRoot();
    const suspended = await run('suspendDelegation', { delegationId: delegation.id, reason: 'بازبینی', occurredAt: '2025-03-01T00:00:00.000Z' });
    expect(suspended.delegation).toMatchObject({ status: 'SUSPENDED', effectiveStatus: 'SUSPENDED', inForce: false, suspendedAt: '2025-03-01T00:00:00.000Z' });
    expect(suspended.delegation.effectiveStatusReason).toContain('suspended at 2025-03-01T00:00:00.000Z');

    const reinstated = await run('reinstateDelegation', { delegationId: delegation.id, occurredAt: '2025-04-01T00:00:00.000Z' });
    expect(reinstated.delegation).toMatchObject({ status: 'ACTIVE', inForce: true, reinstatedAt: '2025-04-01T00:00:00.000Z' });

    const amended = await run('amendDelegation', { delegationId: delegation.id, powers: [PERMIT], conditions: 'فقط نمایشگاه‌های بین‌المللی', occurredAt: '2025-05-01T00:00:00.000Z' });
    expect(amended.delegation).toMatchObject({ powers: [PERMIT], conditions: 'فقط نمایشگاه‌های بین‌المللی', amendedAt: '2025-05-01T00:00:00.000Z' });
    expect(amended.events[0].data.previous).toEqual({ powers: [INVEST, PERMIT] });

    const revoked = await run('revokeDelegation', { delegationId: delegation.id, reason: 'پایان مأموریت', occurredAt: '2025-06-01T00:00:00.000Z' });
    expect(revoked.delegation).toMatchObject({ status: 'REVOKED', effectiveStatus: 'REVOKED', revokedAt: '2025-06-01T00:00:00.000Z', version: 4 });
  });

  it('refuses transitions the state forbids with INVALID_TRANSITION and the state, and appends nothing', async () => {
    const { delegation } = await grantRoot();
    expect((await refused('reinstateDelegation', { delegationId: delegation.id }, 'INVALID_TRANSITION')).extensions.state).toBe('ACTIVE');
    expect((await refused('rejectDelegation', { delegationId: delegation.id }, 'INVALID_TRANSITION')).extensions.state).toBe('ACTIVE');
    await run('revokeDelegation', { delegationId: delegation.id, occurredAt: '2025-02-01T00:00:00.000Z' });
    expect((await refused('suspendDelegation', { delegationId: delegation.id }, 'INVALID_TRANSITION')).extensions.state).toBe('REVOKED');
    expect((await refused('grantDelegation', { delegationId: delegation.id }, 'INVALID_TRANSITION')).extensions.state).toBe('REVOKED');
  });

  it('shows EXPIRED once the effective period has ended, and refuses acts on it', async () => {
    const { delegation } = await grantRoot({ effectiveUntil: '2025-06-01T00:00:00.000Z' });
    expect(delegation).toMatchObject({ status: 'EXPIRED', effectiveStatus: 'EXPIRED', inForce: false });
    expect((await refused('suspendDelegation', { delegationId: delegation.id }, 'INVALID_TRANSITION')).extensions.state).toBe('EXPIRED');
    // As the records stood on 2025-03-01 it had not expired yet — but it had not been recorded either.
    const past = await server.gql(DELEGATION_QUERY, { id: delegation.id, asOf: '2025-03-01T00:00:00.000Z' });
    expect(past.errors?.[0].extensions.code).toBe('NOT_FOUND');
  });

  it('refuses an act that would take effect before the latest one, naming occurredAt', async () => {
    const { delegation } = await grantRoot();
    const error = await refused('suspendDelegation', { delegationId: delegation.id, occurredAt: '2025-01-05T00:00:00.000Z' }, 'BAD_USER_INPUT');
    expect(error.extensions.fields).toEqual([expect.objectContaining({ field: 'occurredAt' })]);
  });

  describe('sub-delegations', () => {
    it('grants one that fits inside its parent, listed among the parent’s children', async () => {
      const root = (await grantRoot()).delegation;
      const sub = await run('grantDelegation', subTerms(root.id));
      expect(sub.delegation).toMatchObject({ status: 'ACTIVE', effectiveStatus: 'ACTIVE', parent: { id: root.id, status: 'ACTIVE' }, parentDelegationId: root.id });
      expect((await read(root.id)).children).toEqual({ totalCount: 1, edges: [{ node: { id: sub.delegation.id, effectiveStatus: 'ACTIVE' } }] });
    });

    it.each([
      ['more powers than the parent', (root: string) => subTerms(root, { powers: [INVEST, 'انعقاد قرارداد'] }), 'does not hold "انعقاد قرارداد"'],
      ['a longer period than the parent', (root: string) => subTerms(root, { effectiveUntil: '2040-01-01T00:00:00.000Z' }), 'past its parent'],
      ['a delegator other than the parent’s delegate', (root: string) => subTerms(root, { delegatorId: headquarters }), "must be the parent's delegate"],
      ['a delegate above it in the chain', (root: string) => subTerms(root, { delegateId: ministry }), 'already above it in the chain'],
    ])('refuses %s', async (_case, terms, why) => {
      const root = (await grantRoot()).delegation;
      for (const name of ['proposeDelegation', 'grantDelegation'] as const) {
        const error = await refused(name, terms(root.id), 'INVALID_TRANSITION');
        expect(error.message).toContain(why);
      }
    });

    it('refuses one under a parent that does not allow sub-delegation', async () => {
      const root = (await grantRoot({ canSubdelegate: false })).delegation;
      expect((await refused('grantDelegation', subTerms(root.id), 'INVALID_TRANSITION')).message).toContain('does not allow sub-delegation');
    });

    it('refuses to grant one while the parent is suspended, and refuses an unknown parent as BAD_USER_INPUT', async () => {
      const root = (await grantRoot()).delegation;
      await run('suspendDelegation', { delegationId: root.id, occurredAt: '2025-01-20T00:00:00.000Z' });
      expect((await refused('grantDelegation', subTerms(root.id), 'INVALID_TRANSITION')).message).toContain('the parent was SUSPENDED');
      const unknown = await refused('grantDelegation', subTerms(UNKNOWN_ID), 'BAD_USER_INPUT');
      expect(unknown.extensions.fields).toEqual([expect.objectContaining({ field: 'parentDelegationId' })]);
    });

    it('takes its sub-delegations with it when suspended or revoked, computed on reading (no event on the child)', async () => {
      const root = (await grantRoot()).delegation;
      const sub = (await run('grantDelegation', subTerms(root.id))).delegation;
      const grandchildTerms = { ...subTerms(sub.id), delegatorId: county, delegateId: headquarters, effectiveFrom: '2025-03-01T00:00:00.000Z', occurredAt: '2025-03-01T00:00:00.000Z' };
      // The county's delegation does not allow sub-delegating.
      await refused('grantDelegation', grandchildTerms, 'INVALID_TRANSITION');

      await run('suspendDelegation', { delegationId: root.id, occurredAt: '2025-04-01T00:00:00.000Z' });
      const whileSuspended = await read(sub.id);
      expect(whileSuspended).toMatchObject({ status: 'ACTIVE', effectiveStatus: 'SUSPENDED', inForce: false, version: 0 });
      expect(whileSuspended.effectiveStatusReason).toBe(`parent ${root.id} suspended at 2025-04-01T00:00:00.000Z`);
      expect((await read(root.id)).children.edges[0].node.effectiveStatus).toBe('SUSPENDED');

      await run('reinstateDelegation', { delegationId: root.id, occurredAt: '2025-05-01T00:00:00.000Z' });
      expect(await read(sub.id)).toMatchObject({ effectiveStatus: 'ACTIVE', effectiveStatusReason: null, inForce: true });

      const revoked = await run('revokeDelegation', { delegationId: root.id, occurredAt: '2025-06-01T00:00:00.000Z' });
      expect(await read(sub.id)).toMatchObject({ status: 'ACTIVE', effectiveStatus: 'SUSPENDED', effectiveStatusReason: `parent ${root.id} revoked at 2025-06-01T00:00:00.000Z` });
      // As the records stood before the revocation was recorded, the child was still in force.
      const before = await read(sub.id, { asOf: new Date(Date.parse(revoked.events[0].recordedAt) - 1).toISOString() });
      expect(before).toMatchObject({ effectiveStatus: 'ACTIVE', inForce: true });
      expect((await server.app.store.readStream(`delegation-${sub.id}`)).map((event) => event.type)).toEqual(['DelegationGranted']);
    });

    it('refuses narrowing a parent below its sub-delegation', async () => {
      const root = (await grantRoot()).delegation;
      await run('grantDelegation', subTerms(root.id));
      const error = await refused('amendDelegation', { delegationId: root.id, powers: [PERMIT] }, 'INVALID_TRANSITION');
      expect(error.message).toContain(`holds "${INVEST}"`);
    });
  });

  describe('acting under a delegation', () => {
    it('records the delegation relied on and its chain when it gives the delegator every power at occurredAt', async () => {
      const root = (await grantRoot()).delegation;
      const granted = await run('grantDelegation', { delegatorId: province, delegateId: headquarters, powers: [PERMIT], effectiveFrom: '2025-03-01T00:00:00.000Z', underDelegationId: root.id, occurredAt: '2025-03-01T00:00:00.000Z' });
      expect(granted.delegation).toMatchObject({ underDelegationId: root.id, authorityChainIds: [root.id] });
      expect(granted.events[0].data).toMatchObject({ underDelegationId: root.id, authorityChainIds: [root.id] });
    });

    it('refuses with INVALID_TRANSITION and the reason when it does not', async () => {
      const root = (await grantRoot()).delegation;
      const notHeld = await refused('grantDelegation', { delegatorId: province, delegateId: headquarters, powers: ['انعقاد قرارداد'], effectiveFrom: '2025-03-01T00:00:00.000Z', underDelegationId: root.id, occurredAt: '2025-03-01T00:00:00.000Z' }, 'INVALID_TRANSITION');
      expect(notHeld.message).toContain('does not include "انعقاد قرارداد"');
      const tooEarly = await refused('grantDelegation', { delegatorId: province, delegateId: headquarters, powers: [PERMIT], effectiveFrom: '2025-01-01T00:00:00.000Z', underDelegationId: root.id, occurredAt: '2025-01-05T00:00:00.000Z' }, 'INVALID_TRANSITION');
      expect(tooEarly.message).toContain('granted only at 2025-01-10T00:00:00.000Z');
      const wrongBody = await refused('grantDelegation', { delegatorId: county, delegateId: headquarters, powers: [PERMIT], effectiveFrom: '2025-03-01T00:00:00.000Z', underDelegationId: root.id, occurredAt: '2025-03-01T00:00:00.000Z' }, 'INVALID_TRANSITION');
      expect(wrongBody.message).toContain(`not to ${county}`);
    });
  });

  describe('authority(organizationId, power, at, asOf)', () => {
    it('answers the bitemporal question: a revocation recorded later with an earlier occurredAt changes the answer only for asOf after its recording', async () => {
      // Organizations of its own: other tests' delegations to the shared ones would offer other chains.
      const province = await registerOrganization(server, 'PROVINCE', 'استانداری آذربایجان غربی', 'IR');
      const county = await registerOrganization(server, 'OTHER', 'فرمانداری ارومیه', 'IR');
      const root = (await grantRoot({ delegateId: province })).delegation;
      const sub = await run('grantDelegation', subTerms(root.id, { delegatorId: province, delegateId: county }));
      const recordedBeforeRevocation = sub.events[0].recordedAt;
      const revoked = await run('revokeDelegation', { delegationId: root.id, reason: 'مصوبه لغو شد', occurredAt: '2025-03-01T00:00:00.000Z' });
      const recordedAfterRevocation = revoked.events[0].recordedAt;
      expect(Date.parse(recordedAfterRevocation)).toBeGreaterThan(Date.parse(recordedBeforeRevocation));

      const ask = async (organizationId: string, power: string, at: string, asOf?: string) =>
        (await server.ok(AUTHORITY_QUERY, { organizationId, power, at, asOf })).authority;

      const table: [string, string, string, string | undefined, boolean, string[] | string][] = [
        ['province, before the revocation took effect', province, '2025-02-15T00:00:00.000Z', undefined, true, [root.id]],
        ['province, after it took effect, as recorded before it was recorded', province, '2025-04-01T00:00:00.000Z', recordedBeforeRevocation, true, [root.id]],
        ['province, after it took effect, as recorded now', province, '2025-04-01T00:00:00.000Z', undefined, false, `was revoked at 2025-03-01T00:00:00.000Z (۱۴۰۳/۱۲/۱۱ ۰۳:۳۰:۰۰) (مصوبه لغو شد)`],
        ['province, as recorded right after the revocation', province, '2025-04-01T00:00:00.000Z', recordedAfterRevocation, false, 'revoked at 2025-03-01'],
        ['county through the chain, before the revocation took effect', county, '2025-02-15T00:00:00.000Z', undefined, true, [root.id, sub.delegation.id]],
        ['county, parent revoked, as recorded before', county, '2025-04-01T00:00:00.000Z', recordedBeforeRevocation, true, [root.id, sub.delegation.id]],
        ['county, parent revoked, as recorded now', county, '2025-04-01T00:00:00.000Z', undefined, false, `parent ${root.id} (from «وزارت کشور» (${ministry}) to «استانداری آذربایجان غربی» (${province})) of ${sub.delegation.id} was revoked`],
        ['county, before its own grant took effect', county, '2025-01-20T00:00:00.000Z', undefined, false, 'granted only at 2025-02-01'],
      ];
      for (const [label, organizationId, at, asOf, holds, expected] of table) {
        const answer = await ask(organizationId, INVEST, at, asOf);
        expect({ label, holds: answer.holds }).toEqual({ label, holds });
        if (holds) {
          expect(answer.chain.map((link: any) => link.entityId)).toEqual(expected);
          expect(answer.chain.map((link: any) => link.id)).toEqual((expected as string[]).map((id) => `${id}${asOf ? `@asOf:${asOf}` : ''}@at:${at}`));
          expect(answer.reason).toBeNull();
          expect(answer.chain[0].delegatorId).toBe(ministry);
        } else {
          expect(answer.chain).toEqual([]);
          expect(answer.reason).toContain(expected);
        }
      }
      // A power the county never got, and the chain shown as the records stood then.
      expect((await ask(county, PERMIT, '2025-02-15T00:00:00.000Z')).reason).toContain(`includes "${PERMIT}"`);
      const asRecordedBefore = await ask(county, INVEST, '2025-04-01T00:00:00.000Z', recordedBeforeRevocation);
      expect(asRecordedBefore.chain[0]).toMatchObject({ entityId: root.id, status: 'ACTIVE' });
      // A chain that holds at `at` shows every link as it stood then, though the root is revoked now.
      const beforeRevocation = await ask(county, INVEST, '2025-02-15T00:00:00.000Z');
      expect(beforeRevocation.chain.map((link: any) => link.status)).toEqual(['ACTIVE', 'ACTIVE']);
    });

    it('shows each link of a chain that holds as it stood at `at`, not as today (a period since ended, a suspension since)', async () => {
      const province = await registerOrganization(server, 'PROVINCE', 'استانداری کردستان', 'IR');
      const county = await registerOrganization(server, 'OTHER', 'فرمانداری سنندج', 'IR');
      const root = (await grantRoot({ delegateId: province, effectiveUntil: '2025-06-01T00:00:00.000Z' })).delegation;
      const sub = (await run('grantDelegation', subTerms(root.id, { delegatorId: province, delegateId: county, effectiveUntil: '2025-05-01T00:00:00.000Z' }))).delegation;
      await run('suspendDelegation', { delegationId: sub.id, reason: 'بازبینی', occurredAt: '2025-04-01T00:00:00.000Z' });
      const answer = (await server.ok(AUTHORITY_QUERY, { organizationId: county, power: INVEST, at: '2025-03-01T00:00:00.000Z' })).authority;
      expect(answer).toMatchObject({ holds: true, reason: null });
      expect(answer.chain).toEqual([
        expect.objectContaining({ entityId: root.id, status: 'ACTIVE' }),
        expect.objectContaining({ entityId: sub.id, status: 'ACTIVE' }),
      ]);
      // The same delegations read today: ended and suspended.
      const today = await server.ok(`query ($a: ID!, $b: ID!) { a: delegation(id: $a) { status } b: delegation(id: $b) { status } }`, { a: root.id, b: sub.id });
      expect(today).toEqual({ a: { status: 'EXPIRED' }, b: { status: 'EXPIRED' } });
      // Each link has an id of its own naming `at` (a cache keeps it apart from today's), which node(id) reads again as it stood then.
      expect(answer.chain[1].id).toBe(`${sub.id}@at:2025-03-01T00:00:00.000Z`);
      const link = await server.ok(`query ($id: ID!) { node(id: $id) { id ... on Delegation { entityId status } } }`, { id: answer.chain[1].id });
      expect(link.node).toEqual({ id: answer.chain[1].id, entityId: sub.id, status: 'ACTIVE' });

      // Reasons name the organizations and give Solar Hijri dates beside ISO ones.
      const suspended = (await server.ok(AUTHORITY_QUERY, { organizationId: county, power: INVEST, at: '2025-04-15T00:00:00.000Z' })).authority;
      expect(suspended).toMatchObject({ holds: false, chain: [] });
      expect(suspended.reason).toBe(
        `delegation ${sub.id} (from «استانداری کردستان» (${province}) to «فرمانداری سنندج» (${county})) was suspended at 2025-04-01T00:00:00.000Z (۱۴۰۴/۰۱/۱۲ ۰۳:۳۰:۰۰) (بازبینی)`,
      );
      const early = (await server.ok(AUTHORITY_QUERY, { organizationId: county, power: INVEST, at: '2025-01-20T00:00:00.000Z' })).authority;
      expect(early.reason).toContain('was granted only at 2025-02-01T00:00:00.000Z (۱۴۰۳/۱۱/۱۳ ۰۳:۳۰:۰۰), after 2025-01-20T00:00:00.000Z (۱۴۰۳/۱۱/۰۱ ۰۳:۳۰:۰۰)');
    });

    it('answers for an organization with no delegation, and NOT_FOUND for one that does not exist', async () => {
      const none = (await server.ok(AUTHORITY_QUERY, { organizationId: ministry, power: INVEST, at: '2025-05-01T00:00:00.000Z' })).authority;
      expect(none).toMatchObject({ holds: false, chain: [], reason: `no delegation to «وزارت کشور» (${ministry}) is on record` });
      const missing = await server.gql(AUTHORITY_QUERY, { organizationId: UNKNOWN_ID, power: INVEST, at: '2025-05-01T00:00:00.000Z' });
      expect(missing.errors?.[0].extensions.code).toBe('NOT_FOUND');
      const blank = await server.gql(AUTHORITY_QUERY, { organizationId: ministry, power: '', at: '2025-05-01T00:00:00.000Z' });
      expect(blank.errors?.[0].extensions.code).toBe('BAD_USER_INPUT');
    });
  });

  describe('delegations(filter)', () => {
    let delegator: string;
    let active: string;
    let expired: string;
    let revoked: string;

    beforeAll(async () => {
      delegator = await registerOrganization(server, 'COMMITTEE', 'کمیته روابط خارجی استان‌ها', 'IR');
      const terms = { delegatorId: delegator, delegateId: province, effectiveFrom: '2025-01-01T00:00:00.000Z', occurredAt: '2025-01-02T00:00:00.000Z' };
      active = (await run('grantDelegation', { ...terms, powers: ['توسعه گردشگری'] })).delegation.id;
      expired = (await run('grantDelegation', { ...terms, powers: ['توسعه صادرات غیرنفتی'], effectiveUntil: '2025-06-01T00:00:00.000Z' })).delegation.id;
      revoked = (await run('grantDelegation', { ...terms, powers: ['توسعه گردشگری'] })).delegation.id;
      await run('revokeDelegation', { delegationId: revoked, occurredAt: '2025-09-01T00:00:00.000Z' });
    });

    const ids = async (filter: Record<string, unknown>, asOf?: string) =>
      (await server.ok(LIST_QUERY, { filter: { delegatorId: delegator, ...filter }, asOf })).delegations.edges.map((edge: any) => edge.node.entityId);

    it('filters by delegator, delegate, status (EXPIRED computed from the period) and power (folded spelling)', async () => {
      expect(await ids({})).toEqual([active, expired, revoked]);
      expect(await ids({ delegateId: county })).toEqual([]);
      expect(await ids({ status: 'ACTIVE' })).toEqual([active]);
      expect(await ids({ status: 'EXPIRED' })).toEqual([expired]);
      expect(await ids({ status: 'REVOKED' })).toEqual([revoked]);
      expect(await ids({ power: 'توسعه  گردشگري' })).toEqual([active, revoked]);
    });

    it('gives those in force at activeAt, as the records stood at asOf', async () => {
      expect(await ids({ activeAt: '2025-03-01T00:00:00.000Z' })).toEqual([active, expired, revoked]);
      expect(await ids({ activeAt: '2025-10-01T00:00:00.000Z' })).toEqual([active]);
      expect(await ids({ activeAt: '2025-10-01T00:00:00.000Z', power: 'توسعه گردشگری' })).toEqual([active]);
      expect(await ids({ activeAt: '2025-01-01T12:00:00.000Z' })).toEqual([]);
      const doc = await read(revoked);
      const beforeRevocationRecorded = new Date(Date.parse(doc.history.edges[1].node.recordedAt) - 1).toISOString();
      expect(await ids({ activeAt: '2025-10-01T00:00:00.000Z' }, beforeRevocationRecorded)).toEqual([active, revoked]);
    });

    it('refuses a page larger than the cap', async () => {
      const result = await server.gql(LIST_QUERY, { first: 501 });
      expect(result.errors?.[0].extensions.code).toBe('BAD_USER_INPUT');
    });
  });

  describe('guards', () => {
    it('refuses structurally bad input as BAD_USER_INPUT naming the field, and unknown organizations', async () => {
      const noPowers = await refused('proposeDelegation', { delegatorId: ministry, delegateId: province, powers: [], effectiveFrom: '2025-01-01T00:00:00.000Z' }, 'BAD_USER_INPUT');
      expect(noPowers.extensions.fields).toEqual([expect.objectContaining({ field: 'powers' })]);
      const blank = await refused('proposeDelegation', { delegatorId: ministry, delegateId: province, powers: ['   '], effectiveFrom: '2025-01-01T00:00:00.000Z' }, 'BAD_USER_INPUT');
      expect(blank.extensions.fields).toEqual([expect.objectContaining({ field: 'powers' })]);
      const backwards = await refused('proposeDelegation', { delegatorId: ministry, delegateId: province, powers: [INVEST], effectiveFrom: '2025-06-01T00:00:00.000Z', effectiveUntil: '2025-01-01T00:00:00.000Z' }, 'BAD_USER_INPUT');
      expect(backwards.extensions.fields).toEqual([expect.objectContaining({ field: 'effectiveUntil' })]);
      const unknownBody = await refused('proposeDelegation', { delegatorId: UNKNOWN_ID, delegateId: province, powers: [INVEST], effectiveFrom: '2025-01-01T00:00:00.000Z' }, 'BAD_USER_INPUT');
      expect(unknownBody.extensions.fields).toEqual([{ field: 'delegatorId', message: `no organization ${UNKNOWN_ID}` }]);
      const notUuid = await refused('suspendDelegation', { delegationId: 'x' }, 'BAD_USER_INPUT');
      expect(notUuid.extensions.fields).toEqual([expect.objectContaining({ field: 'delegationId' })]);
      const future = await refused('suspendDelegation', { delegationId: UNKNOWN_ID, occurredAt: '2099-01-01T00:00:00.000Z' }, 'BAD_USER_INPUT');
      expect(future.extensions.fields).toEqual([expect.objectContaining({ field: 'occurredAt' })]);
      // The terms both inputs share are checked on both.
      for (const name of ['proposeDelegation', 'grantDelegation'] as const) {
        const terms = { delegatorId: ministry, delegateId: province, powers: [INVEST], effectiveFrom: '2025-01-01T00:00:00.000Z' };
        const emptyConditions = await refused(name, { ...terms, conditions: '' }, 'BAD_USER_INPUT');
        expect(emptyConditions.extensions.fields).toEqual([expect.objectContaining({ field: 'conditions' })]);
        const longLegalBasis = await refused(name, { ...terms, legalBasis: 'م'.repeat(1001) }, 'BAD_USER_INPUT');
        expect(longLegalBasis.extensions.fields).toEqual([expect.objectContaining({ field: 'legalBasis' })]);
      }
    });

    it('rests a delegation on a resolution on record, and refuses an unknown or rejected one', async () => {
      const propose = async (title: string) =>
        (await server.ok(`mutation ($input: ProposeResolutionInput!) { proposeResolution(input: $input) { resolution { id } } }`, { input: { title, text: 'تفویض اختیارات به استان‌ها' } }))
          .proposeResolution.resolution.id;
      const resolution = await propose('تفویض اختیارات');
      const terms = { delegatorId: ministry, delegateId: province, powers: [INVEST], effectiveFrom: '2025-01-01T00:00:00.000Z' };
      const based = await run('proposeDelegation', { ...terms, basedOnResolutionId: resolution });
      expect(based.delegation.basedOnResolutionId).toBe(resolution);
      const unknown = await refused('grantDelegation', { ...terms, basedOnResolutionId: UNKNOWN_ID }, 'BAD_USER_INPUT');
      expect(unknown.extensions.fields).toEqual([{ field: 'basedOnResolutionId', message: `no resolution ${UNKNOWN_ID}` }]);
      const turnedDown = await propose('مصوبه رد شده');
      await server.ok(`mutation ($input: RejectResolutionInput!) { rejectResolution(input: $input) { position } }`, { input: { resolutionId: turnedDown, reason: 'خارج از صلاحیت' } });
      const rejected = await refused('proposeDelegation', { ...terms, basedOnResolutionId: turnedDown }, 'BAD_USER_INPUT');
      expect(rejected.extensions.fields).toEqual([{ field: 'basedOnResolutionId', message: `resolution ${turnedDown} is rejected` }]);
    });

    it('answers NOT_FOUND for unknown delegations', async () => {
      for (const name of ['suspendDelegation', 'reinstateDelegation', 'revokeDelegation', 'rejectDelegation', 'grantDelegation', 'amendDelegation'] as const)
        await refused(name, { delegationId: UNKNOWN_ID, ...(name === 'amendDelegation' && { conditions: 'x' }) }, 'NOT_FOUND');
      expect((await server.gql(DELEGATION_QUERY, { id: UNKNOWN_ID })).errors?.[0].extensions.code).toBe('NOT_FOUND');
    });

    it('lets an auditor read but not mutate', async () => {
      const { delegation } = await grantRoot();
      const newTerms = { delegatorId: ministry, delegateId: province, powers: [INVEST], effectiveFrom: '2025-01-01T00:00:00.000Z' };
      await refused('proposeDelegation', newTerms, 'FORBIDDEN', server.tokens.AUDITOR);
      await refused('grantDelegation', newTerms, 'FORBIDDEN', server.tokens.AUDITOR);
      await refused('amendDelegation', { delegationId: delegation.id, conditions: 'x' }, 'FORBIDDEN', server.tokens.AUDITOR);
      for (const name of ['suspendDelegation', 'reinstateDelegation', 'revokeDelegation', 'rejectDelegation'] as const)
        await refused(name, { delegationId: delegation.id }, 'FORBIDDEN', server.tokens.AUDITOR);
      const read = await server.gql(DELEGATION_QUERY, { id: delegation.id }, server.tokens.AUDITOR);
      expect(read.errors).toBeUndefined();
      const authority = await server.gql(AUTHORITY_QUERY, { organizationId: province, power: INVEST, at: '2025-05-01T00:00:00.000Z' }, null);
      expect(authority.errors?.[0].extensions.code).toBe('UNAUTHENTICATED');
    });

    it('reports CONCURRENCY_CONFLICT with both versions', async () => {
      const { delegation } = await grantRoot();
      await run('suspendDelegation', { delegationId: delegation.id, expectedVersion: 0, occurredAt: '2025-02-01T00:00:00.000Z' });
      const conflict = await refused('reinstateDelegation', { delegationId: delegation.id, expectedVersion: 0 }, 'CONCURRENCY_CONFLICT');
      expect(conflict.extensions).toMatchObject({ expectedVersion: 0, actualVersion: 1 });
    });

    it('replays an idempotencyKey: the same delegation, nothing appended', async () => {
      const input = { delegatorId: ministry, delegateId: county, powers: [PERMIT], effectiveFrom: '2025-01-01T00:00:00.000Z', idempotencyKey: 'propose-once' };
      const first = await run('proposeDelegation', input);
      const before = await eventCount(server);
      const again = await run('proposeDelegation', input);
      expect(again.delegation.id).toBe(first.delegation.id);
      expect(again.events.map((event) => event.recordedAt)).toEqual(first.events.map((event) => event.recordedAt));
      expect(await eventCount(server)).toBe(before);
    });

    it('keeps everything, the chain and its effective statuses, across a restart', async () => {
      const root = (await grantRoot()).delegation;
      const sub = (await run('grantDelegation', subTerms(root.id))).delegation;
      await run('suspendDelegation', { delegationId: root.id, occurredAt: '2025-03-01T00:00:00.000Z' });
      await server.restart();
      expect(await read(sub.id)).toMatchObject({ powers: [INVEST], effectiveStatus: 'SUSPENDED', parent: { id: root.id, status: 'SUSPENDED' } });
    });
  });

  it('gives its dates, and those of an authority check and its chain, in the Solar Hijri calendar', async () => {
    const { delegation } = await grantRoot();
    const { delegation: dates } = await server.ok(
      `query ($id: ID!) { delegation(id: $id) { effectiveFromJalali effectiveUntilJalali grantedAtJalali revokedAtJalali createdAtJalali } }`,
      { id: delegation.id },
    );
    expect(dates).toEqual({
      effectiveFromJalali: '۱۴۰۳/۱۰/۱۲ ۰۳:۳۰:۰۰',
      effectiveUntilJalali: '۱۴۱۳/۱۰/۱۱ ۰۳:۳۰:۰۰',
      grantedAtJalali: '۱۴۰۳/۱۰/۲۱ ۰۳:۳۰:۰۰',
      revokedAtJalali: null,
      createdAtJalali: expect.stringMatching(PERSIAN_DATE_TIME),
    });
    const { authority } = await server.ok(
      `query ($organizationId: ID!, $power: String!, $at: DateTime!) {
        authority(organizationId: $organizationId, power: $power, at: $at) { holds atJalali asOfJalali chain { grantedAtJalali } } }`,
      { organizationId: province, power: PERMIT, at: '2025-05-01T00:00:00.000Z' },
    );
    expect(authority).toMatchObject({ holds: true, atJalali: '۱۴۰۴/۰۲/۱۱ ۰۳:۳۰:۰۰', asOfJalali: expect.stringMatching(PERSIAN_DATE_TIME) });
    expect(authority.chain[0].grantedAtJalali).toMatch(PERSIAN_DATE_TIME);
  });
});
