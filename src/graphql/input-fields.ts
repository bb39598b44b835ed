import { Field, ID, type FieldOptions } from 'type-graphql';
import { IsOptional, IsUUID } from 'class-validator';

/** What `@Field(() => Type)` takes: the field's GraphQL type. */
type FieldType = NonNullable<Parameters<typeof Field>[0]>;

/**
 * An input field that may be left out: nullable in the schema and, as validation goes, skipped when
 * absent or null, so its other rules check only a value that was given. The two always go together.
 */
export const OptionalField =
  (type: FieldType, options: Omit<FieldOptions, 'nullable'> = {}) =>
  (prototype: object, property: string): void => {
    IsOptional()(prototype, property);
    Field(type, { ...options, nullable: true })(prototype, property);
  };

/** An input field naming an entity: a GraphQL `ID` that must be a UUID (optional with `nullable: true`). */
export const IdField =
  ({ nullable, ...options }: Omit<FieldOptions, 'nullable'> & { nullable?: boolean } = {}) =>
  (prototype: object, property: string): void => {
    IsUUID()(prototype, property);
    if (nullable) OptionalField(() => ID, options)(prototype, property);
    else Field(() => ID, options)(prototype, property);
  };
