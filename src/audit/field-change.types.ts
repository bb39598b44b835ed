import { Field, ObjectType } from 'type-graphql';
import { JSONScalar } from '../graphql/scalars';
import type { FieldChangeShape } from './field-changes';

/** One field of an entity's read model that an event (or a span of time) changed. */
@ObjectType({ simpleResolvers: true })
export class FieldChange implements FieldChangeShape {
  @Field({ description: 'Dotted path into the read model, list items by index: `state.outcomes.3.text`.' })
  path: string;

  @Field(() => JSONScalar, { nullable: true, description: 'null: the field did not exist.' })
  before: unknown;

  @Field(() => JSONScalar, { nullable: true, description: 'null: the field no longer exists.' })
  after: unknown;
}
