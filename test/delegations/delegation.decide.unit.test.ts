import { fold } from '../../src/core/decider';
import { InvalidTransition, NotFound, ValidationFailed } from '../../src/core/errors';
import {
  evolve,
  initialState,
  type DelegationEvent,
  type DelegationGranted,
  type DelegationProposed,
  type DelegationRecord,
} from '../../src/delegations/delegation';
import { RESOLUTION_STATUSES } from '../../src/resolutions/resolution';
import {
  UNUSABLE_RESOLUTION_STATUSES,
  delegationDecider,
  type DelegationCommand,
  type OrganizationLookup,
  type RequestedTerms,
  type ResolutionLookup,
} from '../../src/delegations/delegation.decide';
import { DeciderSpecification, metadata } from '../support/decider-spec';

const spec = DeciderSpecification.for(delegationDecider);

describe('Delegation', () => {
  describe('proposing', () => {
    it('records a proposal with its powers trimmed and deduplicated (Arabic and Persian spellings count as one)', () =>
      spec
        .given([])
        .when(propose({ powers: ['  تصویب طرح‌های سرمایه‌گذاری ', 'صدور مجوز', 'صدور  مجوز', 'تصويب طرح‌های سرمايه‌گذاری'] }))
        .then([
          {
            type: 'DelegationProposed',
            data: {
              delegationId: CHILD,
              delegatorId: MINISTRY,
              delegateId: PROVINCE,
              powers: ['تصویب طرح‌های سرمایه‌گذاری', 'صدور مجوز'],
              effectiveFrom: FEB,
              effectiveUntil: JUN,
              canSubdelegate: false,
              proposedAt: NOW,
            },
          },
        ]));

    it('refuses a second proposal of the same delegation', () =>
      spec.given([proposedRoot]).when(propose({}, ROOT)).thenThrows(InvalidTransition, { state: 'PROPOSED' }));

    it('refuses a list of powers that is blank once trimmed', () =>
      spec.given([]).when(propose({ powers: ['  ', ''] })).thenThrows(ValidationFailed, { fields: [{ field: 'powers' }] }));

    it('refuses a period that ends before it begins', () =>
      spec
        .given([])
        .when(propose({ effectiveFrom: JUN, effectiveUntil: FEB }))
        .thenThrows(ValidationFailed, { fields: [{ field: 'effectiveUntil' }] }));

    it('refuses an organization delegating to itself', () =>
      spec
        .given([])
        .when(propose({ delegateId: MINISTRY }))
        .thenThrows(ValidationFailed, { fields: [{ field: 'delegateId' }] }));

    it('refuses an unknown delegator and a dissolved delegate, naming both fields', () =>
      spec
        .given([])
        .when(propose({}, CHILD, { [MINISTRY]: undefined, [PROVINCE]: 'DISSOLVED' }))
        .thenThrows(ValidationFailed, {
          fields: [
            { field: 'delegatorId', message: `no organization ${MINISTRY}` },
            { field: 'delegateId', message: `organization ${PROVINCE} is dissolved` },
          ],
        }));

    it('rests on a resolution that is on record and not turned down', () =>
      spec
        .given([])
        .when(withResolution(propose({ basedOnResolutionId: RESOLUTION }), { status: 'ADOPTED' }))
        .thenMatches([partial('DelegationProposed', { basedOnResolutionId: RESOLUTION })]));

    it('refuses a resolution that is not on record', () =>
      spec
        .given([])
        .when(withResolution(propose({ basedOnResolutionId: RESOLUTION }), null))
        .thenThrows(ValidationFailed, { fields: [{ field: 'basedOnResolutionId', message: `no resolution ${RESOLUTION}` }] }));

    it.each(['REJECTED', 'WITHDRAWN'] as const)('refuses a %s resolution', (status) =>
      spec
        .given([])
        .when(withResolution(propose({ basedOnResolutionId: RESOLUTION }), { status }))
        .thenThrows(ValidationFailed, { fields: [{ field: 'basedOnResolutionId' }] }));

    describe('a sub-delegation', () => {
      it('is proposed when it fits inside its parent', () =>
        spec
          .given([])
          .when(proposeSub({}, [root()]))
          .thenMatches([partial('DelegationProposed', { parentDelegationId: ROOT, delegatorId: PROVINCE, delegateId: COUNTY })]));

      it('is refused when the parent is not on record', () =>
        spec.given([]).when(proposeSub({}, [])).thenThrows(ValidationFailed, { fields: [{ field: 'parentDelegationId' }] }));

      it('is refused when the parent does not allow sub-delegation', () =>
        expectRefusal(proposeSub({}, [root({ canSubdelegate: false })]), 'does not allow sub-delegation'));

      it('is refused when it asks for a power the parent does not hold', () =>
        expectRefusal(proposeSub({ powers: [INVEST, 'انعقاد قرارداد'] }, [root()]), 'does not hold "انعقاد قرارداد"'));

      it('is refused when it runs longer than the parent', () =>
        expectRefusal(proposeSub({ effectiveUntil: '2027-06-01T00:00:00.000Z' }, [root()]), 'past its parent'));

      it('is refused when it has no end under a parent that has one', () =>
        expectRefusal(proposeSub({ effectiveUntil: undefined }, [root()]), 'without end'));

      it('is refused when it begins before the parent', () =>
        expectRefusal(proposeSub({ effectiveFrom: '2025-06-01T00:00:00.000Z' }, [root()]), 'before its parent'));

      it("is refused when its delegator is not the parent's delegate", () =>
        expectRefusal(proposeSub({ delegatorId: OTHER }, [root()], { [OTHER]: 'ACTIVE' }), "must be the parent's delegate"));

      it('is refused when it would hand the power back to a body above it in the chain (no cycles)', () =>
        expectRefusal(proposeSub({ delegateId: MINISTRY }, [root()]), 'already above it in the chain'));

      it('is refused under a revoked parent', () =>
        expectRefusal(proposeSub({}, [root({}, revokedRootAt(MAR))]), 'parent is revoked'));
    });
  });

  describe('granting', () => {
    it('grants a proposed delegation with its terms, effective at occurredAt', () =>
      spec
        .given([proposedRoot])
        .when(grant({ delegationId: ROOT }, { occurredAt: JAN_10 }))
        .then([{ type: 'DelegationGranted', data: { ...proposedRootTerms, delegationId: ROOT, grantedAt: JAN_10 } }]));

    it('grants a new delegation directly', () =>
      spec
        .given([])
        .when(grant({ delegationId: CHILD, terms: requested() }, { occurredAt: MAR }))
        .thenMatches([partial('DelegationGranted', { delegationId: CHILD, delegateId: PROVINCE, grantedAt: MAR })]));

    it('answers NOT_FOUND for an unknown delegation granted without terms', () =>
      spec.given([]).when(grant({ delegationId: CHILD })).thenThrows(NotFound));

    it('refuses both a proposed delegation and new terms at once', () =>
      spec
        .given([proposedRoot])
        .when(grant({ delegationId: ROOT, terms: requested() }))
        .thenThrows(ValidationFailed, { fields: [{ field: 'delegationId' }] }));

    it.each([
      // Thunks: the fixtures are defined at the bottom of the file, after the table is built.
      ['ACTIVE', () => [proposedRoot, grantedRoot]],
      ['REJECTED', () => [proposedRoot, rejectedRoot]],
      ['REVOKED', () => [proposedRoot, grantedRoot, revokedRootAt(MAR)]],
    ])('refuses to grant a %s delegation', (state, events) =>
      spec.given(events()).when(grant({ delegationId: ROOT }, { occurredAt: APR })).thenThrows(InvalidTransition, { state }));

    it('refuses a grant that would take effect before the proposal', () =>
      spec
        .given([proposedRoot])
        .when(grant({ delegationId: ROOT }, { occurredAt: '2025-12-01T00:00:00.000Z' }))
        .thenThrows(ValidationFailed, { fields: [{ field: 'occurredAt' }] }));

    it('refuses a grant after the effective period has ended', () =>
      spec
        .given([])
        .when(grant({ delegationId: CHILD, terms: requested({ effectiveFrom: JAN, effectiveUntil: FEB }) }, { occurredAt: MAR }))
        .thenThrows(InvalidTransition, { state: 'None' }));

    it('refuses a proposed delegation whose delegate has been dissolved since', () =>
      spec
        .given([proposedRoot])
        .when(grant({ delegationId: ROOT, organizations: { [MINISTRY]: 'ACTIVE', [PROVINCE]: 'DISSOLVED' } }))
        .thenThrows(ValidationFailed, { fields: [{ field: 'delegateId' }] }));

    describe('a sub-delegation', () => {
      it('is granted while its parent is active', () =>
        spec
          .given([])
          .when(grantSub([root()], { occurredAt: MAR }))
          .thenMatches([partial('DelegationGranted', { delegationId: CHILD, parentDelegationId: ROOT, grantedAt: MAR })]));

      it('is refused while its parent is suspended', () =>
        expectRefusal(grantSub([root({}, suspendedRootAt(FEB))], { occurredAt: MAR }), 'the parent was SUSPENDED'));

      it('is refused when the parent is granted only after the sub-delegation would be', () =>
        expectRefusal(
          grantSub([root({}, undefined, '2026-04-01T00:00:00.000Z')], { occurredAt: MAR }),
          'the parent was PROPOSED',
        ));

      it('is refused when a delegation further up the chain is revoked (the parent stands for nothing)', () => {
        const middleTerms = { delegatorId: PROVINCE, delegateId: COUNTY, parentDelegationId: ROOT, canSubdelegate: true };
        const middle = record(proposedEvent(MIDDLE, middleTerms), grantedEvent(MIDDLE, FEB_1, middleTerms));
        const sub = grant({ delegationId: CHILD, terms: requested({ delegatorId: COUNTY, delegateId: OTHER, parentDelegationId: MIDDLE }), known: [root({}, revokedRootAt(FEB_15)), middle], organizations: { [COUNTY]: 'ACTIVE', [OTHER]: 'ACTIVE' } }, { occurredAt: MAR });
        expectRefusal(sub, `the parent was SUSPENDED: parent ${ROOT} revoked at ${FEB_15}`);
      });
    });

    describe('under a delegation the delegator relies on', () => {
      const under = (known: DelegationRecord[], powers = [INVEST]) =>
        grant(
          { delegationId: CHILD, terms: requested({ delegatorId: PROVINCE, delegateId: COUNTY, powers }), underDelegationId: ROOT, known, organizations: { [PROVINCE]: 'ACTIVE', [COUNTY]: 'ACTIVE' } },
          { occurredAt: MAR },
        );

      it('records the delegation relied on and its chain', () =>
        spec
          .given([])
          .when(under([root()]))
          .thenMatches([partial('DelegationGranted', { underDelegationId: ROOT, authorityChainIds: [ROOT] })]));

      it('is refused when that delegation does not give the delegator a requested power', () =>
        expectRefusal(under([root()], [INVEST, 'انعقاد قرارداد']), 'does not include "انعقاد قرارداد"'));

      it('is refused when that delegation was suspended when the grant took effect', () =>
        expectRefusal(under([root({}, suspendedRootAt(FEB))]), `suspended at ${FEB}`));

      it('is refused when that delegation is to another organization', () =>
        expectRefusal(
          grant(
            { delegationId: CHILD, terms: requested({ delegatorId: OTHER, delegateId: COUNTY }), underDelegationId: ROOT, known: [root()], organizations: { [OTHER]: 'ACTIVE', [COUNTY]: 'ACTIVE' } },
            { occurredAt: MAR },
          ),
          `delegates to ${PROVINCE}, not to ${OTHER}`,
        ));

      it('is refused when that delegation is not on record', () =>
        spec.given([]).when(under([])).thenThrows(ValidationFailed, { fields: [{ field: 'underDelegationId' }] }));
    });
  });

  describe('rejecting', () => {
    it('rejects a proposal with the reason given', () =>
      spec
        .given([proposedRoot])
        .when(act('RejectDelegation', { occurredAt: FEB, reason: 'خارج از صلاحیت' }))
        .then([{ type: 'DelegationRejected', data: { delegationId: ROOT, rejectedAt: FEB, reason: 'خارج از صلاحیت' } }]));

    it('refuses to reject a granted delegation', () =>
      spec.given([proposedRoot, grantedRoot]).when(act('RejectDelegation')).thenThrows(InvalidTransition, { state: 'ACTIVE' }));

    it('answers NOT_FOUND for a delegation never proposed', () =>
      spec.given([]).when(act('RejectDelegation')).thenThrows(NotFound));
  });

  describe('suspending', () => {
    it('suspends an active delegation at occurredAt, keeping the reason in the data', () =>
      spec
        .given([proposedRoot, grantedRoot])
        .when(act('SuspendDelegation', { occurredAt: MAR, reason: 'بازبینی' }))
        .then([{ type: 'DelegationSuspended', data: { delegationId: ROOT, suspendedAt: MAR, reason: 'بازبینی' } }]));

    it('refuses a delegation already suspended', () =>
      spec
        .given([proposedRoot, grantedRoot, suspendedRootAt(FEB)])
        .when(act('SuspendDelegation', { occurredAt: MAR }))
        .thenThrows(InvalidTransition, { state: 'SUSPENDED' }));

    it('refuses a proposed delegation', () =>
      spec.given([proposedRoot]).when(act('SuspendDelegation')).thenThrows(InvalidTransition, { state: 'PROPOSED' }));

    it('refuses a delegation whose period has ended (EXPIRED)', () =>
      spec
        .given([proposedRoot, grantedRoot])
        .when(act('SuspendDelegation', { occurredAt: '2027-02-01T00:00:00.000Z' }))
        .thenThrows(InvalidTransition, { state: 'EXPIRED' }));

    it('refuses a suspension taking effect before the grant', () =>
      spec
        .given([proposedRoot, grantedRoot])
        .when(act('SuspendDelegation', { occurredAt: JAN }))
        .thenThrows(ValidationFailed, { fields: [{ field: 'occurredAt' }] }));

    it('answers NOT_FOUND for an unknown delegation', () => spec.given([]).when(act('SuspendDelegation')).thenThrows(NotFound));
  });

  describe('reinstating', () => {
    it('reinstates a suspended delegation', () =>
      spec
        .given([proposedRoot, grantedRoot, suspendedRootAt(FEB)])
        .when(act('ReinstateDelegation', { occurredAt: MAR }))
        .then([{ type: 'DelegationReinstated', data: { delegationId: ROOT, reinstatedAt: MAR } }]));

    it('refuses an active delegation', () =>
      spec.given([proposedRoot, grantedRoot]).when(act('ReinstateDelegation')).thenThrows(InvalidTransition, { state: 'ACTIVE' }));

    it('refuses a revoked delegation', () =>
      spec
        .given([proposedRoot, grantedRoot, revokedRootAt(FEB)])
        .when(act('ReinstateDelegation'))
        .thenThrows(InvalidTransition, { state: 'REVOKED' }));
  });

  describe('revoking', () => {
    it('revokes an active delegation, effective at an occurredAt earlier than now', () =>
      spec
        .given([proposedRoot, grantedRoot])
        .when(act('RevokeDelegation', { occurredAt: FEB_15, reason: 'مصوبه لغو شد' }))
        .then([{ type: 'DelegationRevoked', data: { delegationId: ROOT, revokedAt: FEB_15, reason: 'مصوبه لغو شد' } }]));

    it('revokes a suspended delegation', () =>
      spec
        .given([proposedRoot, grantedRoot, suspendedRootAt(FEB)])
        .when(act('RevokeDelegation', { occurredAt: MAR }))
        .then([{ type: 'DelegationRevoked', data: { delegationId: ROOT, revokedAt: MAR } }]));

    it('refuses a proposal (it is rejected instead)', () =>
      spec.given([proposedRoot]).when(act('RevokeDelegation')).thenThrows(InvalidTransition, { state: 'PROPOSED' }));

    it('refuses a delegation already revoked', () =>
      spec
        .given([proposedRoot, grantedRoot, revokedRootAt(FEB)])
        .when(act('RevokeDelegation'))
        .thenThrows(InvalidTransition, { state: 'REVOKED' }));

    it('refuses a rejected delegation', () =>
      spec.given([proposedRoot, rejectedRoot]).when(act('RevokeDelegation')).thenThrows(InvalidTransition, { state: 'REJECTED' }));
  });

  describe('amending', () => {
    it('changes a proposal before it is granted', () =>
      spec
        .given([proposedRoot])
        .when(amend({ powers: [INVEST], conditions: 'با گزارش فصلی' }, { occurredAt: JAN_10 }))
        .then([
          {
            type: 'DelegationAmended',
            data: {
              delegationId: ROOT,
              powers: [INVEST],
              conditions: 'با گزارش فصلی',
              amendedAt: JAN_10,
              previous: { powers: [INVEST, PERMIT] },
            },
          },
        ]));

    it('narrows an active delegation from occurredAt on, recording what it replaced', () =>
      spec
        .given([proposedRoot, grantedRoot])
        .when(amend({ powers: [PERMIT], effectiveUntil: '2026-09-01T00:00:00.000Z' }, { occurredAt: MAR }))
        .then([
          {
            type: 'DelegationAmended',
            data: {
              delegationId: ROOT,
              powers: [PERMIT],
              effectiveUntil: '2026-09-01T00:00:00.000Z',
              amendedAt: MAR,
              previous: { powers: [INVEST, PERMIT], effectiveUntil: JAN_2027 },
            },
          },
        ]));

    it('refuses an amendment that changes nothing', () =>
      spec
        .given([proposedRoot, grantedRoot])
        .when(amend({ powers: [` ${PERMIT}`, INVEST] }, { occurredAt: MAR }))
        .thenThrows(ValidationFailed));

    it('refuses ending an active delegation before the amendment takes effect', () =>
      spec
        .given([proposedRoot, grantedRoot])
        .when(amend({ effectiveUntil: FEB }, { occurredAt: MAR }))
        .thenThrows(ValidationFailed, { fields: [{ field: 'effectiveUntil' }] }));

    it('refuses a sub-delegation amended beyond its parent', () =>
      spec
        .given([proposedEvent(CHILD, subTerms()), grantedEvent(CHILD, MAR, subTerms())])
        .when(amend({ powers: [INVEST, 'انعقاد قرارداد'] }, { occurredAt: APR, delegationId: CHILD, known: [root()] }))
        .thenThrows(InvalidTransition, { state: 'ACTIVE' }));

    it('refuses narrowing a delegation below a sub-delegation that relies on it', () =>
      spec
        .given([proposedRoot, grantedRoot])
        .when(amend({ powers: [PERMIT] }, { occurredAt: APR, children: [record(proposedEvent(CHILD, subTerms()), grantedEvent(CHILD, MAR, subTerms()))] }))
        .thenThrows(InvalidTransition, { state: 'ACTIVE' }));

    it('ignores revoked sub-delegations when narrowing', () =>
      spec
        .given([proposedRoot, grantedRoot])
        .when(
          amend(
            { powers: [PERMIT] },
            { occurredAt: APR, children: [record(proposedEvent(CHILD, subTerms()), grantedEvent(CHILD, MAR, subTerms()), revokedAt(CHILD, MAR))] },
          ),
        )
        .thenMatches([partial('DelegationAmended', { powers: [PERMIT] })]));

    it('refuses a revoked delegation', () =>
      spec
        .given([proposedRoot, grantedRoot, revokedRootAt(FEB)])
        .when(amend({ conditions: 'x' }, { occurredAt: MAR }))
        .thenThrows(InvalidTransition, { state: 'REVOKED' }));

    it('refuses an expired delegation', () =>
      spec
        .given([proposedRoot, grantedRoot])
        .when(amend({ conditions: 'x' }, { occurredAt: '2027-03-01T00:00:00.000Z' }))
        .thenThrows(InvalidTransition, { state: 'EXPIRED' }));
  });
});

// Fixtures: a ministry delegates to a province, which may sub-delegate to a county.
const MINISTRY = '0190c8a0-0000-7000-8000-0000000000a1';
const PROVINCE = '0190c8a0-0000-7000-8000-0000000000a2';
const COUNTY = '0190c8a0-0000-7000-8000-0000000000a3';
const OTHER = '0190c8a0-0000-7000-8000-0000000000a4';
const ROOT = '0190c8a0-0000-7000-8000-0000000000d1';
const MIDDLE = '0190c8a0-0000-7000-8000-0000000000d2';
const CHILD = '0190c8a0-0000-7000-8000-0000000000d3';
const RESOLUTION = '0190c8a0-0000-7000-8000-0000000000e1';
const INVEST = 'تصویب طرح‌های سرمایه‌گذاری';
const PERMIT = 'صدور مجوز نمایشگاه';
const JAN = '2026-01-01T00:00:00.000Z';
const JAN_10 = '2026-01-10T00:00:00.000Z';
const FEB = '2026-02-01T00:00:00.000Z';
const FEB_1 = '2026-02-01T12:00:00.000Z';
const FEB_15 = '2026-02-15T00:00:00.000Z';
const MAR = '2026-03-01T00:00:00.000Z';
const APR = '2026-04-01T00:00:00.000Z';
const JUN = '2026-06-01T00:00:00.000Z';
const JAN_2027 = '2027-01-01T00:00:00.000Z';
const NOW = metadata().occurredAt;
const ALL_ACTIVE: OrganizationLookup = { [MINISTRY]: 'ACTIVE', [PROVINCE]: 'ACTIVE', [COUNTY]: 'ACTIVE' };

const proposedRootTerms = {
  delegatorId: MINISTRY,
  delegateId: PROVINCE,
  powers: [INVEST, PERMIT],
  effectiveFrom: JAN,
  effectiveUntil: JAN_2027,
  canSubdelegate: true,
};
const subTerms = () => ({ delegatorId: PROVINCE, delegateId: COUNTY, powers: [INVEST], effectiveFrom: FEB, effectiveUntil: JUN, canSubdelegate: false, parentDelegationId: ROOT });

const proposedEvent = (delegationId: string, terms: Partial<DelegationProposed['data']> = {}, at = JAN): DelegationProposed => ({
  type: 'DelegationProposed',
  data: { delegationId, ...proposedRootTerms, ...terms, proposedAt: at },
});
const grantedEvent = (delegationId: string, at: string, terms: Partial<DelegationGranted['data']> = {}): DelegationGranted => ({
  type: 'DelegationGranted',
  data: { delegationId, ...proposedRootTerms, ...terms, grantedAt: at },
});
const proposedRoot = proposedEvent(ROOT);
const grantedRoot = grantedEvent(ROOT, JAN_10);
const rejectedRoot: DelegationEvent = { type: 'DelegationRejected', data: { delegationId: ROOT, rejectedAt: JAN_10 } };
const suspendedRootAt = (at: string): DelegationEvent => ({ type: 'DelegationSuspended', data: { delegationId: ROOT, suspendedAt: at } });
const revokedAt = (delegationId: string, at: string): DelegationEvent => ({ type: 'DelegationRevoked', data: { delegationId, revokedAt: at } });
const revokedRootAt = (at: string) => revokedAt(ROOT, at);

const record = (...events: DelegationEvent[]): DelegationRecord => fold(evolve, initialState(), events) as DelegationRecord;

/** The root delegation as a fact the caller looked up: proposed, granted (at `grantedAt`), then `later`. */
const root = (terms: Partial<DelegationProposed['data']> = {}, later?: DelegationEvent, grantedAt = JAN_10): DelegationRecord => {
  const proposal = proposedEvent(ROOT, terms);
  const grantEvent = grantedEvent(ROOT, grantedAt, terms);
  return record(proposal, grantEvent, ...(later ? [later] : []));
};

const command = (partial: Omit<DelegationCommand, 'metadata'>, meta = {}): DelegationCommand =>
  ({ ...partial, metadata: metadata(meta) }) as DelegationCommand;

const requested = (terms: Partial<RequestedTerms> = {}): RequestedTerms => ({
  delegatorId: MINISTRY,
  delegateId: PROVINCE,
  powers: [INVEST],
  effectiveFrom: FEB,
  effectiveUntil: JUN,
  ...terms,
});

const propose = (terms: Partial<RequestedTerms>, delegationId = CHILD, organizations: OrganizationLookup = ALL_ACTIVE) =>
  command({ type: 'ProposeDelegation', data: { delegationId, terms: requested(terms), organizations, known: [] } });

const withResolution = (cmd: DelegationCommand, basedOnResolution: ResolutionLookup) =>
  ({ ...cmd, data: { ...cmd.data, basedOnResolution } }) as DelegationCommand;

const proposeSub = (terms: Partial<RequestedTerms>, known: DelegationRecord[], organizations: OrganizationLookup = {}) =>
  command({
    type: 'ProposeDelegation',
    data: {
      delegationId: CHILD,
      terms: requested({ delegatorId: PROVINCE, delegateId: COUNTY, parentDelegationId: ROOT, ...terms }),
      organizations: { ...ALL_ACTIVE, ...organizations },
      known,
    },
  });

const grant = (data: Partial<Extract<DelegationCommand, { type: 'GrantDelegation' }>['data']>, meta = {}) =>
  command({ type: 'GrantDelegation', data: { delegationId: ROOT, organizations: ALL_ACTIVE, known: [], ...data } }, meta);

const grantSub = (known: DelegationRecord[], meta = {}) =>
  grant({ delegationId: CHILD, terms: requested({ delegatorId: PROVINCE, delegateId: COUNTY, parentDelegationId: ROOT }), known }, meta);

const act = (type: 'RejectDelegation' | 'SuspendDelegation' | 'ReinstateDelegation' | 'RevokeDelegation', meta = {}) =>
  command({ type, data: { delegationId: ROOT } }, { occurredAt: MAR, ...meta });

const amend = (
  changes: { powers?: string[]; effectiveUntil?: string; conditions?: string },
  { delegationId = ROOT, known = [] as DelegationRecord[], children = [] as DelegationRecord[], ...meta }: Record<string, any> = {},
) => command({ type: 'AmendDelegation', data: { delegationId, ...changes, known, children } }, meta);

/** The part of an event a test cares about (the decider spec's `thenMatches` compares it as a subset). */
const partial = (type: DelegationEvent['type'], data: object) => ({ type, data }) as unknown as DelegationEvent;

/** A chain rule refuses with INVALID_TRANSITION and says why. */
const expectRefusal = (cmd: DelegationCommand, why: string) => {
  let thrown: unknown;
  try {
    delegationDecider.decide(cmd, initialState());
  } catch (error) {
    thrown = error;
  }
  expect(thrown).toBeInstanceOf(InvalidTransition);
  expect((thrown as Error).message).toContain(why);
};

describe('the resolution statuses a delegation cannot rest on', () => {
  it('are statuses a resolution can have (the delegation slice names them rather than importing the type)', () => {
    for (const status of UNUSABLE_RESOLUTION_STATUSES) expect(RESOLUTION_STATUSES).toContain(status);
  });
});
