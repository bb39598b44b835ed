import type { IdempotencyLookup, NewEvent } from './event-store';

/**
 * The actor and idempotency key an append is made under, or null when its events carry no key.
 * One append is one request, so its events must agree on both.
 */
export const idempotencyOfAppend = (events: readonly NewEvent[]): IdempotencyLookup | null => {
  let lookup: IdempotencyLookup | null = null;
  for (const event of events) {
    const idempotencyKey = event.metadata.idempotencyKey;
    if (idempotencyKey === undefined) continue;
    const actorId = event.metadata.actor.id;
    if (lookup && (lookup.actorId !== actorId || lookup.idempotencyKey !== idempotencyKey))
      throw new TypeError('the events of one append must carry the same actor and idempotency key');
    lookup = { actorId, idempotencyKey };
  }
  if (lookup && events.some((event) => event.metadata.idempotencyKey === undefined))
    throw new TypeError('the events of one append must all carry the idempotency key, or none of them');
  return lookup;
};
