import { createClient, type Client } from 'graphql-ws';
import { EVENT_RECORD_FIELDS, type EventRecord } from '../api/event-record';
import { asRequestError, liveEventsUrl } from '../api/live-events';
import type { GraphQLRequestError } from '../api/graphql';
import type { StoredEnvelope } from '../audit/audit-file';

/** What the live view receives: the event as the timeline shows it, and as stored (for the download). */
export type LiveEvent = EventRecord & { envelope: StoredEnvelope };

export type ConnectionState = 'connecting' | 'live' | 'reconnecting' | 'paused' | 'refused';

const LIVE_SUBSCRIPTION = `subscription ConsoleLive($filter: EventsFilter) { events(filter: $filter) { ${EVENT_RECORD_FIELDS} envelope } }`;

/** Waits between attempts after a dropped connection: 1 s, 2 s, 4 s … at most 15 s. */
const backoff = (attempt: number) => Math.min(15_000, 1_000 * 2 ** attempt);

export interface LiveFeedOptions {
  token: string;
  /** Resume strictly after this position (the last event seen); none: from now. */
  fromPosition: string | null;
  onEvent(event: LiveEvent): void;
  onState(state: ConnectionState): void;
  /** A refused token (4403) or a refused subscription: the feed stops, the error is shown. */
  onError(error: GraphQLRequestError): void;
}

/**
 * Every event appended, live, over graphql-ws, surviving dropped connections. It keeps its own
 * client, with graphql-ws's retries off: a retried subscription would be sent again with the
 * `fromPosition` it began with, repeating what was already received (or, with none, missing what
 * was appended while the socket was down). Instead, after a drop it subscribes again with
 * `fromPosition` = the position of the last event it received: the server replays the stored
 * events strictly after it, then goes on live, so nothing is missed and nothing is repeated
 * (docs/live-events.md). An event id seen twice is dropped all the same, as a belt to those braces.
 * Returns the stop.
 */
export const startLiveFeed = (options: LiveFeedOptions): (() => void) => {
  let last = options.fromPosition;
  let stopped = false;
  let attempt = 0;
  let client: Client | null = null;
  let timer: ReturnType<typeof setTimeout> | null = null;
  const seen = new Set<string>();

  const connect = () => {
    if (stopped) return;
    options.onState(attempt === 0 ? 'connecting' : 'reconnecting');
    const current = createClient({
      url: liveEventsUrl(),
      connectionParams: { Authorization: `Bearer ${options.token}` },
      lazy: true,
      retryAttempts: 0,
      on: {
        connected: () => {
          if (stopped || client !== current) return;
          attempt = 0;
          options.onState('live');
        },
      },
    });
    client = current;
    const dropped = () => {
      void current.dispose();
      if (stopped || client !== current) return;
      client = null;
      options.onState('reconnecting');
      timer = setTimeout(connect, backoff(attempt++));
    };
    current.subscribe<{ events: LiveEvent }>(
      { query: LIVE_SUBSCRIPTION, variables: { filter: last ? { fromPosition: last } : {} } },
      {
        next: (result) => {
          if (stopped || client !== current) return;
          if (result.errors?.length) {
            stop();
            options.onState('refused');
            options.onError(asRequestError(result.errors));
            return;
          }
          const event = result.data?.events;
          if (!event || seen.has(event.id)) return;
          seen.add(event.id);
          last = event.position;
          options.onEvent(event);
        },
        error: (error) => {
          if (stopped || client !== current) return;
          const refused = asRequestError(error);
          if (refused.isUnauthenticated) {
            stop();
            options.onState('refused');
            options.onError(refused);
          } else dropped();
        },
        // The server ends a subscription only when it goes away: treat it as a drop.
        complete: () => dropped(),
      },
    );
  };

  const stop = () => {
    stopped = true;
    if (timer) clearTimeout(timer);
    void client?.dispose();
    client = null;
  };

  connect();
  return stop;
};
