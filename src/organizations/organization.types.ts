import { Field, ID, ObjectType } from 'type-graphql';
import { ORGANIZATION_KINDS, type OrganizationKind, type OrganizationStatus } from './organization';
import { Connection } from '../graphql/connection';
import { Payload } from '../graphql/payload';
import { DateTimeField } from '../graphql/date-time-field';
import { EntityView, entityView } from '../graphql/entity-view';
import { graphQLEnum } from '../graphql/enum-of';
import type { OrganizationDocument } from './organizations.projection';
import { Node } from '../graphql/node';
import type { ReadPoint } from '../graphql/read-point';

export const OrganizationKindEnum = graphQLEnum(ORGANIZATION_KINDS, 'OrganizationKind');
export const OrganizationStatusEnum = graphQLEnum<OrganizationStatus>(['ACTIVE', 'DISSOLVED'], 'OrganizationStatus');

@ObjectType({ simpleResolvers: true, implements: Node })
export class Organization extends EntityView {
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

  @DateTimeField({ nullable: true })
  dissolvedAt: string | null;
}

export const toOrganization = (doc: OrganizationDocument, point: ReadPoint = {}): Organization =>
  entityView(Organization, doc, {
    kind: doc.state.kind,
    name: doc.state.name,
    nameEn: doc.state.nameEn ?? null,
    country: doc.state.country ?? null,
    parentId: doc.state.parentId ?? null,
    status: doc.state.status,
    dissolvedAt: doc.state.dissolvedAt ?? null,
  }, point);

@ObjectType({ simpleResolvers: true })
export class OrganizationConnection extends Connection(Organization, 'Organization') {}

@ObjectType({ simpleResolvers: true })
export class OrganizationPayload extends Payload(Organization, 'organization') {}
