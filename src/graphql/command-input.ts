import { Field, InputType, Int } from 'type-graphql';
import { IsOptional, Max, MaxLength, Min, MinLength, IsDate } from 'class-validator';
import { DateTime } from './scalars';

/** What every mutation input accepts besides its own fields (API.md, "Commands"). */
// Decorated so type-graphql copies its fields into every input that extends it; never referenced itself, so not emitted.
@InputType()
export abstract class CommandInput {
  @Field(() => Int, { nullable: true, description: "Optimistic concurrency: the entity's version you last saw." })
  @IsOptional()
  @Min(-1)
  @Max(Number.MAX_SAFE_INTEGER)
  expectedVersion?: number;

  @Field(() => String, { nullable: true, description: 'Why; recorded with the event.' })
  @IsOptional()
  @MaxLength(2000)
  reason?: string;

  @Field(() => DateTime, { nullable: true, description: 'When it happened or takes effect (default now; not in the future).' })
  @IsOptional()
  @IsDate()
  occurredAt?: Date;

  @Field(() => String, {
    nullable: true,
    description:
      'The same key from the same actor with the same request returns the first result (the entity as of its position) and appends nothing new; with a different request it is refused as IDEMPOTENCY_KEY_REUSED.',
  })
  @IsOptional()
  @MinLength(1)
  @MaxLength(200)
  idempotencyKey?: string;
}

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
