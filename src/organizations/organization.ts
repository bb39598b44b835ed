import type { Event } from '../core/event';

export const ORGANIZATION_KINDS = [
  'PROVINCE',
  'FOREIGN_MISSION',
  'MINISTRY',
  'COMMITTEE',
  'HEADQUARTERS',
  'PRIVATE_SECTOR',
  'OTHER',
] as const;
export type OrganizationKind = (typeof ORGANIZATION_KINDS)[number];

export const ORGANIZATION_CATEGORY = 'organization';

export type OrganizationRegistered = Event<
  'OrganizationRegistered',
  {
    organizationId: string;
    kind: OrganizationKind;
    name: string;
    nameEn?: string;
    /** ISO 3166-1 alpha-2: the host country of a foreign mission, or the organization's own. */
    country?: string;
    parentId?: string;
  }
>;

export type OrganizationRenamed = Event<
  'OrganizationRenamed',
  { organizationId: string; name: string; nameEn?: string; previousName: string }
>;

export type OrganizationDissolved = Event<'OrganizationDissolved', { organizationId: string; dissolvedAt: string }>;

export type OrganizationEvent = OrganizationRegistered | OrganizationRenamed | OrganizationDissolved;

export type OrganizationStatus = 'ACTIVE' | 'DISSOLVED';

export type Organization =
  | { status: 'None' }
  | {
      status: OrganizationStatus;
      organizationId: string;
      kind: OrganizationKind;
      name: string;
      nameEn?: string;
      country?: string;
      parentId?: string;
      dissolvedAt?: string;
    };

export const initialState = (): Organization => ({ status: 'None' });

export const evolve = (state: Organization, event: OrganizationEvent): Organization => {
  switch (event.type) {
    case 'OrganizationRegistered':
      return { status: 'ACTIVE', ...event.data };
    case 'OrganizationRenamed':
      if (state.status === 'None') return state;
      return { ...state, name: event.data.name, nameEn: event.data.nameEn ?? state.nameEn };
    case 'OrganizationDissolved':
      if (state.status === 'None') return state;
      return { ...state, status: 'DISSOLVED', dissolvedAt: event.data.dissolvedAt };
    default:
      return state;
  }
};
