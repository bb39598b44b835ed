import { EVENTS_TOPIC, type DaftarPubSub } from '../graphql/live-events-topic';
import { categoryOf, entityIdOf } from '../core/streams';
import type { EventStore, RecordedEvent } from '../eventstore/event-store';
import { comparePositions } from '../eventstore/position';
import { EventFeed } from './event-feed';
import type { ProjectionRunner } from '../../projections/projection-runner';

export interface LiveEventsFilter {
  /** A stream category (`organization`). */
  entityType?: string;
  entityId?: string;
  types?: readonly string[];
  /** Replay the stored events strictly after this position first. */
  fromPosition?: string;
}

export interface LiveEventsLimits {
  /** Live events a subscriber may leave unread before it is cut off (it resubscribes with `fromPosition`). */
  maxBacklog: number;
  catchUpBatch: number;
}

const DEFAULT_LIMITS: LiveEventsLimits = { maxBacklog: 10_000, catchUpBatch: 500 };

export class SubscriberTooSlow extends Error {
  constructor(maxBacklog: number, lastPosition: string | undefined) {
    super(
      `the subscriber fell more than ${maxBacklog} events behind and was cut off: subscribe again with fromPosition ${lastPosition ?? 'of the last event received'}`,
    );
  }
}

/**
 * Publishes each event appended after `after` (the log's head at start-up: what came before is
 * history, not news) once the read models hold it, so a subscriber that queries on an event finds
 * it there. Fed by the projection runner, which reads the log anyway, rather than by a
 * subscription of its own reading every append again. Returns how to stop.
 */
export const publishLiveEvents = (
  runner: Pick<ProjectionRunner, 'onApplied'>,
  pubSub: DaftarPubSub,
  after: string | null,
): (() => void) =>
  runner.onApplied((events) => {
    for (const event of events)
      if (after === null || comparePositions(event.position, after) > 0) pubSub.publish(EVENTS_TOPIC, event);
  });

export const matchesFilter =
  (filter: LiveEventsFilter) =>
  (event: RecordedEvent): boolean =>
    (filter.entityType === undefined || categoryOf(event.streamId) === filter.entityType) &&
    (filter.entityId === undefined || entityIdOf(event.streamId) === filter.entityId) &&
    (filter.types === undefined || filter.types.includes(event.type));

/**
 * Appended events as they come, optionally after the stored ones since `fromPosition`. Live events
 * are heard from the moment of the call, before the catch-up reads the store, and held back until it
 * ends; whatever both saw is delivered once, in position order: no gap and no duplicate.
 */
export const liveEvents = (
  app: { store: Pick<EventStore, 'readAll'>; pubSub: DaftarPubSub },
  filter: LiveEventsFilter,
  limits: LiveEventsLimits = DEFAULT_LIMITS,
): AsyncIterableIterator<RecordedEvent> => {
  const source = app.pubSub.subscribe(EVENTS_TOPIC)[Symbol.asyncIterator]();
  const feed = new EventFeed<RecordedEvent>(() => void source.return?.());
  const matches = matchesFilter(filter);
  let lastSeen = filter.fromPosition;
  let catchingUp = filter.fromPosition !== undefined;
  const heldBack: RecordedEvent[] = [];

  const deliver = (event: RecordedEvent) => {
    if (lastSeen !== undefined && comparePositions(event.position, lastSeen) <= 0) return;
    lastSeen = event.position;
    if (matches(event)) feed.push(event);
  };

  const tooSlow = () => feed.fail(new SubscriberTooSlow(limits.maxBacklog, lastSeen));

  // The first pull registers the listener synchronously, here: nothing published from now on is missed.
  void (async () => {
    for (;;) {
      const result = await source.next();
      if (result.done || feed.isEnded) return;
      if (catchingUp) {
        if (heldBack.length >= limits.maxBacklog) return tooSlow();
        heldBack.push(result.value);
      } else {
        if (feed.backlog >= limits.maxBacklog) return tooSlow();
        deliver(result.value);
      }
    }
  })().catch((error: Error) => feed.fail(error));

  if (catchingUp)
    void (async () => {
      let fromPosition = filter.fromPosition;
      for (;;) {
        // The catch-up goes at the subscriber's pace: one batch ahead at most.
        await feed.drainedTo(0);
        if (feed.isEnded) return;
        const events = await app.store.readAll({ fromPosition, maxCount: limits.catchUpBatch });
        for (const event of events) deliver(event);
        if (events.length < limits.catchUpBatch) break;
        fromPosition = events[events.length - 1].position;
      }
      catchingUp = false;
      for (const event of heldBack.splice(0)) deliver(event);
    })().catch((error: Error) => feed.fail(error));

  return feed;
};
