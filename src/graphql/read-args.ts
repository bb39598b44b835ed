import { ArgsType } from 'type-graphql';
import { IsDate, Matches, MaxLength } from 'class-validator';
import { OptionalField } from './input-fields';
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
