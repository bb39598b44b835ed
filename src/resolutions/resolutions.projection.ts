import { entityProjection, type EntityDocument } from '../../projections/entity-document';
import type { Projection } from '../../projections/projection';
import {
  RESOLUTION_CATEGORY,
  evolve,
  initialState,
  type ProposedResolution,
  type Resolution,
  type ResolutionEvent,
  type ResolutionProgressEntry,
  type ResolutionReferral,
} from './resolution';

/** The aggregate keeps when an act took effect; the read model adds when the log recorded it. */
type Recorded<T> = T & { recordedAt?: string };

export type ResolutionReadState = Omit<ProposedResolution, 'referrals' | 'progress'> & {
  referrals: Recorded<ResolutionReferral>[];
  progress: Recorded<ResolutionProgressEntry>[];
};

export type ResolutionDocument = EntityDocument<ResolutionReadState> & {
  /** The organizations it is referred to, flat, so the `referredToId` filter is one JSON-array lookup. */
  referredToIds: string[];
};

const aggregateProjection = entityProjection<Resolution, ResolutionEvent>({
  collection: 'resolutions',
  category: RESOLUTION_CATEGORY,
  initialState,
  evolve,
  searchText: (state) => (state.status === 'None' ? '' : [state.title, state.text].join(' ')),
  index: {
    keys: ['$.state.status', '$.state.meetingId', '$.state.fromOutcomeId', '$.state.responsibleOrganizationId', '$.state.supersededById'],
    indexes: [['$.state.status'], ['$.state.meetingId'], ['$.state.fromOutcomeId', '$.state.status'], ['$.state.responsibleOrganizationId'], ['$.state.supersededById']],
    counts: [['$.state.status'], ['$.state.meetingId']],
    tags: ['$.referredToIds'],
    text: true,
  },
}) as unknown as Projection<EntityDocument<ResolutionReadState>>;

const stampLast = <T>(entries: Recorded<T>[], recordedAt: string): Recorded<T>[] =>
  entries.map((entry, index) => (index === entries.length - 1 ? { ...entry, recordedAt } : entry));

// The stream's first event proposes the resolution, so a stored document is never 'None'.
// Supersession is one-sided: ResolutionSuperseded lives on the superseded stream only, and a
// successor's `supersedes` is found by querying `$.state.supersededById`.
export const resolutionsProjection: Projection<ResolutionDocument> = {
  ...aggregateProjection,
  evolve: (doc, recorded) => {
    const next = aggregateProjection.evolve(doc, recorded);
    if (!next) return null;
    let state = next.state;
    if (recorded.type === 'ResolutionReferred') state = { ...state, referrals: stampLast(state.referrals, recorded.recordedAt) };
    if (recorded.type === 'ResolutionProgressRecorded') state = { ...state, progress: stampLast(state.progress, recorded.recordedAt) };
    return { ...next, state, referredToIds: state.referrals.map((referral) => referral.organizationId) };
  },
};
