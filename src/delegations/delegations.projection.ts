import { entityProjection, type EntityDocument } from '../../projections/entity-document';
import type { Projection } from '../../projections/projection';
import {
  DELEGATION_CATEGORY,
  evolve,
  initialState,
  type Delegation,
  type DelegationEvent,
  type DelegationRecord,
} from './delegation';
import { powerKey } from './powers';

/** Stands for "no end" so that "ended by time T" is one comparison in SQL. */
export const NO_END = '9999-12-31T23:59:59.999Z';

export type DelegationDocument = EntityDocument<DelegationRecord> & {
  /** effectiveUntil, or NO_END: EXPIRED is computed against it at the time of reading. */
  periodEnd: string;
  /** The current powers, folded, for the `power` filter. */
  powerKeys: string[];
};

const base = entityProjection<Delegation, DelegationEvent>({
  collection: 'delegations',
  category: DELEGATION_CATEGORY,
  initialState,
  evolve,
  searchText: (state) => (state.status === 'None' ? '' : [...state.powers, state.conditions ?? '', state.legalBasis ?? ''].join(' ')),
  index: {
    keys: ['$.state.delegatorId', '$.state.delegateId', '$.state.status', '$.periodEnd', '$.state.grantedAt', '$.state.effectiveFrom', '$.state.parentDelegationId'],
    indexes: [
      ['$.state.delegatorId'],
      ['$.state.delegateId'],
      ['$.state.status', '$.periodEnd'],
      ['$.periodEnd'],
      ['$.state.grantedAt'],
      ['$.state.effectiveFrom'],
      ['$.state.parentDelegationId'],
    ],
    tags: ['$.powerKeys'],
    text: true,
  },
}) as Projection<EntityDocument<DelegationRecord>>;

// The stream's first event proposes or grants the delegation, so a stored document is never 'None'.
export const delegationsProjection: Projection<DelegationDocument> = {
  ...base,
  evolve: (doc, event) => {
    const next = base.evolve(doc, event);
    if (!next) return null;
    return { ...next, periodEnd: next.state.effectiveUntil ?? NO_END, powerKeys: next.state.powers.map(powerKey) };
  },
};
