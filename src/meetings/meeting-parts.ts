import type { PartTracer } from '../../projections/entities/parts.projection';
import { upcast } from '../eventstore/upcasters';
import { MEETING_CATEGORY, type MeetingEvent } from './meeting';

const asMeetingEvent = (recorded: Parameters<PartTracer['touched']>[0]) => upcast(recorded) as unknown as MeetingEvent;

/** A meeting's parts (participants, working groups, outcomes) and the events that touch each. */
export const meetingParts: PartTracer = {
  category: MEETING_CATEGORY,
  created: (recorded) => {
    const event = asMeetingEvent(recorded);
    switch (event.type) {
      case 'ParticipantAdded':
        return { id: event.data.participantId, kind: 'participant' };
      case 'WorkingGroupFormed':
        return { id: event.data.workingGroupId, kind: 'workingGroup' };
      case 'OutcomeRecorded':
        return { id: event.data.outcomeId, kind: 'outcome' };
      default:
        return null;
    }
  },
  touched: (recorded) => {
    const event = asMeetingEvent(recorded);
    switch (event.type) {
      case 'ParticipantAdded':
        return [event.data.participantId];
      // Removal takes the participant out of its working groups too.
      case 'ParticipantRemoved':
        return [event.data.participantId, ...(event.data.removedFromWorkingGroupIds ?? [])];
      case 'WorkingGroupFormed':
        return [event.data.workingGroupId, ...(event.data.memberParticipantIds ?? [])];
      // An outcome recorded in a working group adds to that group's work.
      case 'OutcomeRecorded':
        return event.data.workingGroupId ? [event.data.outcomeId, event.data.workingGroupId] : [event.data.outcomeId];
      case 'OutcomeAmended':
      case 'OutcomeWithdrawn':
        return [event.data.outcomeId];
      case 'MeetingSummaryApproved':
        return event.data.approvedOutcomeIds ?? [];
      default:
        return [];
    }
  },
};
