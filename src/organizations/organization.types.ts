import { CommandPayload } from '../graphql/command-payload';
import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { ORGANIZATION_KINDS, type OrganizationKind, type OrganizationStatus } from './organization';
import { Connection } from '../graphql/connection';
import { DateTime } from '../graphql/scalars';
import { enumOf } from '../graphql/enum-of';
import { JALALI_DESCRIPTION, toJalali, toJalaliOrNull } from '../graphql/jalali';
import type { OrganizationDocument } from './organizations.projection';

export const OrganizationKindEnum = enumOf(ORGANIZATION_KINDS);
registerEnumType(OrganizationKindEnum, { name: 'OrganizationKind' });

export const OrganizationStatusEnum = { ACTIVE: 'ACTIVE', DISSOLVED: 'DISSOLVED' } as const;
registerEnumType(OrganizationStatusEnum, { name: 'OrganizationStatus' });

@ObjectType({ simpleResolvers: true })
export class Organization {
  @Field(() => ID)
  id: string;

  @Field(() => Int, { description: "The stream's revision: 0 after the first event." })
  version: number;

  @Field(() => OrganizationKindEnum)
  kind: OrganizationKind;

  @Field()
  name: string;

  @Field(() => String, { nullable: true })
  nameEn: string | null;

  @Field(() => String, { nullable: true, description: 'ISO 3166-1 alpha-2.' })
  country: string | null;

  @Field(() => ID, { nullable: true })
  parentId: string | null;

  @Field(() => OrganizationStatusEnum)
  status: OrganizationStatus;

  @Field(() => DateTime, { nullable: true })
  dissolvedAt: string | null;

  @Field(() => String, { nullable: true, description: JALALI_DESCRIPTION })
  get dissolvedAtJalali(): string | null {
    return toJalaliOrNull(this.dissolvedAt);
  }

  @Field(() => DateTime)
  createdAt: string;

  @Field({ description: JALALI_DESCRIPTION })
  get createdAtJalali(): string {
    return toJalali(this.createdAt);
  }

  @Field(() => DateTime)
  updatedAt: string;

  @Field({ description: JALALI_DESCRIPTION })
  get updatedAtJalali(): string {
    return toJalali(this.updatedAt);
  }
}

export const toOrganization = (doc: OrganizationDocument): Organization =>
  Object.assign(new Organization(), {
    id: doc.id,
    version: doc.version,
    kind: doc.state.kind,
    name: doc.state.name,
    nameEn: doc.state.nameEn ?? null,
    country: doc.state.country ?? null,
    parentId: doc.state.parentId ?? null,
    status: doc.state.status,
    dissolvedAt: doc.state.dissolvedAt ?? null,
    createdAt: doc.createdAt,
    updatedAt: doc.updatedAt,
  });

@ObjectType({ simpleResolvers: true })
export class OrganizationConnection extends Connection(Organization, 'Organization') {}

@ObjectType({ simpleResolvers: true })
export class OrganizationPayload extends CommandPayload {
  @Field(() => Organization)
  organization: Organization;
}
