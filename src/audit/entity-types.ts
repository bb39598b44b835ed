import { invalidField } from '../core/errors';
import { GUARD_CATEGORY } from '../commands/guarded-set';
import type { App } from '../graphql/context';
import { ALL_CATEGORIES } from '../../projections/projection';
import { categoryOfEntityType } from './audit.inputs';

const known = new WeakMap<App, readonly string[]>();

/**
 * The stream categories an `entityType` filter may name: every entity's (the read models' categories)
 * and the guards' (bookkeeping events of the log, see src/commands/guarded-set.ts).
 */
export const entityTypesOf = (app: App): readonly string[] => {
  let types = known.get(app);
  if (!types) {
    const categories = app.readModelProjections.flatMap((projection) => projection.categories).filter((category) => category !== ALL_CATEGORIES);
    types = [...new Set([...categories, GUARD_CATEGORY])];
    known.set(app, types);
  }
  return types;
};

/**
 * The category an `entityType` filter names (`Organization` and `organization` alike), or
 * BAD_USER_INPUT naming the types there are: a type that does not exist is a mistake to say, not
 * a filter that silently matches nothing.
 */
export const categoryOfKnownEntityType = (app: App, entityType: string): string => {
  const category = categoryOfEntityType(entityType);
  const types = entityTypesOf(app);
  if (!types.includes(category))
    throw invalidField('entityType', `entityType "${entityType}" is not an entity type; it is one of ${types.join(', ')}`);
  return category;
};
