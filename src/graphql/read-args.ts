import { ArgsType, Field } from 'type-graphql';
import { IsDate, IsOptional, Matches, MaxLength } from 'class-validator';
import { DateTime } from './scalars';

const POSITION = /^\d{1,20}(\/\d{1,20})?$/;

/** Time travel and read-your-writes, accepted by every entity and list query. */
@ArgsType()
export class ReadArgs {
  @Field(() => DateTime, { nullable: true, description: 'State as the records stood at this recorded time.' })
  @IsOptional()
  @IsDate()
  asOf?: Date;

  @Field(() => String, { nullable: true, description: 'State after this global position.' })
  @IsOptional()
  @MaxLength(41)
  @Matches(POSITION, { message: 'atPosition must be a position returned by the server' })
  atPosition?: string;

  @Field(() => String, { nullable: true, description: 'Answer only once the read models have processed this position.' })
  @IsOptional()
  @MaxLength(41)
  @Matches(POSITION, { message: 'consistentWith must be a position returned by the server' })
  consistentWith?: string;
}
