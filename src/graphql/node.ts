import { Field, ID, InterfaceType } from 'type-graphql';

/**
 * Relay's Global Object Identification: every entity, and every event (EventRecord), is a Node
 * that `node(id)` fetches again. An entity's id is its own (a UUID, unique across kinds), with the
 * point it was read at when that is past (`<UUID>@asOf:<ISO>`, `@position:<P>`: read-point.ts);
 * an event's is `event:<streamId>:<revision>`, which says where to read it.
 */
@InterfaceType('Node', { description: 'An object with a global id that `node(id)` fetches again.' })
export abstract class Node {
  @Field(() => ID, {
    description:
      "Its global id, which `node(id)` reads again and a normalising cache keys it by: an entity's own id (`entityId`) when read now; read at a past point, `<entityId>@asOf:<ISO>` and/or `@position:<P>` (a delegation in an authority chain also `@at:<ISO>`), so that the past never overwrites the present; an event's `event:<streamId>:<revision>`.",
  })
  id: string;
}

const EVENT_ID = /^event:([A-Za-z]+-[0-9a-fA-F-]{36}):(\d+)$/;

export const eventNodeId = (streamId: string, revision: number): string => `event:${streamId}:${revision}`;

/** The stream and revision an event's global id names; null when the id is not an event's. */
export const parseEventNodeId = (id: string): { streamId: string; revision: number } | null => {
  const match = EVENT_ID.exec(id);
  return match ? { streamId: match[1], revision: Number(match[2]) } : null;
};
