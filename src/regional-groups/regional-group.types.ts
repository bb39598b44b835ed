import { Field, ID, Int, ObjectType } from 'type-graphql';
import { Connection } from '../graphql/connection';
import { Payload } from '../graphql/payload';
import { EntityView, entityView } from '../graphql/entity-view';
import type { RegionalGroupDocument } from './regional-groups.projection';
import { Node } from '../graphql/node';
import type { ReadPoint } from '../graphql/read-point';

@ObjectType({ simpleResolvers: true, implements: Node })
export class RegionalGroup extends EntityView {
  @Field()
  name: string;

  @Field(() => Int, { nullable: true, description: 'Its place among the six groups (1–6).' })
  number: number | null;

  @Field(() => [ID])
  provinceIds: string[];

  @Field(() => [ID])
  missionIds: string[];
}
// Its version stays undescribed, as the published schema has had it from the first release.
Field(() => Int)(RegionalGroup.prototype, 'version');

export const toRegionalGroup = (doc: RegionalGroupDocument, point: ReadPoint = {}): RegionalGroup =>
  entityView(RegionalGroup, doc, {
    name: doc.state.name,
    number: doc.state.number ?? null,
    provinceIds: doc.state.provinceIds,
    missionIds: doc.state.missionIds,
  }, point);

@ObjectType({ simpleResolvers: true })
export class RegionalGroupConnection extends Connection(RegionalGroup, 'RegionalGroup') {}

@ObjectType({ simpleResolvers: true })
export class RegionalGroupPayload extends Payload(RegionalGroup, 'regionalGroup') {}
