import { Field, ID, Int, ObjectType } from 'type-graphql';
import type { EntityDocument } from '../../projections/entity-document';
import { DateTimeField } from './date-time-field';

export const VERSION_DESCRIPTION = "The stream's revision: 0 after the first event.";

/**
 * What every entity's view shares, from its read-model document: which entity, which revision of its
 * stream, and when it was recorded first and last. Decorated so type-graphql copies the fields into
 * each view that extends it (before the view's own: the printed schema is sorted, so the order shows
 * only in introspection); never referenced itself, so never emitted.
 */
@ObjectType({ simpleResolvers: true })
export abstract class EntityView {
  @Field(() => ID)
  id: string;

  @Field(() => Int, { description: VERSION_DESCRIPTION })
  version: number;

  @DateTimeField()
  createdAt: string;

  @DateTimeField()
  updatedAt: string;
}

/** A view of `doc` with the shared fields filled in from the document and the rest from `fields`. */
export const entityView = <View extends EntityView>(
  ViewType: new () => View,
  doc: EntityDocument<unknown>,
  fields: Omit<Partial<View>, keyof EntityView>,
): View =>
  Object.assign(new ViewType(), { id: doc.id, version: doc.version, createdAt: doc.createdAt, updatedAt: doc.updatedAt }, fields);
