import { ArgsType, Field, ID, InputType } from 'type-graphql';
import { ArrayMaxSize, IsDate, IsUUID, Matches, MaxLength, MinLength } from 'class-validator';
import { OptionalField } from '../graphql/input-fields';
import { DateTime } from '../graphql/scalars';

/** A global position as the server hands them out: `123` (SQLite) or `commit/prepare` (EventStoreDB). */
export const POSITION_PATTERN = /^\d{1,20}(\/\d{1,20})?$/;
const POSITION_MESSAGE = 'must be a position returned by the server';

const MAX_TYPES = 50;

/** The shape of an entity type name (`organization`, `regionalGroup`, or a GraphQL type name such as `Organization`). */
const ENTITY_TYPE_PATTERN = /^[A-Za-z][A-Za-z0-9]{0,63}$/;
const ENTITY_TYPE_MESSAGE = 'entityType must be an entity type such as organization or meeting';

@InputType({ description: 'Every condition given must hold.' })
export class AuditLogFilter {
  @OptionalField(() => ID, { description: "The actor's id (the token's `sub`)." })
  @MinLength(1)
  @MaxLength(200)
  actorId?: string;

  @OptionalField(() => String, { description: 'The kind of entity: `organization`, `regionalGroup`, `meeting`, … (the type name, e.g. `Organization`, works too).' })
  @Matches(ENTITY_TYPE_PATTERN, { message: ENTITY_TYPE_MESSAGE })
  entityType?: string;

  @OptionalField(() => ID)
  @IsUUID()
  entityId?: string;

  @OptionalField(() => [String], { description: 'Event types, e.g. ["OrganizationRenamed"]; any of them.' })
  @ArrayMaxSize(MAX_TYPES)
  @MinLength(1, { each: true })
  @MaxLength(100, { each: true })
  types?: string[];

  @OptionalField(() => DateTime, { description: 'Recorded at or after.' })
  @IsDate()
  from?: Date;

  @OptionalField(() => DateTime, { description: 'Recorded at or before.' })
  @IsDate()
  to?: Date;

  @OptionalField(() => DateTime, { description: 'Happened (business time, `occurredAt`) at or after.' })
  @IsDate()
  occurredFrom?: Date;

  @OptionalField(() => DateTime, { description: 'Happened (business time, `occurredAt`) at or before.' })
  @IsDate()
  occurredTo?: Date;

  @OptionalField(() => String, { description: 'Only events strictly after this position.' })
  @Matches(POSITION_PATTERN, { message: `fromPosition ${POSITION_MESSAGE}` })
  fromPosition?: string;
}

@InputType({ description: 'Which appended events a subscriber receives; every condition given must hold.' })
export class EventsFilter {
  @OptionalField(() => String, { description: 'As in `AuditLogFilter.entityType`.' })
  @Matches(ENTITY_TYPE_PATTERN, { message: ENTITY_TYPE_MESSAGE })
  entityType?: string;

  @OptionalField(() => ID)
  @IsUUID()
  entityId?: string;

  @OptionalField(() => [String])
  @ArrayMaxSize(MAX_TYPES)
  @MinLength(1, { each: true })
  @MaxLength(100, { each: true })
  types?: string[];

  @OptionalField(() => String, {
    description: 'Catch up first: the stored events strictly after this position (e.g. the last one you saw), then the live ones, with no gap and no duplicate.',
  })
  @Matches(POSITION_PATTERN, { message: `fromPosition ${POSITION_MESSAGE}` })
  fromPosition?: string;
}

@InputType({ description: 'A head kept earlier from `ledgerHead`.' })
export class ExpectedHeadInput {
  @Field()
  @Matches(POSITION_PATTERN, { message: `position ${POSITION_MESSAGE}` })
  position: string;

  @Field()
  @Matches(/^[0-9a-f]{64}$/, { message: 'hash must be 64 lower-case hexadecimal digits (SHA-256)' })
  hash: string;
}

/** Read-your-writes for the audit queries, as every other query has it. */
@ArgsType()
export class ConsistencyArgs {
  @OptionalField(() => String, { description: 'Answer only once the read models have processed this position.' })
  @Matches(POSITION_PATTERN, { message: `consistentWith ${POSITION_MESSAGE}` })
  consistentWith?: string;
}

/** `Organization` and `organization` alike name the stream category `organization`. */
export const categoryOfEntityType = (entityType: string): string => entityType.charAt(0).toLowerCase() + entityType.slice(1);
