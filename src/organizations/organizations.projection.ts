import { entityProjection, type EntityDocument } from '../../projections/entity-document';
import type { Projection } from '../../projections/projection';
import {
  ORGANIZATION_CATEGORY,
  evolve,
  initialState,
  type Organization,
  type OrganizationEvent,
} from './organization';

export type OrganizationDocument = EntityDocument<Exclude<Organization, { status: 'None' }>>;

// A document exists only from the stream's first event, which registers the organization: never 'None'.
export const organizationsProjection = entityProjection<Organization, OrganizationEvent>({
  collection: 'organizations',
  category: ORGANIZATION_CATEGORY,
  initialState,
  evolve,
  searchText: (state) => (state.status === 'None' ? '' : [state.name, state.nameEn ?? ''].join(' ')),
  index: { keys: ['$.state.kind', '$.state.country'], indexes: [['$.state.kind'], ['$.state.country']], counts: [['$.state.kind']], text: true },
}) as Projection<OrganizationDocument>;
