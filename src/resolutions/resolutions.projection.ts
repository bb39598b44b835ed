import { entityProjection, type EntityDocument } from '../../projections/entity-document';
import { childProjection } from '../../projections/child-document';
import type { Projection } from '../../projections/projection';
import { upcast } from '../eventstore/upcasters';
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

/** A resolution without its referrals and progress reports, which are documents of their own. */
export type ResolutionHead = Omit<ProposedResolution, 'referrals' | 'progress'>;

export type ResolutionDocument = EntityDocument<ResolutionHead> & {
  /** The organizations it was referred to, each once, so the `referredToId` filter is an index lookup. */
  referredToIds: string[];
};

/** Items of a resolution's lists: which resolution, and the revision of the event that added the item (its key and the list's order). */
interface ResolutionItem {
  resolutionId: string;
  seq: number;
  recordedAt: string;
}
export type ResolutionReferralDocument = ResolutionReferral & ResolutionItem;
/** `eventId`: the report's id, that of the event that recorded it (see resolution-parts.ts). */
export type ResolutionProgressDocument = ResolutionProgressEntry & ResolutionItem & { eventId: string };

const headOf = (state: Resolution): Resolution | ResolutionHead => {
  if (state.status === 'None') return state;
  const { referrals: _r, progress: _p, ...head } = state;
  return head;
};

/** The aggregate's own `evolve`, from a state whose lists are empty: no field of the head depends on them. */
const evolveHead = (state: Resolution | ResolutionHead, event: ResolutionEvent): Resolution | ResolutionHead =>
  headOf(evolve(state.status === 'None' ? state : ({ ...state, referrals: [], progress: [] } as ProposedResolution), event));

const searchText = (state: Resolution | ResolutionHead) => (state.status === 'None' ? '' : [state.title, state.text].join(' '));

const headProjection = entityProjection<Resolution | ResolutionHead, ResolutionEvent>({
  collection: 'resolutions',
  category: RESOLUTION_CATEGORY,
  initialState,
  evolve: evolveHead,
  searchText,
  index: {
    keys: ['$.state.status', '$.state.meetingId', '$.state.fromOutcomeId', '$.state.responsibleOrganizationId', '$.state.supersededById'],
    indexes: [['$.state.status'], ['$.state.meetingId'], ['$.state.fromOutcomeId', '$.state.status'], ['$.state.responsibleOrganizationId'], ['$.state.supersededById']],
    counts: [['$.state.status'], ['$.state.meetingId']],
    tags: ['$.referredToIds'],
    text: true,
  },
}) as unknown as Projection<EntityDocument<ResolutionHead>>;

// The stream's first event proposes the resolution, so a stored document is never 'None'.
// Supersession is one-sided: ResolutionSuperseded lives on the superseded stream only, and a
// successor's `supersedes` is found by querying `$.state.supersededById`.
export const resolutionsProjection: Projection<ResolutionDocument> = {
  ...headProjection,
  evolve: (doc, recorded) => {
    const next = headProjection.evolve(doc, recorded);
    if (!next) return null;
    const referredToIds = doc?.referredToIds ?? [];
    const referredTo = recorded.type === 'ResolutionReferred' ? (upcast(recorded).data as { toOrganizationId: string }).toOrganizationId : undefined;
    return { ...next, referredToIds: referredTo && !referredToIds.includes(referredTo) ? [...referredToIds, referredTo] : referredToIds };
  },
};

const itemIndex = { order: '$.seq', keys: ['$.resolutionId'], indexes: [['$.resolutionId']], counts: [['$.resolutionId']] };

export const resolutionReferralsProjection = childProjection<ResolutionReferralDocument, ResolutionEvent>({
  collection: 'resolutionReferrals',
  category: RESOLUTION_CATEGORY,
  keysOf: (event, { revision }) => (event.type === 'ResolutionReferred' ? [String(revision)] : []),
  evolve: (referral, event, { ownerId, revision, recordedAt }) => {
    if (event.type !== 'ResolutionReferred') return referral;
    const { toOrganizationId, note, referredAt } = event.data;
    return { resolutionId: ownerId, seq: revision, organizationId: toOrganizationId, ...(note !== undefined && { note }), referredAt, recordedAt };
  },
  index: itemIndex,
});

export const resolutionProgressProjection = childProjection<ResolutionProgressDocument, ResolutionEvent>({
  collection: 'resolutionProgress',
  category: RESOLUTION_CATEGORY,
  keysOf: (event, { revision }) => (event.type === 'ResolutionProgressRecorded' ? [String(revision)] : []),
  evolve: (entry, event, { ownerId, revision, recordedAt, eventId }) => {
    if (event.type !== 'ResolutionProgressRecorded') return entry;
    const { note, percent, reportedAt } = event.data;
    return { resolutionId: ownerId, seq: revision, eventId, note, ...(percent !== undefined && { percent }), reportedAt, recordedAt };
  },
  index: itemIndex,
});

/** The whole resolution, lists included, with when each referral and report was recorded. */
export type ResolutionRecordState = Omit<ProposedResolution, 'referrals' | 'progress'> & {
  referrals: Recorded<ResolutionReferral>[];
  /** Each report with the id of the event that recorded it, its own id (see resolution-parts.ts). */
  progress: (Recorded<ResolutionProgressEntry> & { eventId?: string })[];
};

const wholeProjection = entityProjection<Resolution, ResolutionEvent>({
  collection: 'resolutions',
  category: RESOLUTION_CATEGORY,
  initialState,
  evolve,
}) as unknown as Projection<EntityDocument<ResolutionRecordState>>;

const stampLast = <T>(entries: Recorded<T>[], recordedAt: string): Recorded<T>[] =>
  entries.map((entry, index) => (index === entries.length - 1 ? { ...entry, recordedAt } : entry));

/** Never stored: the whole resolution folded from its stream, for history's field changes and `diff`. */
export const resolutionRecordProjection: Projection<EntityDocument<ResolutionRecordState> & { referredToIds: string[] }> = {
  ...wholeProjection,
  evolve: (doc, recorded) => {
    const next = wholeProjection.evolve(doc, recorded);
    if (!next) return null;
    let state = next.state;
    if (recorded.type === 'ResolutionReferred') state = { ...state, referrals: stampLast(state.referrals, recorded.recordedAt) };
    if (recorded.type === 'ResolutionProgressRecorded')
      state = { ...state, progress: stampLast(state.progress, recorded.recordedAt).map((entry, index, all) => (index === all.length - 1 ? { ...entry, eventId: recorded.eventId } : entry)) };
    return { ...next, state, referredToIds: state.referrals.map((referral) => referral.organizationId) };
  },
};
