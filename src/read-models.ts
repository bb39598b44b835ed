import type { Projection } from '../projections/projection';
import { entitiesProjection } from '../projections/entities/entities.projection';
import { organizationsProjection } from './organizations/organizations.projection';
import { regionalGroupsProjection } from './regional-groups/regional-groups.projection';
import { cooperationDocumentsProjection } from './cooperation-documents/cooperation-documents.projection';
import {
  meetingOutcomesProjection,
  meetingParticipantsProjection,
  meetingRecordProjection,
  meetingsProjection,
  meetingWorkingGroupsProjection,
} from './meetings/meetings.projection';
import {
  resolutionProgressProjection,
  resolutionRecordProjection,
  resolutionReferralsProjection,
  resolutionsProjection,
} from './resolutions/resolutions.projection';
import { delegationsProjection } from './delegations/delegations.projection';
import { partsProjection, type PartTracer } from '../projections/entities/parts.projection';
import { meetingParts } from './meetings/meeting-parts';
import { resolutionParts } from './resolutions/resolution-parts';

/** The parts of entities traced on their own (`history(entityId: outcomeId)`): what makes each and what touches it. */
export const partTracers: readonly PartTracer[] = [meetingParts, resolutionParts];

/** Every read model the server keeps. Add a new one here and it is projected, rebuilt and replayed. */
export const projections: readonly Projection<any>[] = [
  entitiesProjection,
  organizationsProjection,
  regionalGroupsProjection,
  cooperationDocumentsProjection,
  meetingsProjection,
  meetingParticipantsProjection,
  meetingWorkingGroupsProjection,
  meetingOutcomesProjection,
  resolutionsProjection,
  resolutionReferralsProjection,
  resolutionProgressProjection,
  delegationsProjection,
  partsProjection(partTracers),
];

/**
 * Each entity whole, as its one stream folds, lists included: what an event changed in it (history's
 * `changes`) and `diff` are worked out on these. Folded on demand, never stored: the read models
 * above keep the items of a list as documents of their own.
 */
export const entityFolds: readonly Projection<any>[] = [
  organizationsProjection,
  regionalGroupsProjection,
  cooperationDocumentsProjection,
  meetingRecordProjection,
  resolutionRecordProjection,
  delegationsProjection,
];
