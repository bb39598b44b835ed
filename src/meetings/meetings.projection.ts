import { entityProjection, type EntityDocument } from '../../projections/entity-document';
import { childProjection } from '../../projections/child-document';
import type { Projection } from '../../projections/projection';
import {
  MEETING_CATEGORY,
  evolve,
  initialState,
  outcomeAmended,
  outcomeRecorded,
  outcomeWithdrawn,
  participantAdded,
  withoutMember,
  workingGroupFormed,
  type Meeting,
  type MeetingEvent,
  type MeetingOutcome,
  type MeetingParticipant,
  type MeetingWorkingGroup,
  type ScheduledMeeting,
} from './meeting';

/** The lists that grow with a meeting: each item is a document of its own, written when an event makes or changes it. */
type MeetingLists = 'participants' | 'workingGroups' | 'outcomes' | 'approvedOutcomeIds';

/** A meeting without its lists. */
export type MeetingHead = Omit<ScheduledMeeting, MeetingLists>;
export type MeetingDocument = EntityDocument<MeetingHead>;

/** The whole meeting, lists included, as the aggregate folds it: what an event's `changes` and `diff` compare. */
export type MeetingRecordDocument = EntityDocument<ScheduledMeeting>;

/** Items of a meeting's lists: which meeting, and the revision of the event that added the item (the list's order). */
interface MeetingItem {
  meetingId: string;
  seq: number;
}
export type MeetingParticipantDocument = MeetingParticipant & MeetingItem;
export type MeetingWorkingGroupDocument = MeetingWorkingGroup & MeetingItem;
export type MeetingOutcomeDocument = MeetingOutcome & MeetingItem & { approved: boolean };

const NO_LISTS = { participants: [], workingGroups: [], outcomes: [] };

const headOf = (state: Meeting): Meeting | MeetingHead => {
  if (state.status === 'None') return state;
  const { participants: _p, workingGroups: _w, outcomes: _o, approvedOutcomeIds: _a, ...head } = state;
  return head;
};

/**
 * The meeting's own fields are the aggregate's, folded by the aggregate's own `evolve` from a state
 * whose lists are empty: no field of the head depends on them (test/meetings/meeting-split.int.test.ts
 * checks the head and the items against the whole fold over a generated log).
 */
const evolveHead = (state: Meeting | MeetingHead, event: MeetingEvent): Meeting | MeetingHead =>
  headOf(evolve(state.status === 'None' ? state : ({ ...state, ...NO_LISTS } as ScheduledMeeting), event));

/** What the `text` filter matches of the meeting itself; each outcome's text is matched as its own document. */
export const meetingSearchText = (state: Meeting | MeetingHead): string => (state.status === 'None' ? '' : `${state.title} ${state.location}`);

// The stream's first event schedules the meeting, so a stored document is never 'None'.
export const meetingsProjection = entityProjection<Meeting | MeetingHead, MeetingEvent>({
  collection: 'meetings',
  category: MEETING_CATEGORY,
  initialState,
  evolve: evolveHead,
  searchText: meetingSearchText,
  index: {
    order: '$.state.scheduledStart',
    keys: ['$.state.status', '$.state.regionalGroupId'],
    // Status and regional group together (the console's two pickers) seek one index in order and count in one lookup.
    indexes: [['$.state.status'], ['$.state.regionalGroupId'], ['$.state.status', '$.state.regionalGroupId']],
    counts: [['$.state.status'], ['$.state.regionalGroupId'], ['$.state.status', '$.state.regionalGroupId']],
    text: true,
    textOfItems: { collection: 'meetingOutcomes', owner: '$.meetingId' },
  },
}) as Projection<MeetingDocument>;

export const meetingParticipantsProjection = childProjection<MeetingParticipantDocument, MeetingEvent>({
  collection: 'meetingParticipants',
  category: MEETING_CATEGORY,
  keysOf: (event) => (event.type === 'ParticipantAdded' || event.type === 'ParticipantRemoved' ? [event.data.participantId] : []),
  evolve: (participant, event, { ownerId, revision }) => {
    if (event.type === 'ParticipantAdded') return { meetingId: ownerId, seq: revision, ...participantAdded(event.data) };
    if (event.type === 'ParticipantRemoved') return null;
    return participant;
  },
  index: { order: '$.seq', keys: ['$.meetingId'], indexes: [['$.meetingId']], counts: [['$.meetingId']] },
});

export const meetingWorkingGroupsProjection = childProjection<MeetingWorkingGroupDocument, MeetingEvent>({
  collection: 'meetingWorkingGroups',
  category: MEETING_CATEGORY,
  keysOf: (event) => {
    if (event.type === 'WorkingGroupFormed') return [event.data.workingGroupId];
    if (event.type === 'ParticipantRemoved') return event.data.removedFromWorkingGroupIds;
    return [];
  },
  evolve: (group, event, { ownerId, revision }) => {
    if (event.type === 'WorkingGroupFormed') return { meetingId: ownerId, seq: revision, ...workingGroupFormed(event.data) };
    if (event.type === 'ParticipantRemoved' && group) return withoutMember(group, event.data.participantId);
    return group;
  },
  index: { order: '$.seq', keys: ['$.meetingId'], indexes: [['$.meetingId']], counts: [['$.meetingId']] },
});

export const meetingOutcomesProjection = childProjection<MeetingOutcomeDocument, MeetingEvent>({
  collection: 'meetingOutcomes',
  category: MEETING_CATEGORY,
  keysOf: (event) => {
    switch (event.type) {
      case 'OutcomeRecorded':
      case 'OutcomeAmended':
      case 'OutcomeWithdrawn':
        return [event.data.outcomeId];
      case 'MeetingSummaryApproved':
        return event.data.approvedOutcomeIds;
      default:
        return [];
    }
  },
  evolve: (outcome, event, { ownerId, revision }) => {
    if (event.type === 'OutcomeRecorded') return { meetingId: ownerId, seq: revision, approved: false, ...outcomeRecorded(event.data) };
    if (!outcome) return outcome;
    switch (event.type) {
      case 'OutcomeAmended':
        return outcomeAmended(outcome, event.data);
      case 'OutcomeWithdrawn':
        return outcomeWithdrawn(outcome, event.data);
      case 'MeetingSummaryApproved':
        return { ...outcome, approved: true };
      default:
        return outcome;
    }
  },
  // Searched as a piece of its meeting's text (the meetings' index, textOfItems); no list of outcomes filters by text, so no trigram index of their own.
  searchText: (outcome) => outcome.text,
  index: {
    order: '$.seq',
    keys: ['$.meetingId', '$.kind', '$.status'],
    indexes: [['$.meetingId'], ['$.meetingId', '$.status'], ['$.meetingId', '$.kind'], ['$.meetingId', '$.kind', '$.status']],
    counts: [['$.meetingId'], ['$.meetingId', '$.status'], ['$.meetingId', '$.kind'], ['$.meetingId', '$.kind', '$.status']],
  },
});

/** Never stored: the whole meeting folded from its stream, for history's field changes and `diff`. */
export const meetingRecordProjection = entityProjection<Meeting, MeetingEvent>({
  collection: 'meetings',
  category: MEETING_CATEGORY,
  initialState,
  evolve,
}) as Projection<MeetingRecordDocument>;
