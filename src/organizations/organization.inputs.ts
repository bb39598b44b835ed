import { Field, ID, InputType } from 'type-graphql';
import { IsEnum, IsISO31661Alpha2, IsOptional, IsUUID, MaxLength, MinLength } from 'class-validator';
import { CommandInput, CommandOn } from '../graphql/command-input';
import { ORGANIZATION_KINDS, type OrganizationKind } from './organization';
import { OrganizationKindEnum } from './organization.types';

/** What every command on an existing organization names. */
const OrganizationCommandInput = CommandOn('organizationId');

@InputType()
export class RegisterOrganizationInput extends CommandInput {
  @Field(() => OrganizationKindEnum)
  @IsEnum(ORGANIZATION_KINDS)
  kind: OrganizationKind;

  @Field()
  @MinLength(1)
  @MaxLength(300)
  name: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MinLength(1)
  @MaxLength(300)
  nameEn?: string;

  @Field(() => String, { nullable: true, description: 'ISO 3166-1 alpha-2, e.g. "TR".' })
  @IsOptional()
  @IsISO31661Alpha2({ message: 'country must be an ISO 3166-1 alpha-2 code' })
  country?: string;

  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID()
  parentId?: string;
}

@InputType()
export class RenameOrganizationInput extends OrganizationCommandInput {
  @Field()
  @MinLength(1)
  @MaxLength(300)
  name: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MinLength(1)
  @MaxLength(300)
  nameEn?: string;
}

@InputType()
export class DissolveOrganizationInput extends OrganizationCommandInput {}

@InputType()
export class OrganizationFilter {
  @Field(() => OrganizationKindEnum, { nullable: true })
  @IsOptional()
  @IsEnum(ORGANIZATION_KINDS)
  kind?: OrganizationKind;

  @Field(() => String, { nullable: true, description: 'Matches Persian and English names, ignoring ي/ی, ك/ک, digits and ZWNJ.' })
  @IsOptional()
  @MaxLength(300)
  name?: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsISO31661Alpha2()
  country?: string;
}
