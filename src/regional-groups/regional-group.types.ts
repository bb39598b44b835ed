import { Field, ID, Int, ObjectType } from 'type-graphql';
import { EventRecord } from '../graphql/event-record.types';
import { Connection } from '../graphql/connection';
import { DateTimeField } from '../graphql/date-time-field';
import type { RegionalGroupDocument } from './regional-groups.projection';

@ObjectType({ simpleResolvers: true })
export class RegionalGroup {
  @Field(() => ID)
  id: string;

  @Field(() => Int)
  version: number;

  @Field()
  name: string;

  @Field(() => Int, { nullable: true, description: 'Its place among the six groups (1–6).' })
  number: number | null;

  @Field(() => [ID])
  provinceIds: string[];

  @Field(() => [ID])
  missionIds: string[];

  @DateTimeField()
  createdAt: string;

  @DateTimeField()
  updatedAt: string;
}

export const toRegionalGroup = (doc: RegionalGroupDocument): RegionalGroup =>
  Object.assign(new RegionalGroup(), {
    id: doc.id,
    version: doc.version,
    name: doc.state.name,
    number: doc.state.number ?? null,
    provinceIds: doc.state.provinceIds,
    missionIds: doc.state.missionIds,
    createdAt: doc.createdAt,
    updatedAt: doc.updatedAt,
  });

@ObjectType({ simpleResolvers: true })
export class RegionalGroupConnection extends Connection(RegionalGroup, 'RegionalGroup') {}

@ObjectType({ simpleResolvers: true })
export class RegionalGroupPayload {
  @Field(() => RegionalGroup)
  regionalGroup: RegionalGroup;

  @Field(() => [EventRecord])
  events: EventRecord[];

  @Field()
  position: string;
}
