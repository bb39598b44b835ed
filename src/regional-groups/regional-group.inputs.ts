import { Field, ID, InputType, Int } from 'type-graphql';
import { ArrayMaxSize, IsInt, IsUUID, Max, MaxLength, Min, MinLength } from 'class-validator';
import { IdField, OptionalField } from '../graphql/input-fields';
import { CommandInput } from '../graphql/command-input';

@InputType()
export class DefineRegionalGroupInput extends CommandInput {
  @Field()
  @MinLength(1)
  @MaxLength(300)
  name: string;

  @OptionalField(() => Int)
  @IsInt()
  @Min(1)
  @Max(99)
  number?: number;

  @Field(() => [ID])
  @ArrayMaxSize(100)
  @IsUUID('all', { each: true })
  provinceIds: string[];

  @Field(() => [ID])
  @ArrayMaxSize(200)
  @IsUUID('all', { each: true })
  missionIds: string[];
}

@InputType()
export class ChangeRegionalGroupMembersInput extends CommandInput {
  @IdField()
  regionalGroupId: string;

  @OptionalField(() => [ID], { description: 'The new full list of provinces (unchanged when absent).' })
  @ArrayMaxSize(100)
  @IsUUID('all', { each: true })
  provinceIds?: string[];

  @OptionalField(() => [ID], { description: 'The new full list of missions (unchanged when absent).' })
  @ArrayMaxSize(200)
  @IsUUID('all', { each: true })
  missionIds?: string[];
}
