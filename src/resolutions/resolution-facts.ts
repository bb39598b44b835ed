import { foldWith, type DecisionReads } from '../commands/decision-reads';
import { guardStreamId, type GuardedSet } from '../commands/guarded-set';
import { streamIdOf } from '../core/streams';
import type { GraphQLContext } from '../graphql/context';
import { readModelsAtHead } from '../graphql/read-models-at-head';
import { MEETING_CATEGORY, evolve as evolveMeeting, initialState as initialMeeting } from '../meetings/meeting';
import { organizationFromLog } from '../organizations/organization-facts';
import { RESOLUTION_CATEGORY, evolve, initialState, type ResolutionStatus } from './resolution';
import type { MeetingLookup, OrganizationLookup, SuccessorLookup } from './resolution.decide';
import { resolutionsProjection, type ResolutionDocument } from './resolutions.projection';

// The facts a resolution command rests on, read from the streams themselves through DecisionReads:
// the append checks each one still stands as read (docs/consistency.md).

const foldResolution = foldWith({ evolve, initialState });
const foldMeeting = foldWith({ evolve: evolveMeeting, initialState: initialMeeting });

/** Rejected and withdrawn resolutions free their outcome for a new proposal; any other keeps it. */
export const OUTCOME_HOLDING_STATUSES: readonly ResolutionStatus[] = ['PROPOSED', 'ADOPTED', 'IMPLEMENTED', 'SUPERSEDED'];

export const organizationLookupFromLog = async (reads: DecisionReads, id: string): Promise<OrganizationLookup> => {
  const organization = await organizationFromLog(reads, id);
  return organization && { status: organization.status };
};

/** The meeting (null: none recorded) and, when named, the outcome a proposal is drawn from (null: the meeting has none such). */
export const meetingFromLog = async (reads: DecisionReads, meetingId: string, fromOutcomeId: string | undefined): Promise<MeetingLookup | null> => {
  const meeting = await reads.stream(streamIdOf(MEETING_CATEGORY, meetingId), foldMeeting);
  if (meeting.status === 'None') return null;
  if (fromOutcomeId === undefined) return {};
  const outcome = meeting.outcomes.find((candidate) => candidate.outcomeId === fromOutcomeId);
  return { outcome: outcome ? { kind: outcome.kind, status: outcome.status } : null };
};

/**
 * Every resolution ever proposed from one outcome: the set that holds the outcome at most once.
 * Proposals from it take turns through its guard, so two racing proposals cannot both take it.
 */
export const resolutionsFromOutcome = (ctx: GraphQLContext, outcomeId: string): GuardedSet => ({
  streamId: guardStreamId('resolutionsFromOutcome', outcomeId),
  seed: async () =>
    (await readModelsAtHead(ctx))
      .find<ResolutionDocument>(resolutionsProjection.collection, { filters: [{ path: '$.state.fromOutcomeId', equals: outcomeId }] })
      .docs.map((doc) => doc.id),
});

/** The resolutions that still hold the outcome, as their streams stand; the new one joins the set with its proposal. */
export const resolutionsHoldingOutcome = async (reads: DecisionReads, set: GuardedSet, resolutionId: string): Promise<string[]> => {
  const members = await reads.members(set, { joining: resolutionId });
  const holding: string[] = [];
  for (const id of members) {
    const resolution = await reads.stream(streamIdOf(RESOLUTION_CATEGORY, id), foldResolution);
    if (resolution.status !== 'None' && OUTCOME_HOLDING_STATUSES.includes(resolution.status)) holding.push(id);
  }
  return holding;
};

export const successorFromLog = async (reads: DecisionReads, id: string): Promise<SuccessorLookup> => {
  const successor = await reads.stream(streamIdOf(RESOLUTION_CATEGORY, id), foldResolution);
  return successor.status === 'None' ? null : { status: successor.status, adoptedAt: successor.adoptedAt };
};
