import type { GraphQLContext } from '../graphql/context';
import type { ReadArgs } from '../graphql/read-args';
import { findEntity } from '../graphql/entity-reads';
import { pointOfRead } from '../graphql/read-point';
import { ORGANIZATION_CATEGORY } from './organization';
import { organizationsProjection, type OrganizationDocument } from './organizations.projection';
import { toOrganization, type Organization } from './organization.types';

/**
 * An organization as the live read model holds it now, for a command that names it (null: no such
 * organization). Each decider judges what it needs of it (kind, status, when it was dissolved) and
 * copies none of it into an event.
 */
export const lookUpOrganization = (ctx: GraphQLContext, id: string): OrganizationDocument['state'] | null =>
  ctx.app.readModels.get<OrganizationDocument>(organizationsProjection.collection, id)?.state ?? null;

/**
 * The organization a field names, read where the entity holding the field was read: live, or as the
 * records stood at its `asOf`/`atPosition` (null: none named, or no such organization then).
 */
export const organizationAt = async (
  ctx: GraphQLContext,
  id: string | null | undefined,
  point: Pick<ReadArgs, 'asOf' | 'atPosition'> = {},
): Promise<Organization | null> => {
  if (!id) return null;
  const doc = await findEntity<OrganizationDocument>(ctx, organizationsProjection, ORGANIZATION_CATEGORY, id, point);
  return doc ? toOrganization(doc, pointOfRead(point)) : null;
};
