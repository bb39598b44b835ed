import { Field, ID, Int, ObjectType } from 'type-graphql';
import type { RecordedEvent } from '../eventstore/event-store';
import { categoryOf, entityIdOf } from '../core/streams';
import { JSONScalar } from './scalars';
import { DateTimeField } from './date-time-field';
import { eventNodeId, Node } from './node';

@ObjectType('Actor', { simpleResolvers: true })
export class ActorType {
  @Field(() => ID)
  id: string;

  @Field()
  name: string;

  @Field()
  role: string;
}

/** One stored event as auditors see it (API.md, "Audit"). */
@ObjectType({ simpleResolvers: true, implements: Node })
export class EventRecord {
  @Field(() => ID, { description: 'Its global id (`event:<streamId>:<revision>`), which `node(id)` reads it again by; `eventId` is the id the store gave it.' })
  get id(): string {
    return eventNodeId(this.streamId, this.revision);
  }

  @Field(() => ID)
  eventId: string;

  @Field()
  streamId: string;

  @Field({ description: 'The kind of entity, as the audit log filters it: the stream category (`organization`, `meeting`, …).' })
  get entityType(): string {
    return categoryOf(this.streamId);
  }

  @Field(() => ID)
  get entityId(): string {
    return entityIdOf(this.streamId);
  }

  @Field()
  type: string;

  @Field(() => Int)
  schemaVersion: number;

  @Field(() => Int)
  revision: number;

  @Field()
  position: string;

  @DateTimeField()
  recordedAt: string;

  @DateTimeField()
  occurredAt: string;

  @Field(() => ActorType)
  actor: ActorType;

  @Field(() => String, { nullable: true })
  reason: string | null;

  @Field(() => String, { nullable: true })
  correlationId: string | null;

  @Field(() => String, { nullable: true })
  causationId: string | null;

  @Field(() => JSONScalar)
  data: unknown;

  @Field()
  hash: string;

  @Field()
  previousHash: string;

  /** The stored event itself, for field resolvers that derive more (e.g. `changes`). */
  recorded: RecordedEvent;
}

export const toEventRecord = (event: RecordedEvent): EventRecord =>
  Object.assign(new EventRecord(), {
    eventId: event.eventId,
    streamId: event.streamId,
    type: event.type,
    schemaVersion: event.schemaVersion,
    revision: event.revision,
    position: event.position,
    recordedAt: event.recordedAt,
    occurredAt: event.metadata.occurredAt,
    actor: event.metadata.actor,
    reason: event.metadata.reason ?? null,
    correlationId: event.metadata.correlationId ?? null,
    causationId: event.metadata.causationId ?? null,
    data: event.data,
    hash: event.hash,
    previousHash: event.previousHash,
    recorded: event,
  });
