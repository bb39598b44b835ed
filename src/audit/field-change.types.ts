import { Field, ObjectType } from 'type-graphql';
import { JSONScalar } from '../graphql/scalars';
import type { FieldChangeShape } from './field-changes';

/** One field of an entity that an event (or a span of time) changed, by its GraphQL path. */
@ObjectType({ simpleResolvers: true })
export class FieldChange implements FieldChangeShape {
  @Field({ description: 'The GraphQL path of the field on the entity, list items by index: `status`, `outcomes[3].text`.' })
  path: string;

  @Field(() => JSONScalar, { nullable: true, description: 'null: the field did not exist.' })
  before: unknown;

  @Field(() => JSONScalar, { nullable: true, description: 'null: the field no longer exists.' })
  after: unknown;
}
