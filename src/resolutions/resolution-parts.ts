import type { PartTracer } from '../../projections/entities/parts.projection';
import { RESOLUTION_CATEGORY } from './resolution';

/**
 * A resolution's progress reports, each named by the id of the event that recorded it (a report
 * carries no id of its own, and an event id is unique and never changes), touched by that event alone.
 */
export const resolutionParts: PartTracer = {
  category: RESOLUTION_CATEGORY,
  created: (recorded) => (recorded.type === 'ResolutionProgressRecorded' ? { id: recorded.eventId, kind: 'progressReport' } : null),
  touched: (recorded) => (recorded.type === 'ResolutionProgressRecorded' ? [recorded.eventId] : []),
};
