import type { Projection } from '../projections/projection';
import { entitiesProjection } from '../projections/entities/entities.projection';
import { organizationsProjection } from './organizations/organizations.projection';
import { regionalGroupsProjection } from './regional-groups/regional-groups.projection';
import { cooperationDocumentsProjection } from './cooperation-documents/cooperation-documents.projection';
import { meetingsProjection } from './meetings/meetings.projection';
import { resolutionsProjection } from './resolutions/resolutions.projection';
import { delegationsProjection } from './delegations/delegations.projection';

/** Every read model the server keeps. Add a new one here and it is projected, rebuilt and replayed. */
export const projections: readonly Projection<any>[] = [entitiesProjection, organizationsProjection, regionalGroupsProjection, cooperationDocumentsProjection, meetingsProjection, resolutionsProjection, delegationsProjection];
