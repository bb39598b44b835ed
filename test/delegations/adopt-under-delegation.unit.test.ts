import { fold } from '../../src/core/decider';
import { InvalidTransition, ValidationFailed } from '../../src/core/errors';
import { evolve, initialState, type DelegationEvent, type DelegationRecord } from '../../src/delegations/delegation';
import { resolutionDecider, type AdoptResolution } from '../../src/resolutions/resolution.decide';
import type { ResolutionEvent } from '../../src/resolutions/resolution';
import { DeciderSpecification, metadata } from '../support/decider-spec';

/** adoptResolution naming `underDelegationId`: the resolutions decider checks the authority with the delegations' rules. */
describe('adopting a resolution under a delegation', () => {
  const spec = DeciderSpecification.for(resolutionDecider);

  it('records the adopting organization, the delegation, the power and the chain that gave it', () =>
    spec
      .given([proposed])
      .when(adopt({ adoptedById: COUNTY, underDelegationId: SUB, power: ` ${ADOPT} `, knownDelegations: [root(), sub()] }))
      .then([
        {
          type: 'ResolutionAdopted',
          data: { resolutionId: RESOLUTION, adoptedAt: MAR, adoptedById: COUNTY, underDelegationId: SUB, power: ADOPT, authorityChainIds: [ROOT, SUB] },
        },
      ]));

  it('is refused when the delegation does not include the power', () =>
    spec
      .given([proposed])
      .when(adopt({ adoptedById: COUNTY, underDelegationId: SUB, power: 'انعقاد قرارداد', knownDelegations: [root(), sub()] }))
      .thenThrows(InvalidTransition, { state: 'PROPOSED' }));

  it('is refused when a delegation above it was suspended when the adoption took effect', () =>
    spec
      .given([proposed])
      .when(adopt({ adoptedById: COUNTY, underDelegationId: SUB, power: ADOPT, knownDelegations: [root(suspended(FEB)), sub()] }))
      .thenThrows(InvalidTransition, { state: 'PROPOSED' }));

  it('is refused when the delegation is to another organization', () =>
    spec
      .given([proposed])
      .when(adopt({ adoptedById: PROVINCE, underDelegationId: SUB, power: ADOPT, knownDelegations: [root(), sub()] }))
      .thenThrows(InvalidTransition));

  it('holds at the adoption’s occurredAt even if the delegation was revoked later', () =>
    spec
      .given([proposed])
      .when(adopt({ adoptedById: PROVINCE, underDelegationId: ROOT, power: ADOPT, knownDelegations: [root(revoked(APR))] }))
      .thenMatches([{ type: 'ResolutionAdopted', data: { authorityChainIds: [ROOT] } } as unknown as ResolutionEvent]));

  it('refuses a delegation not on record as BAD_USER_INPUT on underDelegationId', () =>
    spec
      .given([proposed])
      .when(adopt({ adoptedById: COUNTY, underDelegationId: SUB, power: ADOPT, knownDelegations: [] }))
      .thenThrows(ValidationFailed, { fields: [{ field: 'underDelegationId', message: `no delegation ${SUB}` }] }));

  it('requires the adopting organization and the power with underDelegationId', () =>
    spec
      .given([proposed])
      .when(adopt({ underDelegationId: SUB, knownDelegations: [root(), sub()], adoptingOrganization: undefined }))
      .thenThrows(ValidationFailed, { fields: [expect.objectContaining({ field: 'adoptedById' }), expect.objectContaining({ field: 'power' })] }));

  it('refuses a power without a delegation to check it against', () =>
    spec.given([proposed]).when(adopt({ power: ADOPT })).thenThrows(ValidationFailed, { fields: [expect.objectContaining({ field: 'power' })] }));

  it('refuses an adopting organization that does not exist', () =>
    spec
      .given([proposed])
      .when(adopt({ adoptedById: COUNTY, adoptingOrganization: null }))
      .thenThrows(ValidationFailed, { fields: [{ field: 'adoptedById', message: `no organization ${COUNTY}` }] }));

  it('records who adopted without a delegation', () =>
    spec
      .given([proposed])
      .when(adopt({ adoptedById: PROVINCE }))
      .then([{ type: 'ResolutionAdopted', data: { resolutionId: RESOLUTION, adoptedAt: MAR, adoptedById: PROVINCE } }]));
});

const RESOLUTION = '0190c8a0-0000-7000-8000-0000000000e1';
const MINISTRY = '0190c8a0-0000-7000-8000-0000000000a1';
const PROVINCE = '0190c8a0-0000-7000-8000-0000000000a2';
const COUNTY = '0190c8a0-0000-7000-8000-0000000000a3';
const ROOT = '0190c8a0-0000-7000-8000-0000000000d1';
const SUB = '0190c8a0-0000-7000-8000-0000000000d2';
const ADOPT = 'تصویب مصوبات توسعه گردشگری';
const JAN = '2026-01-01T00:00:00.000Z';
const FEB = '2026-02-01T00:00:00.000Z';
const MAR = '2026-03-01T00:00:00.000Z';
const APR = '2026-04-01T00:00:00.000Z';

const proposed: ResolutionEvent = {
  type: 'ResolutionProposed',
  data: { resolutionId: RESOLUTION, title: 'توسعه گردشگری', text: 'متن', proposedAt: JAN },
} as ResolutionEvent;

const record = (...events: DelegationEvent[]): DelegationRecord => fold(evolve, initialState(), events) as DelegationRecord;
const suspended = (at: string): DelegationEvent => ({ type: 'DelegationSuspended', data: { delegationId: ROOT, suspendedAt: at } });
const revoked = (at: string): DelegationEvent => ({ type: 'DelegationRevoked', data: { delegationId: ROOT, revokedAt: at } });
const root = (...later: DelegationEvent[]) =>
  record(
    {
      type: 'DelegationGranted',
      data: { delegationId: ROOT, delegatorId: MINISTRY, delegateId: PROVINCE, powers: [ADOPT], effectiveFrom: JAN, canSubdelegate: true, grantedAt: JAN },
    },
    ...later,
  );
const sub = () =>
  record({
    type: 'DelegationGranted',
    data: { delegationId: SUB, delegatorId: PROVINCE, delegateId: COUNTY, powers: [ADOPT], effectiveFrom: JAN, canSubdelegate: false, parentDelegationId: ROOT, grantedAt: JAN },
  });

const adopt = (data: Partial<AdoptResolution['data']>): AdoptResolution => ({
  type: 'AdoptResolution',
  data: {
    resolutionId: RESOLUTION,
    ...(data.adoptedById !== undefined && { adoptingOrganization: { status: 'ACTIVE' as const } }),
    ...data,
  },
  metadata: metadata({ occurredAt: MAR }),
});
