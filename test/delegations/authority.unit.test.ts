import { authority, delegationsAsOf, type TimedDelegationEvent } from '../../src/delegations/authority';
import type { DelegationEvent, DelegationTerms } from '../../src/delegations/delegation';
import { effectiveStandingAt } from '../../src/delegations/standing';

// The table below is built when the file loads, so its names and times come first; the history is at the bottom.
const MINISTRY = 'org-ministry';
const PROVINCE = 'org-province';
const COUNTY = 'org-county';
const OTHER = 'org-other';
const ZONE = 'org-zone';
const ROOT = 'delegation-1-root';
const SUB = 'delegation-2-sub';
const EXPIRING = 'delegation-3-expiring';
const LATER = 'delegation-4-later';
const AMENDED = 'delegation-5-amended';
const REJECTED = 'delegation-6-rejected';
const INVEST = 'تصویب طرح‌های سرمایه‌گذاری';
const PERMIT = 'صدور مجوز نمایشگاه';
const OVERSEE = 'نظارت بر اجرا';

const JAN = '2026-01-01T00:00:00.000Z';
const JAN_10 = '2026-01-10T00:00:00.000Z';
const JAN_15 = '2026-01-15T00:00:00.000Z';
const FEB = '2026-02-01T00:00:00.000Z';
const FEB_15_START = '2026-02-10T00:00:00.000Z';
const FEB_15 = '2026-02-15T00:00:00.000Z';
const MAR = '2026-03-01T00:00:00.000Z';
const MAR_15 = '2026-03-15T00:00:00.000Z';
const APR = '2026-04-01T00:00:00.000Z';
const APR_15 = '2026-04-15T00:00:00.000Z';
const MAY = '2026-05-01T00:00:00.000Z';
const MAY_15 = '2026-05-15T00:00:00.000Z';
const JUN = '2026-06-01T00:00:00.000Z';
const JUL = '2026-07-01T00:00:00.000Z';
const AUG_1 = '2026-08-01T00:00:00.000Z';
const AUG_15 = '2026-08-15T00:00:00.000Z';

/**
 * One history, read at many (effective time, recorded time) pairs. The ministry delegates to the
 * province (ROOT), which sub-delegates to the county (SUB). ROOT is suspended in March, reinstated
 * in April, and revoked with effect from May — but that revocation is recorded only in August.
 */
describe('authority(events, organization, power, at, asOf)', () => {
  it.each<[string, { organizationId: string; power: string; at: string; asOf?: string }, { holds: boolean; chain?: string[]; reason?: string }]>([
    ['not yet granted at `at`', { organizationId: PROVINCE, power: INVEST, at: '2026-01-05T00:00:00.000Z' }, { holds: false, reason: `delegation ${ROOT} was granted only at ${JAN_10}` }],
    ['granted and in effect', { organizationId: PROVINCE, power: INVEST, at: JAN_15 }, { holds: true, chain: [ROOT] }],
    ['the power spelled with Arabic yeh and no ZWNJ', { organizationId: PROVINCE, power: 'تصويب طرحهاي سرمايهگذاري', at: JAN_15 }, { holds: true, chain: [ROOT] }],
    ['suspended', { organizationId: PROVINCE, power: INVEST, at: MAR_15 }, { holds: false, reason: `delegation ${ROOT} was suspended at ${MAR} (بازبینی)` }],
    ['reinstated after the suspension', { organizationId: PROVINCE, power: INVEST, at: APR_15 }, { holds: true, chain: [ROOT] }],
    ['revoked from May, but asked as the records stood in July (before the revocation was recorded)', { organizationId: PROVINCE, power: INVEST, at: MAY_15, asOf: JUL }, { holds: true, chain: [ROOT] }],
    ['revoked from May, asked as the records stood after it was recorded', { organizationId: PROVINCE, power: INVEST, at: MAY_15, asOf: AUG_15 }, { holds: false, reason: `delegation ${ROOT} was revoked at ${MAY}` }],
    ['revoked from May, asked with everything recorded', { organizationId: PROVINCE, power: INVEST, at: MAY_15 }, { holds: false, reason: `revoked at ${MAY}` }],
    ['before the revocation took effect, even knowing of it', { organizationId: PROVINCE, power: INVEST, at: APR_15, asOf: AUG_15 }, { holds: true, chain: [ROOT] }],
    ['a sub-delegation through an active parent', { organizationId: COUNTY, power: INVEST, at: FEB_15 }, { holds: true, chain: [ROOT, SUB] }],
    ['a sub-delegation while its parent is suspended', { organizationId: COUNTY, power: INVEST, at: MAR_15 }, { holds: false, reason: `parent ${ROOT} of ${SUB} was suspended at ${MAR}` }],
    ['a sub-delegation whose parent is revoked, as the records stood before the revocation was recorded', { organizationId: COUNTY, power: INVEST, at: MAY_15, asOf: JUL }, { holds: true, chain: [ROOT, SUB] }],
    ['a sub-delegation whose parent is revoked', { organizationId: COUNTY, power: INVEST, at: MAY_15 }, { holds: false, reason: `parent ${ROOT} of ${SUB} was revoked at ${MAY}` }],
    ['a sub-delegation not yet recorded at asOf', { organizationId: COUNTY, power: INVEST, at: FEB_15, asOf: JAN_15 }, { holds: false, reason: `no delegation to ${COUNTY} is on record` }],
    ['a sub-delegation past its own period', { organizationId: COUNTY, power: INVEST, at: '2026-06-15T00:00:00.000Z', asOf: JUL }, { holds: false, reason: `delegation ${SUB} expired at ${JUN}` }],
    ['a power not in the set', { organizationId: PROVINCE, power: 'انعقاد قرارداد', at: JAN_15 }, { holds: false, reason: `no delegation to ${PROVINCE} includes "انعقاد قرارداد"` }],
    ['a power the parent holds but the sub-delegation does not', { organizationId: COUNTY, power: PERMIT, at: FEB_15 }, { holds: false, reason: `no delegation to ${COUNTY} includes "${PERMIT}"` }],
    ['the wrong organization (the delegator itself)', { organizationId: MINISTRY, power: INVEST, at: JAN_15 }, { holds: false, reason: `no delegation to ${MINISTRY} is on record` }],
    ['expired', { organizationId: OTHER, power: PERMIT, at: APR_15 }, { holds: false, reason: `delegation ${EXPIRING} expired at ${MAR}` }],
    ['within the period of one that expires later', { organizationId: OTHER, power: PERMIT, at: FEB_15 }, { holds: true, chain: [EXPIRING] }],
    ['granted, but its period has not begun', { organizationId: OTHER, power: OVERSEE, at: FEB_15 }, { holds: false, reason: `delegation ${LATER} takes effect only from ${JUL}` }],
    ['before an amendment that narrowed the powers', { organizationId: ZONE, power: INVEST, at: MAR_15 }, { holds: true, chain: [AMENDED] }],
    ['after an amendment that narrowed the powers', { organizationId: ZONE, power: INVEST, at: APR_15 }, { holds: false, reason: `no delegation to ${ZONE} includes "${INVEST}"` }],
    ['a proposal that was rejected', { organizationId: ZONE, power: OVERSEE, at: APR_15 }, { holds: false, reason: `delegation ${REJECTED} was rejected at ${FEB}` }],
  ])('%s', (_case, query, expected) => {
    const result = authority(history, query);
    expect(result.holds).toBe(expected.holds);
    expect(result.chain).toEqual(expected.chain ?? []);
    if (expected.holds) expect(result.reason).toBeNull();
    else expect(result.reason).toContain(expected.reason);
  });

  it('ignores events recorded after asOf when folding each delegation', () => {
    expect(delegationsAsOf(history, JUL).get(ROOT)?.status).toBe('ACTIVE');
    expect(delegationsAsOf(history, AUG_15).get(ROOT)?.status).toBe('REVOKED');
    expect(delegationsAsOf(history, JAN_15).has(SUB)).toBe(false);
  });
});

describe('the effective status of a sub-delegation', () => {
  const at = (time: string, asOf?: string) => {
    const delegations = delegationsAsOf(history, asOf);
    return effectiveStandingAt((id) => delegations.get(id), delegations.get(SUB)!, time);
  };

  it('is ACTIVE while every delegation above it is', () =>
    expect(at(FEB_15)).toEqual({ status: 'ACTIVE', reason: null, inEffect: true }));

  it('is SUSPENDED, naming the parent, while the parent is suspended', () =>
    expect(at(MAR_15)).toEqual({ status: 'SUSPENDED', reason: `parent ${ROOT} suspended at ${MAR} (بازبینی)`, inEffect: false, blockedBy: ROOT }));

  it('is SUSPENDED, naming the parent, once the parent is revoked — but only for records that know of the revocation', () => {
    expect(at(MAY_15, AUG_15)).toMatchObject({ status: 'SUSPENDED', reason: `parent ${ROOT} revoked at ${MAY}` });
    expect(at(MAY_15, JUL)).toMatchObject({ status: 'ACTIVE' });
  });

  it('is ACTIVE but not yet in effect before its period begins', () =>
    expect(at('2026-02-01T12:00:00.000Z')).toEqual({ status: 'ACTIVE', reason: `in effect from ${FEB_15_START}`, inEffect: false }));

  it('is its own EXPIRED after its period, whatever its parent', () => expect(at(JUL, JUL)).toMatchObject({ status: 'EXPIRED' }));
});

const terms = (overrides: Partial<DelegationTerms>): DelegationTerms => ({
  delegatorId: MINISTRY,
  delegateId: PROVINCE,
  powers: [INVEST, PERMIT],
  effectiveFrom: JAN,
  canSubdelegate: false,
  ...overrides,
});

const recorded = (recordedAt: string, event: DelegationEvent): TimedDelegationEvent => ({ ...event, recordedAt }) as TimedDelegationEvent;

const history: TimedDelegationEvent[] = [
  recorded(JAN, { type: 'DelegationProposed', data: { delegationId: ROOT, ...terms({ effectiveUntil: '2027-01-01T00:00:00.000Z', canSubdelegate: true }), proposedAt: JAN } }),
  recorded(JAN_10, { type: 'DelegationGranted', data: { delegationId: ROOT, ...terms({ effectiveUntil: '2027-01-01T00:00:00.000Z', canSubdelegate: true }), grantedAt: JAN_10 } }),
  recorded(JAN_10, { type: 'DelegationGranted', data: { delegationId: EXPIRING, ...terms({ delegateId: OTHER, powers: [PERMIT], effectiveUntil: MAR }), grantedAt: JAN_10 } }),
  recorded(JAN_10, { type: 'DelegationGranted', data: { delegationId: LATER, ...terms({ delegateId: OTHER, powers: [OVERSEE], effectiveFrom: JUL }), grantedAt: JAN_10 } }),
  recorded(JAN_10, { type: 'DelegationGranted', data: { delegationId: AMENDED, ...terms({ delegateId: ZONE }), grantedAt: JAN_10 } }),
  recorded(JAN_10, { type: 'DelegationProposed', data: { delegationId: REJECTED, ...terms({ delegateId: ZONE, powers: [OVERSEE] }), proposedAt: JAN_10 } }),
  recorded(FEB, { type: 'DelegationRejected', data: { delegationId: REJECTED, rejectedAt: FEB } }),
  recorded(FEB, {
    type: 'DelegationGranted',
    data: { delegationId: SUB, ...terms({ delegatorId: PROVINCE, delegateId: COUNTY, powers: [INVEST], effectiveFrom: FEB_15_START, effectiveUntil: JUN, parentDelegationId: ROOT }), grantedAt: FEB },
  }),
  recorded(MAR, { type: 'DelegationSuspended', data: { delegationId: ROOT, suspendedAt: MAR, reason: 'بازبینی' } }),
  recorded(APR, { type: 'DelegationReinstated', data: { delegationId: ROOT, reinstatedAt: APR } }),
  recorded(APR, { type: 'DelegationAmended', data: { delegationId: AMENDED, powers: [PERMIT], amendedAt: APR, previous: { powers: [INVEST, PERMIT] } } }),
  // Effective from May, recorded in August.
  recorded(AUG_1, { type: 'DelegationRevoked', data: { delegationId: ROOT, revokedAt: MAY } }),
];
