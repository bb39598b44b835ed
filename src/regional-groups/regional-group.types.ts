import { CommandPayload } from '../graphql/command-payload';
import { Field, ID, Int, ObjectType } from 'type-graphql';
import { Connection } from '../graphql/connection';
import { DateTime } from '../graphql/scalars';
import { JALALI_DESCRIPTION, toJalali } from '../graphql/jalali';
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
export class RegionalGroupPayload extends CommandPayload {
  @Field(() => RegionalGroup)
  regionalGroup: RegionalGroup;
}
