import type { createPubSub } from '@graphql-yoga/subscription';
import type { RecordedEvent } from '../eventstore/event-store';

/** The in-process topic every appended event is published on, for the `events` subscription. */
export const EVENTS_TOPIC = 'EVENTS';

export type DaftarPubSub = ReturnType<typeof createPubSub<{ [EVENTS_TOPIC]: [RecordedEvent] }>>;
