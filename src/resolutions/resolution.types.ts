import { Field, ID, Int, ObjectType } from 'type-graphql';
import { RESOLUTION_STATUSES, type ResolutionStatus } from './resolution';
import { Connection } from '../graphql/connection';
import { Payload } from '../graphql/payload';
import { DateTimeField } from '../graphql/date-time-field';
import { EntityView, entityView } from '../graphql/entity-view';
import { graphQLEnum } from '../graphql/enum-of';
import type { ReadArgs } from '../graphql/read-args';
import type { ReadModelStore } from '../../projections/read-model-store';
import {
  resolutionProgressProjection,
  resolutionReferralsProjection,
  type ResolutionDocument,
  type ResolutionProgressDocument,
  type ResolutionReferralDocument,
} from './resolutions.projection';
import { pointOfRead, type ReadPoint } from '../graphql/read-point';
import { Node } from '../graphql/node';
import { lazily } from '../graphql/lazily';

export const ResolutionStatusEnum = graphQLEnum(RESOLUTION_STATUSES, 'ResolutionStatus');

@ObjectType({ simpleResolvers: true })
export class ResolutionReferral {
  @Field(() => ID)
  organizationId: string;

  @Field(() => String, { nullable: true })
  note: string | null;

  @DateTimeField({ description: 'When it was referred (business time).' })
  referredAt: string;

  @DateTimeField({ nullable: true, description: 'When the referral was recorded (server time).' })
  recordedAt: string | null;

  /** The point in the log its resolution was read at. */
  readAt: ReadArgs;
}

@ObjectType({ simpleResolvers: true })
export class ResolutionProgress {
  @Field(() => ID, { description: "The report's id (that of the event that recorded it): `history(entityId:)` and `auditLog(filter: { entityId })` trace it." })
  id: string;

  @Field()
  note: string;

  @Field(() => Int, { nullable: true, description: '0–100; absent when the report gave no figure.' })
  percent: number | null;

  @DateTimeField({ description: 'When the progress was reported (business time).' })
  reportedAt: string;

  @DateTimeField({ nullable: true, description: 'When the report was recorded (server time).' })
  recordedAt: string | null;
}

@ObjectType({ simpleResolvers: true, implements: Node })
export class Resolution extends EntityView {
  @Field()
  title: string;

  @Field()
  text: string;

  @Field(() => ResolutionStatusEnum)
  status: ResolutionStatus;

  @Field(() => ID, { nullable: true })
  meetingId: string | null;

  @Field(() => ID, { nullable: true, description: "The meeting's PROPOSED_RESOLUTION outcome it was drawn from." })
  fromOutcomeId: string | null;

  @DateTimeField()
  proposedAt: string;

  @Field(() => [ResolutionReferral], { description: 'Every body it was referred to, in order.' })
  referrals: ResolutionReferral[];

  @Field(() => ID, { nullable: true })
  responsibleOrganizationId: string | null;

  @DateTimeField({ nullable: true, day: true })
  dueDate: string | null;

  @DateTimeField({ nullable: true })
  assignedAt: string | null;

  @Field(() => [ResolutionProgress], { description: 'Progress reports, oldest first.' })
  progress: ResolutionProgress[];

  @Field(() => Int, { description: 'The last percent reported (never decreasing); 100 once implemented.' })
  percentComplete: number;

  @DateTimeField({ nullable: true })
  adoptedAt: string | null;

  @Field(() => ID, { nullable: true, description: 'The organization that adopted it, when the adoption named one.' })
  adoptedById: string | null;

  @Field(() => ID, { nullable: true, description: 'The delegation the adopting organization relied on, checked at adoptedAt.' })
  adoptedUnderDelegationId: string | null;

  @Field(() => String, { nullable: true, description: 'The power the adoption needed from that delegation.' })
  adoptedUnderPower: string | null;

  @Field(() => [ID], {
    nullable: true,
    description: 'The delegations that gave the adopting organization that power at adoptedAt, root first, ending with adoptedUnderDelegationId.',
  })
  adoptionAuthorityChainIds: string[] | null;

  @DateTimeField({ nullable: true })
  rejectedAt: string | null;

  @Field(() => String, { nullable: true })
  rejectionReason: string | null;

  @DateTimeField({ nullable: true })
  implementedAt: string | null;

  @Field(() => String, { nullable: true })
  implementationNote: string | null;

  @DateTimeField({ nullable: true })
  withdrawnAt: string | null;

  @Field(() => String, { nullable: true })
  withdrawalReason: string | null;

  @Field(() => ID, { nullable: true })
  supersededById: string | null;

  @DateTimeField({ nullable: true })
  supersededAt: string | null;

  /** The point in the log this resolution was read at, so related lists are read at the same point. */
  readAt: ReadArgs;
}

const pointOf = (read: ReadArgs): ReadArgs => ({ asOf: read.asOf, atPosition: read.atPosition });

/** Every item of one of a resolution's lists, in the order they were recorded. */
const itemsOf = <Item>(readModels: ReadModelStore, collection: string, resolutionId: string): Item[] =>
  readModels.find<Item>(collection, { filters: [{ path: '$.resolutionId', equals: resolutionId }] }).docs;


/** The GraphQL view of a resolution document, its referrals and progress reports read from `readModels` when asked for. */
export const toResolution = (doc: ResolutionDocument, readAt: ReadArgs, readModels: ReadModelStore, idPoint: ReadPoint = pointOfRead(readAt)): Resolution => {
  const view = entityView(Resolution, doc, {
    title: doc.state.title,
    text: doc.state.text,
    status: doc.state.status,
    meetingId: doc.state.meetingId ?? null,
    fromOutcomeId: doc.state.fromOutcomeId ?? null,
    proposedAt: doc.state.proposedAt,
    responsibleOrganizationId: doc.state.responsibleOrganizationId ?? null,
    dueDate: doc.state.dueDate ?? null,
    assignedAt: doc.state.assignedAt ?? null,
    percentComplete: doc.state.percentComplete,
    adoptedAt: doc.state.adoptedAt ?? null,
    adoptedById: doc.state.adoptedById ?? null,
    adoptedUnderDelegationId: doc.state.adoptedUnder?.underDelegationId ?? null,
    adoptedUnderPower: doc.state.adoptedUnder?.power ?? null,
    adoptionAuthorityChainIds: doc.state.adoptedUnder?.authorityChainIds ?? null,
    rejectedAt: doc.state.rejectedAt ?? null,
    rejectionReason: doc.state.rejectionReason ?? null,
    implementedAt: doc.state.implementedAt ?? null,
    implementationNote: doc.state.implementationNote ?? null,
    withdrawnAt: doc.state.withdrawnAt ?? null,
    withdrawalReason: doc.state.withdrawalReason ?? null,
    supersededById: doc.state.supersededById ?? null,
    supersededAt: doc.state.supersededAt ?? null,
    readAt: pointOf(readAt),
  }, idPoint);
  lazily(view, 'referrals', () =>
    itemsOf<ResolutionReferralDocument>(readModels, resolutionReferralsProjection.collection, doc.id).map((referral) =>
      Object.assign(new ResolutionReferral(), {
        organizationId: referral.organizationId,
        note: referral.note ?? null,
        referredAt: referral.referredAt,
        recordedAt: referral.recordedAt ?? null,
        readAt: pointOf(readAt),
      }),
    ),
  );
  lazily(view, 'progress', () =>
    itemsOf<ResolutionProgressDocument>(readModels, resolutionProgressProjection.collection, doc.id).map((entry) =>
      Object.assign(new ResolutionProgress(), {
        id: entry.eventId,
        note: entry.note,
        percent: entry.percent ?? null,
        reportedAt: entry.reportedAt,
        recordedAt: entry.recordedAt ?? null,
      }),
    ),
  );
  return view;
};

@ObjectType({ simpleResolvers: true })
export class ResolutionConnection extends Connection(Resolution, 'Resolution') {}

@ObjectType({ simpleResolvers: true })
export class ResolutionPayload extends Payload(Resolution, 'resolution') {}
