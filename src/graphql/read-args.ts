import { ArgsType } from 'type-graphql';
import { IsDate, Matches, MaxLength } from 'class-validator';
import { IdField, OptionalField } from './input-fields';
import { DateTime } from './scalars';

const POSITION = /^\d{1,20}(\/\d{1,20})?$/;

/** Time travel and read-your-writes, accepted by every entity and list query. */
@ArgsType()
export class ReadArgs {
  @OptionalField(() => DateTime, { description: 'State as the records stood at this recorded time.' })
  @IsDate()
  asOf?: Date;

  @OptionalField(() => String, { description: 'State after this global position.' })
  @MaxLength(41)
  @Matches(POSITION, { message: 'atPosition must be a position returned by the server' })
  atPosition?: string;

  @OptionalField(() => String, { description: 'Answer only once the read models have processed this position.' })
  @MaxLength(41)
  @Matches(POSITION, { message: 'consistentWith must be a position returned by the server' })
  consistentWith?: string;
}

/**
 * The id of the entity a query reads (`organization(id)`): a UUID, as every id the server hands out
 * is, checked as a mutation's ids are, so a malformed one is BAD_USER_INPUT naming `id` on queries
 * and mutations alike rather than NOT_FOUND.
 */
@ArgsType()
export class IdArgs {
  @IdField()
  id: string;
}

/** The same for the audit queries, which name the entity `entityId` (`history`, `diff`). */
@ArgsType()
export class EntityIdArgs {
  @IdField()
  entityId: string;
}
