import type { Event } from '../core/event';
import { appended } from '../core/grown-list';

export const RESOLUTION_CATEGORY = 'resolution';

export const RESOLUTION_STATUSES = ['PROPOSED', 'ADOPTED', 'REJECTED', 'IMPLEMENTED', 'WITHDRAWN', 'SUPERSEDED'] as const;
export type ResolutionStatus = (typeof RESOLUTION_STATUSES)[number];

/** Nothing happens to a resolution in one of these states any more. */
export const TERMINAL_STATUSES: readonly ResolutionStatus[] = ['REJECTED', 'IMPLEMENTED', 'WITHDRAWN', 'SUPERSEDED'];

export type ResolutionProposed = Event<
  'ResolutionProposed',
  {
    resolutionId: string;
    title: string;
    text: string;
    meetingId?: string;
    /** The meeting's PROPOSED_RESOLUTION outcome this resolution was drawn from. */
    fromOutcomeId?: string;
    proposedAt: string;
  }
>;

/** Carries the full new title and text, and what they replaced. */
export type ResolutionAmended = Event<
  'ResolutionAmended',
  { resolutionId: string; title: string; text: string; previousTitle: string; previousText: string; amendedAt: string }
>;

/**
 * With `underDelegationId`: the adopting organization relied on that delegation for `power`, checked at
 * `adoptedAt`; `authorityChainIds` is the chain that gave it, root first (see src/delegations/acting-under.ts).
 */
export type ResolutionAdopted = Event<
  'ResolutionAdopted',
  { resolutionId: string; adoptedAt: string; adoptedById?: string; underDelegationId?: string; power?: string; authorityChainIds?: string[] }
>;

export type ResolutionRejected = Event<'ResolutionRejected', { resolutionId: string; reason: string; rejectedAt: string }>;

export type ResolutionReferred = Event<
  'ResolutionReferred',
  { resolutionId: string; toOrganizationId: string; note?: string; referredAt: string }
>;

export type ResolutionAssigned = Event<
  'ResolutionAssigned',
  {
    resolutionId: string;
    responsibleOrganizationId: string;
    dueDate?: string;
    assignedAt: string;
    /** Set on a reassignment: who was responsible until now. */
    previousResponsibleOrganizationId?: string;
  }
>;

export type ResolutionProgressRecorded = Event<
  'ResolutionProgressRecorded',
  { resolutionId: string; note: string; percent?: number; reportedAt: string }
>;

export type ResolutionImplemented = Event<'ResolutionImplemented', { resolutionId: string; note?: string; implementedAt: string }>;

export type ResolutionWithdrawn = Event<
  'ResolutionWithdrawn',
  { resolutionId: string; reason: string; withdrawnAt: string; statusBefore: 'PROPOSED' | 'ADOPTED' }
>;

/** Appended to the superseded resolution's stream; the successor's `supersedes` is read from the read model. */
export type ResolutionSuperseded = Event<
  'ResolutionSuperseded',
  { resolutionId: string; supersededById: string; supersededAt: string; statusBefore: 'PROPOSED' | 'ADOPTED' }
>;

export type ResolutionEvent =
  | ResolutionProposed
  | ResolutionAmended
  | ResolutionAdopted
  | ResolutionRejected
  | ResolutionReferred
  | ResolutionAssigned
  | ResolutionProgressRecorded
  | ResolutionImplemented
  | ResolutionWithdrawn
  | ResolutionSuperseded;

export interface ResolutionReferral {
  organizationId: string;
  note?: string;
  /** Business time of the referral (the command's occurredAt). */
  referredAt: string;
}

export interface ResolutionProgressEntry {
  note: string;
  percent?: number;
  /** Business time of the report (the command's occurredAt). */
  reportedAt: string;
}

export interface ProposedResolution {
  status: ResolutionStatus;
  resolutionId: string;
  title: string;
  text: string;
  meetingId?: string;
  fromOutcomeId?: string;
  proposedAt: string;
  adoptedAt?: string;
  adoptedById?: string;
  /** The delegation the adopting organization relied on, the power it needed, and the chain that gave it. */
  adoptedUnder?: { underDelegationId: string; power: string; authorityChainIds: string[] };
  rejectedAt?: string;
  rejectionReason?: string;
  referrals: ResolutionReferral[];
  responsibleOrganizationId?: string;
  dueDate?: string;
  assignedAt?: string;
  progress: ResolutionProgressEntry[];
  /** The last percent reported (0 until one is); 100 once implemented. */
  percentComplete: number;
  implementedAt?: string;
  implementationNote?: string;
  withdrawnAt?: string;
  withdrawalReason?: string;
  supersededById?: string;
  supersededAt?: string;
}

export type Resolution = { status: 'None' } | ProposedResolution;

export const initialState = (): Resolution => ({ status: 'None' });

export const evolve = (state: Resolution, event: ResolutionEvent): Resolution => {
  if (event.type === 'ResolutionProposed')
    return { status: 'PROPOSED', ...event.data, referrals: [], progress: [], percentComplete: 0 };
  if (state.status === 'None') return state;
  switch (event.type) {
    case 'ResolutionAmended':
      return { ...state, title: event.data.title, text: event.data.text };
    case 'ResolutionAdopted': {
      const { adoptedAt, adoptedById, underDelegationId, power, authorityChainIds } = event.data;
      return {
        ...state,
        status: 'ADOPTED',
        adoptedAt,
        ...(adoptedById !== undefined && { adoptedById }),
        ...(underDelegationId !== undefined && { adoptedUnder: { underDelegationId, power: power ?? '', authorityChainIds: authorityChainIds ?? [] } }),
      };
    }
    case 'ResolutionRejected':
      return { ...state, status: 'REJECTED', rejectedAt: event.data.rejectedAt, rejectionReason: event.data.reason };
    case 'ResolutionReferred': {
      const { toOrganizationId, note, referredAt } = event.data;
      return { ...state, referrals: appended(state.referrals, { organizationId: toOrganizationId, note, referredAt }) };
    }
    case 'ResolutionAssigned': {
      const { responsibleOrganizationId, dueDate, assignedAt } = event.data;
      return { ...state, responsibleOrganizationId, dueDate, assignedAt };
    }
    case 'ResolutionProgressRecorded': {
      const { note, percent, reportedAt } = event.data;
      return {
        ...state,
        progress: appended(state.progress, { note, percent, reportedAt }),
        percentComplete: percent ?? state.percentComplete,
      };
    }
    case 'ResolutionImplemented':
      return {
        ...state,
        status: 'IMPLEMENTED',
        implementedAt: event.data.implementedAt,
        implementationNote: event.data.note,
        percentComplete: 100,
      };
    case 'ResolutionWithdrawn':
      return { ...state, status: 'WITHDRAWN', withdrawnAt: event.data.withdrawnAt, withdrawalReason: event.data.reason };
    case 'ResolutionSuperseded':
      return { ...state, status: 'SUPERSEDED', supersededById: event.data.supersededById, supersededAt: event.data.supersededAt };
    default:
      return state;
  }
};
