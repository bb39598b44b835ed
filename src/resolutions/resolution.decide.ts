import { deciderOf, type Command } from '../core/decider';
import { InvalidTransition, NotFound, ValidationFailed, invalidField, type FieldProblem } from '../core/errors';
import type { OutcomeKind, OutcomeStatus } from '../meetings/meeting';
import type { OrganizationStatus } from '../organizations/organization';
import type { DelegationRecord } from '../delegations/delegation';
import { assertActingUnder } from '../delegations/acting-under';
import { normalizePowers } from '../delegations/powers';
import {
  TERMINAL_STATUSES,
  evolve,
  initialState,
  type ProposedResolution,
  type Resolution,
  type ResolutionAdopted,
  type ResolutionAmended,
  type ResolutionAssigned,
  type ResolutionEvent,
  type ResolutionImplemented,
  type ResolutionProgressRecorded,
  type ResolutionProposed,
  type ResolutionReferred,
  type ResolutionRejected,
  type ResolutionStatus,
  type ResolutionSuperseded,
  type ResolutionWithdrawn,
} from './resolution';

/**
 * What the caller found in the meetings read model for `meetingId` (null: no such meeting).
 * `outcome` is the one `fromOutcomeId` names (null: the meeting has no such outcome).
 */
export interface MeetingLookup {
  outcome?: { kind: OutcomeKind; status: OutcomeStatus } | null;
}

/** What the caller found in the organizations read model (null: no such organization). */
export type OrganizationLookup = { status: OrganizationStatus } | null;

/** What the caller found in the resolutions read model for the successor (null: no such resolution). */
export type SuccessorLookup = { status: ResolutionStatus; adoptedAt?: string } | null;

export type ProposeResolution = Command<
  'ProposeResolution',
  {
    resolutionId: string;
    title: string;
    text: string;
    meetingId?: string;
    fromOutcomeId?: string;
    /** Looked up when `meetingId` is named. */
    meeting?: MeetingLookup | null;
    /** Live (not rejected or withdrawn) resolutions already drawn from `fromOutcomeId`. */
    resolutionsFromOutcome?: string[];
  }
>;
export type AmendResolution = Command<'AmendResolution', { resolutionId: string; title?: string; text?: string }>;
export type AdoptResolution = Command<
  'AdoptResolution',
  {
    resolutionId: string;
    /** The adopting organization; required with `underDelegationId`. */
    adoptedById?: string;
    /** Looked up when `adoptedById` is named. */
    adoptingOrganization?: OrganizationLookup;
    /** The delegation the adopting organization relies on for `power`. */
    underDelegationId?: string;
    power?: string;
    /** Looked up when `underDelegationId` is named: it and every delegation above it. */
    knownDelegations?: DelegationRecord[];
  }
>;
export type RejectResolution = Command<'RejectResolution', { resolutionId: string; reason: string }>;
export type ReferResolution = Command<
  'ReferResolution',
  { resolutionId: string; toOrganizationId: string; note?: string; organization: OrganizationLookup }
>;
export type AssignResolution = Command<
  'AssignResolution',
  { resolutionId: string; responsibleOrganizationId: string; dueDate?: string; organization: OrganizationLookup }
>;
export type RecordResolutionProgress = Command<'RecordResolutionProgress', { resolutionId: string; note: string; percent?: number }>;
export type MarkResolutionImplemented = Command<'MarkResolutionImplemented', { resolutionId: string; note?: string }>;
export type WithdrawResolution = Command<'WithdrawResolution', { resolutionId: string; reason: string }>;
export type SupersedeResolution = Command<
  'SupersedeResolution',
  { resolutionId: string; supersededById: string; successor: SuccessorLookup }
>;

export type ResolutionCommand =
  | ProposeResolution
  | AmendResolution
  | AdoptResolution
  | RejectResolution
  | ReferResolution
  | AssignResolution
  | RecordResolutionProgress
  | MarkResolutionImplemented
  | WithdrawResolution
  | SupersedeResolution;

/** The resolution must exist and be in one of `allowed`; otherwise NOT_FOUND or INVALID_TRANSITION naming its state. */
const requireStatus = (
  state: Resolution,
  resolutionId: string,
  allowed: readonly ResolutionStatus[],
  act: string,
): ProposedResolution => {
  if (state.status === 'None') throw new NotFound('resolution', resolutionId);
  if (!allowed.includes(state.status)) {
    const why = TERMINAL_STATUSES.includes(state.status) ? 'nothing more can happen to it' : `allowed only when ${allowed.join(' or ')}`;
    throw new InvalidTransition(`resolution is ${state.status}: cannot ${act} (${why})`, state.status);
  }
  return state;
};

/** Business times keep their order: an act cannot take effect before the act it follows. */
const requireNotBefore = (occurredAt: string, earlier: string | undefined, what: string): void => {
  if (earlier !== undefined && Date.parse(occurredAt) < Date.parse(earlier))
    throw invalidField('occurredAt', `occurredAt ${occurredAt} is before the resolution was ${what} (${earlier})`);
};

const organizationProblem = (field: string, id: string, organization: OrganizationLookup): FieldProblem | null => {
  if (!organization) return { field, message: `no organization ${id}` };
  if (organization.status !== 'ACTIVE') return { field, message: `organization ${id} is ${organization.status}` };
  return null;
};

const requireOrganization = (field: string, id: string, organization: OrganizationLookup): void => {
  const problem = organizationProblem(field, id, organization);
  if (problem) throw new ValidationFailed(problem.message, [problem]);
};

const originProblems = (data: ProposeResolution['data']): FieldProblem[] => {
  const { meetingId, fromOutcomeId, meeting } = data;
  if (fromOutcomeId !== undefined && meetingId === undefined)
    return [{ field: 'meetingId', message: 'fromOutcomeId needs the meetingId of the meeting the outcome belongs to' }];
  if (meetingId === undefined) return [];
  if (!meeting) return [{ field: 'meetingId', message: `no meeting ${meetingId}` }];
  if (fromOutcomeId === undefined) return [];
  const { outcome } = meeting;
  if (!outcome) return [{ field: 'fromOutcomeId', message: `meeting ${meetingId} has no outcome ${fromOutcomeId}` }];
  if (outcome.kind !== 'PROPOSED_RESOLUTION')
    return [{ field: 'fromOutcomeId', message: `outcome ${fromOutcomeId} is a ${outcome.kind}, not a PROPOSED_RESOLUTION` }];
  if (outcome.status === 'WITHDRAWN') return [{ field: 'fromOutcomeId', message: `outcome ${fromOutcomeId} was withdrawn` }];
  const existing = data.resolutionsFromOutcome ?? [];
  if (existing.length)
    return [{ field: 'fromOutcomeId', message: `outcome ${fromOutcomeId} already became resolution ${existing.join(', ')}` }];
  return [];
};

export const proposeResolution = (command: ProposeResolution, state: Resolution): ResolutionProposed => {
  if (state.status !== 'None') throw new InvalidTransition('resolution already proposed', state.status);
  const problems = originProblems(command.data);
  if (problems.length) throw new ValidationFailed(problems[0].message, problems);
  const { resolutionId, title, text, meetingId, fromOutcomeId } = command.data;
  return {
    type: 'ResolutionProposed',
    data: {
      resolutionId,
      title,
      text,
      ...(meetingId !== undefined && { meetingId }),
      ...(fromOutcomeId !== undefined && { fromOutcomeId }),
      proposedAt: command.metadata.occurredAt,
    },
  };
};

export const amendResolution = (command: AmendResolution, state: Resolution): ResolutionAmended => {
  const resolution = requireStatus(state, command.data.resolutionId, ['PROPOSED'], 'amend');
  const title = command.data.title ?? resolution.title;
  const text = command.data.text ?? resolution.text;
  if (command.data.title === undefined && command.data.text === undefined)
    throw invalidField('text', 'an amendment needs a new title or a new text');
  if (title === resolution.title && text === resolution.text)
    throw invalidField(command.data.text !== undefined ? 'text' : 'title', 'the resolution already reads exactly so');
  return {
    type: 'ResolutionAmended',
    data: {
      resolutionId: resolution.resolutionId,
      title,
      text,
      previousTitle: resolution.title,
      previousText: resolution.text,
      amendedAt: command.metadata.occurredAt,
    },
  };
};

/** Who adopts, and under which delegation for which power: all three go together when a delegation is relied on. */
const adoptionAuthorityProblems = (data: AdoptResolution['data'], power: string | undefined): FieldProblem[] => {
  const problems: FieldProblem[] = [];
  if (data.underDelegationId !== undefined) {
    if (data.adoptedById === undefined)
      problems.push({ field: 'adoptedById', message: 'name the adopting organization that acts under the delegation' });
    if (power === undefined) problems.push({ field: 'power', message: 'name the power the adoption needs from the delegation' });
  } else if (data.power !== undefined)
    problems.push({ field: 'power', message: 'a power is checked only under a delegation: name underDelegationId' });
  if (data.adoptedById !== undefined && !data.adoptingOrganization)
    problems.push({ field: 'adoptedById', message: `no organization ${data.adoptedById}` });
  else if (data.adoptingOrganization && data.adoptingOrganization.status !== 'ACTIVE')
    problems.push({ field: 'adoptedById', message: `organization ${data.adoptedById} is ${data.adoptingOrganization.status.toLowerCase()}` });
  return problems;
};

export const adoptResolution = (command: AdoptResolution, state: Resolution): ResolutionAdopted => {
  const resolution = requireStatus(state, command.data.resolutionId, ['PROPOSED'], 'adopt');
  requireNotBefore(command.metadata.occurredAt, resolution.proposedAt, 'proposed');
  const { adoptedById, underDelegationId } = command.data;
  const power = command.data.power === undefined ? undefined : normalizePowers([command.data.power])[0];
  const problems = adoptionAuthorityProblems(command.data, power);
  if (problems.length) throw new ValidationFailed('the adoption names its authority incompletely', problems);
  const authority =
    underDelegationId === undefined
      ? {}
      : {
          power,
          ...assertActingUnder(
            { underDelegationId, actingOrganizationId: adoptedById!, powers: [power!], known: command.data.knownDelegations ?? [] },
            command.metadata.occurredAt,
            resolution.status,
          ),
        };
  return {
    type: 'ResolutionAdopted',
    data: {
      resolutionId: resolution.resolutionId,
      adoptedAt: command.metadata.occurredAt,
      ...(adoptedById !== undefined && { adoptedById }),
      ...authority,
    },
  };
};

export const rejectResolution = (command: RejectResolution, state: Resolution): ResolutionRejected => {
  const resolution = requireStatus(state, command.data.resolutionId, ['PROPOSED'], 'reject');
  requireNotBefore(command.metadata.occurredAt, resolution.proposedAt, 'proposed');
  return {
    type: 'ResolutionRejected',
    data: { resolutionId: resolution.resolutionId, reason: command.data.reason, rejectedAt: command.metadata.occurredAt },
  };
};

export const referResolution = (command: ReferResolution, state: Resolution): ResolutionReferred => {
  const resolution = requireStatus(state, command.data.resolutionId, ['ADOPTED'], 'refer');
  requireNotBefore(command.metadata.occurredAt, resolution.adoptedAt, 'adopted');
  const { toOrganizationId, note } = command.data;
  requireOrganization('toOrganizationId', toOrganizationId, command.data.organization);
  if (resolution.referrals.some((referral) => referral.organizationId === toOrganizationId))
    throw invalidField('toOrganizationId', `the resolution is already referred to ${toOrganizationId}`);
  return {
    type: 'ResolutionReferred',
    data: {
      resolutionId: resolution.resolutionId,
      toOrganizationId,
      ...(note !== undefined && { note }),
      referredAt: command.metadata.occurredAt,
    },
  };
};

export const assignResolution = (command: AssignResolution, state: Resolution): ResolutionAssigned => {
  const resolution = requireStatus(state, command.data.resolutionId, ['ADOPTED'], 'assign');
  requireNotBefore(command.metadata.occurredAt, resolution.adoptedAt, 'adopted');
  const { responsibleOrganizationId, dueDate } = command.data;
  requireOrganization('responsibleOrganizationId', responsibleOrganizationId, command.data.organization);
  // A due date is a deadline instant: one before the adoption could never have been met.
  if (dueDate !== undefined && resolution.adoptedAt !== undefined && Date.parse(dueDate) < Date.parse(resolution.adoptedAt))
    throw invalidField('dueDate', `dueDate ${dueDate} is before the resolution was adopted (${resolution.adoptedAt})`);
  if (responsibleOrganizationId === resolution.responsibleOrganizationId && dueDate === resolution.dueDate)
    throw invalidField('responsibleOrganizationId', 'the resolution is already assigned so');
  const previous = resolution.responsibleOrganizationId;
  return {
    type: 'ResolutionAssigned',
    data: {
      resolutionId: resolution.resolutionId,
      responsibleOrganizationId,
      ...(dueDate !== undefined && { dueDate }),
      assignedAt: command.metadata.occurredAt,
      ...(previous !== undefined && previous !== responsibleOrganizationId && { previousResponsibleOrganizationId: previous }),
    },
  };
};

export const recordResolutionProgress = (command: RecordResolutionProgress, state: Resolution): ResolutionProgressRecorded => {
  const resolution = requireStatus(state, command.data.resolutionId, ['ADOPTED'], 'record progress');
  requireNotBefore(command.metadata.occurredAt, resolution.adoptedAt, 'adopted');
  const { note, percent } = command.data;
  // Oversight reads percentComplete as a milestone reached; a setback is told in a note without a percent.
  if (percent !== undefined && percent < resolution.percentComplete)
    throw invalidField('percent', `percent may not go back: ${resolution.percentComplete} was already reported`);
  return {
    type: 'ResolutionProgressRecorded',
    data: {
      resolutionId: resolution.resolutionId,
      note,
      ...(percent !== undefined && { percent }),
      reportedAt: command.metadata.occurredAt,
    },
  };
};

export const markResolutionImplemented = (command: MarkResolutionImplemented, state: Resolution): ResolutionImplemented => {
  const resolution = requireStatus(state, command.data.resolutionId, ['ADOPTED'], 'mark implemented');
  requireNotBefore(command.metadata.occurredAt, resolution.adoptedAt, 'adopted');
  const { note } = command.data;
  return {
    type: 'ResolutionImplemented',
    data: { resolutionId: resolution.resolutionId, ...(note !== undefined && { note }), implementedAt: command.metadata.occurredAt },
  };
};

export const withdrawResolution = (command: WithdrawResolution, state: Resolution): ResolutionWithdrawn => {
  const resolution = requireStatus(state, command.data.resolutionId, ['PROPOSED', 'ADOPTED'], 'withdraw');
  requireNotBefore(command.metadata.occurredAt, resolution.adoptedAt ?? resolution.proposedAt, resolution.adoptedAt ? 'adopted' : 'proposed');
  return {
    type: 'ResolutionWithdrawn',
    data: {
      resolutionId: resolution.resolutionId,
      reason: command.data.reason,
      withdrawnAt: command.metadata.occurredAt,
      statusBefore: resolution.status as 'PROPOSED' | 'ADOPTED',
    },
  };
};

/**
 * Only an adopted (or already implemented) resolution can take another's place: superseding by a mere
 * proposal would leave nothing in force should that proposal be rejected.
 */
const SUCCESSOR_STATUSES: readonly ResolutionStatus[] = ['ADOPTED', 'IMPLEMENTED'];

export const supersedeResolution = (command: SupersedeResolution, state: Resolution): ResolutionSuperseded => {
  const resolution = requireStatus(state, command.data.resolutionId, ['PROPOSED', 'ADOPTED'], 'supersede');
  const { supersededById, successor } = command.data;
  const at = command.metadata.occurredAt;
  if (supersededById === resolution.resolutionId) throw invalidField('supersededById', 'a resolution cannot supersede itself');
  if (!successor) throw invalidField('supersededById', `no resolution ${supersededById}`);
  if (successor.status === 'SUPERSEDED')
    throw invalidField('supersededById', `resolution ${supersededById} is itself superseded`);
  if (!SUCCESSOR_STATUSES.includes(successor.status))
    throw invalidField('supersededById', `resolution ${supersededById} is ${successor.status}: only an adopted resolution can supersede another`);
  if (successor.adoptedAt !== undefined && Date.parse(at) < Date.parse(successor.adoptedAt))
    throw invalidField('occurredAt', `occurredAt ${at} is before resolution ${supersededById} was adopted (${successor.adoptedAt})`);
  requireNotBefore(at, resolution.adoptedAt ?? resolution.proposedAt, resolution.adoptedAt ? 'adopted' : 'proposed');
  return {
    type: 'ResolutionSuperseded',
    data: {
      resolutionId: resolution.resolutionId,
      supersededById,
      supersededAt: at,
      statusBefore: resolution.status as 'PROPOSED' | 'ADOPTED',
    },
  };
};

export const resolutionDecider = deciderOf<Resolution, ResolutionCommand, ResolutionEvent>(initialState, evolve, {
  ProposeResolution: proposeResolution,
  AmendResolution: amendResolution,
  AdoptResolution: adoptResolution,
  RejectResolution: rejectResolution,
  ReferResolution: referResolution,
  AssignResolution: assignResolution,
  RecordResolutionProgress: recordResolutionProgress,
  MarkResolutionImplemented: markResolutionImplemented,
  WithdrawResolution: withdrawResolution,
  SupersedeResolution: supersedeResolution,
});
