import { Field, ID, Int, ObjectType } from 'type-graphql';
import type { EntityDocument } from '../../projections/entity-document';
import { DateTimeField } from './date-time-field';
import { idAtPoint, type ReadPoint } from './read-point';

export const VERSION_DESCRIPTION = "The stream's revision: 0 after the first event.";

/**
 * What every entity's view shares, from its read-model document: which entity, which revision of its
 * stream, and when it was recorded first and last. Decorated so type-graphql copies the fields into
 * each view that extends it (before the view's own: the printed schema is sorted, so the order shows
 * only in introspection); never referenced itself, so never emitted.
 */
@ObjectType({ simpleResolvers: true })
export abstract class EntityView {
  /** Its global id (described on the Node interface, whose field the schema shows). */
  @Field(() => ID)
  id: string;

  @Field(() => ID, { description: 'The entity\'s own id (a UUID), whatever point it was read at: the id mutations and `organization(id:)`-style queries take.' })
  entityId: string;

  @Field(() => Int, { description: VERSION_DESCRIPTION })
  version: number;

  @DateTimeField()
  createdAt: string;

  @DateTimeField()
  updatedAt: string;
}

/**
 * A view of `doc` read at `point` (now unless given), with the shared fields filled in from the
 * document and the rest from `fields`.
 */
export const entityView = <View extends EntityView>(
  ViewType: new () => View,
  doc: EntityDocument<unknown>,
  fields: Omit<Partial<View>, keyof EntityView>,
  point: ReadPoint = {},
): View =>
  Object.assign(
    new ViewType(),
    { id: idAtPoint(doc.id, point), entityId: doc.id, version: doc.version, createdAt: doc.createdAt, updatedAt: doc.updatedAt },
    fields,
  );
