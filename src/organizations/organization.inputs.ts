import { Field, InputType } from 'type-graphql';
import { IsEnum, IsISO31661Alpha2, MaxLength, MinLength } from 'class-validator';
import { IdField, OptionalField } from '../graphql/input-fields';
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

  @OptionalField(() => String)
  @MinLength(1)
  @MaxLength(300)
  nameEn?: string;

  @OptionalField(() => String, { description: 'ISO 3166-1 alpha-2, e.g. "TR".' })
  @IsISO31661Alpha2({ message: 'country must be an ISO 3166-1 alpha-2 code' })
  country?: string;

  @IdField({ nullable: true })
  parentId?: string;
}

@InputType()
export class RenameOrganizationInput extends OrganizationCommandInput {
  @Field()
  @MinLength(1)
  @MaxLength(300)
  name: string;

  @OptionalField(() => String)
  @MinLength(1)
  @MaxLength(300)
  nameEn?: string;
}

@InputType()
export class DissolveOrganizationInput extends OrganizationCommandInput {}

@InputType()
export class OrganizationFilter {
  @OptionalField(() => OrganizationKindEnum)
  @IsEnum(ORGANIZATION_KINDS)
  kind?: OrganizationKind;

  @OptionalField(() => String, { description: 'Matches Persian and English names, ignoring ي/ی, ك/ک, digits, and a ZWNJ, a space or nothing between Persian letters.' })
  @MaxLength(300)
  name?: string;

  @OptionalField(() => String)
  @IsISO31661Alpha2()
  country?: string;
}
