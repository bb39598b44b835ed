import { Field, InputType, Int } from 'type-graphql';
import { Max, MaxLength, Min, MinLength, IsDate } from 'class-validator';
import { IdField, OptionalField } from './input-fields';
import { DateTime } from './scalars';

/** What every mutation input accepts besides its own fields (API.md, "Commands"). */
// Decorated so type-graphql copies its fields into every input that extends it; never referenced itself, so not emitted.
@InputType()
export abstract class CommandInput {
  @OptionalField(() => Int, { description: "Optimistic concurrency: the entity's version you last saw." })
  @Min(-1)
  @Max(Number.MAX_SAFE_INTEGER)
  expectedVersion?: number;

  @OptionalField(() => String, { description: 'Why; recorded with the event.' })
  @MaxLength(2000)
  reason?: string;

  @OptionalField(() => DateTime, { description: 'When it happened or takes effect (default now; not in the future).' })
  @IsDate()
  occurredAt?: Date;

  @OptionalField(() => String, {
    description:
      'The same key from the same actor with the same request returns the first result (the entity as of its position) and appends nothing new; with a different request it is refused as IDEMPOTENCY_KEY_REUSED.',
  })
  @MinLength(1)
  @MaxLength(200)
  idempotencyKey?: string;
}

/**
 * The base of the inputs of every command on one existing entity of a slice: what every command
 * takes, and the entity's id under `idField` (`class CloseMeetingInput extends CommandOn('meetingId') {}`).
 * A slice makes its base once and extends it in each input; type-graphql copies the inherited fields
 * in ahead of the input's own, as it does CommandInput's.
 */
export const CommandOn = <IdField extends string>(idField: IdField) => {
  @InputType(`${idField.charAt(0).toUpperCase()}${idField.slice(1)}CommandInput`)
  abstract class EntityCommandInput extends CommandInput {}
  IdField()(EntityCommandInput.prototype, idField);
  return EntityCommandInput as abstract new () => CommandInput & Record<IdField, string>;
};

/**
 * Makes the inherited, optional `reason` of `input` required and checked by `checks`: for acts whose
 * reason is their substance (API.md: `rejectResolution { resolutionId!, reason! }`, `cancelMeeting { meetingId!, reason! }`).
 * Decorated on the prototype because a redeclared, decorated class field would shadow the base one
 * at run time; the class only narrows its type with `declare reason: string`.
 */
export const requireReason = (input: abstract new () => CommandInput, description: string, ...checks: PropertyDecorator[]): void => {
  Field(() => String, { description })(input.prototype, 'reason');
  for (const check of checks) check(input.prototype, 'reason');
};
