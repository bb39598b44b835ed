import { entityProjection, type EntityDocument } from '../../projections/entity-document';
import type { Projection } from '../../projections/projection';
import {
  MEETING_CATEGORY,
  evolve,
  initialState,
  type Meeting,
  type MeetingEvent,
  type ScheduledMeeting,
} from './meeting';

export type MeetingDocument = EntityDocument<ScheduledMeeting>;

/** What the `text` filter matches: the title, the place, and every outcome's text (withdrawn ones too: they were said). */
export const meetingSearchText = (state: Meeting): readonly string[] =>
  state.status === 'None' ? [] : [state.title, state.location, ...state.outcomes.map((outcome) => outcome.text)];

// The stream's first event schedules the meeting, so a stored document is never 'None'.
export const meetingsProjection = entityProjection<Meeting, MeetingEvent>({
  collection: 'meetings',
  category: MEETING_CATEGORY,
  initialState,
  evolve,
  searchText: meetingSearchText,
  index: {
    order: '$.state.scheduledStart',
    keys: ['$.state.status', '$.state.regionalGroupId'],
    indexes: [['$.state.status'], ['$.state.regionalGroupId']],
    counts: [['$.state.status'], ['$.state.regionalGroupId']],
    text: true,
  },
}) as Projection<MeetingDocument>;
