import type { Projection } from './projection';
import { entitiesProjection } from './entities/entities.projection';
import { organizationsProjection } from './organizations/organizations.projection';
import { regionalGroupsProjection } from './regional-groups/regional-groups.projection';
import { cooperationDocumentsProjection } from './cooperation-documents/cooperation-documents.projection';
import { meetingsProjection } from './meetings/meetings.projection';
import { resolutionsProjection } from './resolutions/resolutions.projection';
import { delegationsProjection } from './delegations/delegations.projection';

/**
 * Read models that are SQL tables of their own (kept by the same runner under the same checkpoint)
 * depend on the store: the audit-log table only for a store that cannot answer the audit log.
 */
export { auditLogOf } from './audit-log/audit-log';

/** Every read model the server keeps. Add a new one here and it is projected, rebuilt and replayed. */
export const projections: readonly Projection<any>[] = [entitiesProjection, organizationsProjection, regionalGroupsProjection, cooperationDocumentsProjection, meetingsProjection, resolutionsProjection, delegationsProjection];
