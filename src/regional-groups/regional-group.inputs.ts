import { Field, ID, InputType, Int } from 'type-graphql';
import { ArrayMaxSize, IsInt, IsOptional, IsUUID, Max, MaxLength, Min, MinLength } from 'class-validator';
import { CommandInput } from '../graphql/command-input';

@InputType()
export class DefineRegionalGroupInput extends CommandInput {
  @Field()
  @MinLength(1)
  @MaxLength(300)
  name: string;

  @Field(() => Int, { nullable: true })
  @IsOptional()
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
  @Field(() => ID)
  @IsUUID()
  regionalGroupId: string;

  @Field(() => [ID], { nullable: true, description: 'The new full list of provinces (unchanged when absent).' })
  @IsOptional()
  @ArrayMaxSize(100)
  @IsUUID('all', { each: true })
  provinceIds?: string[];

  @Field(() => [ID], { nullable: true, description: 'The new full list of missions (unchanged when absent).' })
  @IsOptional()
  @ArrayMaxSize(200)
  @IsUUID('all', { each: true })
  missionIds?: string[];
}
