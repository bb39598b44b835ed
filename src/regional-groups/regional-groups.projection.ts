import { entityProjection, type EntityDocument } from '../../projections/entity-document';
import type { Projection } from '../../projections/projection';
import {
  REGIONAL_GROUP_CATEGORY,
  evolve,
  initialState,
  type RegionalGroup,
  type RegionalGroupEvent,
} from './regional-group';

export type RegionalGroupDocument = EntityDocument<Exclude<RegionalGroup, { status: 'None' }>>;

// The stream's first event defines the group, so a stored document is never 'None'.
export const regionalGroupsProjection = entityProjection<RegionalGroup, RegionalGroupEvent>({
  collection: 'regionalGroups',
  category: REGIONAL_GROUP_CATEGORY,
  initialState,
  evolve,
  searchText: (state) => (state.status === 'None' ? '' : state.name),
  index: { order: '$.state.number', keys: [], indexes: [] },
}) as Projection<RegionalGroupDocument>;
