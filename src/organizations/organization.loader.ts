import DataLoader from 'dataloader';
import type { GraphQLContext } from '../graphql/context';
import { organizationsProjection, type OrganizationDocument } from './organizations.projection';
import { toOrganization, type Organization } from './organization.types';

const LOADER = 'organizations';

/**
 * Organizations by id for one request, batched and memoised: a list of meetings naming the same
 * provinces and missions over and over reads each organization once. Always the live read model.
 */
export const organizationLoader = (ctx: GraphQLContext): DataLoader<string, Organization | null> => {
  let loader = ctx.loaders.get(LOADER) as DataLoader<string, Organization | null> | undefined;
  if (!loader) {
    loader = new DataLoader<string, Organization | null>(async (ids) =>
      ctx.app.readModels
        .getMany<OrganizationDocument>(organizationsProjection.collection, ids)
        .map((doc) => (doc ? toOrganization(doc) : null)),
    );
    ctx.loaders.set(LOADER, loader);
  }
  return loader;
};
