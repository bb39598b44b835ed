import { organizationDecider, type OrganizationCommand } from '../../src/organizations/organization.decide';
import type { OrganizationEvent, OrganizationRegistered } from '../../src/organizations/organization';
import { InvalidTransition, NotFound, ValidationFailed } from '../../src/core/errors';
import { DeciderSpecification, metadata } from '../support/decider-spec';

const spec = DeciderSpecification.for(organizationDecider);
const id = '0190c8a0-0000-7000-8000-000000000001';

describe('Organization', () => {
  it('registers a province', () =>
    spec
      .given([])
      .when(register({ kind: 'PROVINCE', name: 'آذربایجان غربی' }))
      .then([{ type: 'OrganizationRegistered', data: { organizationId: id, kind: 'PROVINCE', name: 'آذربایجان غربی' } }]));

  it('refuses a second registration of the same organization', () =>
    spec.given([registered]).when(register({ kind: 'PROVINCE', name: 'x' })).thenThrows(InvalidTransition));

  it('refuses a foreign mission without its country', () =>
    spec
      .given([])
      .when(register({ kind: 'FOREIGN_MISSION', name: 'سفارت در آنکارا' }))
      .thenThrows(ValidationFailed, { fields: [{ field: 'country', message: expect.any(String) }] }));

  it('refuses a parent that does not exist', () =>
    spec
      .given([])
      .when(register({ kind: 'COMMITTEE', name: 'کمیته', parentId: 'p', parentStatus: null }))
      .thenThrows(ValidationFailed, { fields: [{ field: 'parentId', message: expect.any(String) }] }));

  it('renames, remembering the previous name', () =>
    spec
      .given([registered])
      .when(command({ type: 'RenameOrganization', data: { organizationId: id, name: 'استانداری تبریز' } }))
      .then([{ type: 'OrganizationRenamed', data: { organizationId: id, name: 'استانداری تبریز', previousName: 'آذربایجان شرقی' } }]));

  it('refuses renaming an organization that was never registered', () =>
    spec.given([]).when(command({ type: 'RenameOrganization', data: { organizationId: id, name: 'x' } })).thenThrows(NotFound));

  it('refuses renaming a dissolved organization', () =>
    spec
      .given([registered, dissolved])
      .when(command({ type: 'RenameOrganization', data: { organizationId: id, name: 'x' } }))
      .thenThrows(InvalidTransition, { state: 'DISSOLVED' }));

  it('dissolves at the business time of the command', () =>
    spec
      .given([registered])
      .when(command({ type: 'DissolveOrganization', data: { organizationId: id } }, { occurredAt: '2026-01-01T00:00:00.000Z' }))
      .then([dissolved]));
});

const command = (partial: Omit<OrganizationCommand, 'metadata'>, meta = {}): OrganizationCommand =>
  ({ ...partial, metadata: metadata(meta) }) as OrganizationCommand;

const register = (data: Partial<Extract<OrganizationCommand, { type: 'RegisterOrganization' }>['data']>) =>
  command({ type: 'RegisterOrganization', data: { organizationId: id, kind: 'OTHER', name: '', ...data } });

const registered: OrganizationRegistered = {
  type: 'OrganizationRegistered',
  data: { organizationId: id, kind: 'PROVINCE', name: 'آذربایجان شرقی', country: 'IR' },
};
const dissolved: OrganizationEvent = {
  type: 'OrganizationDissolved',
  data: { organizationId: id, dissolvedAt: '2026-01-01T00:00:00.000Z' },
};
