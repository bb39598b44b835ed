import { createClient, type Client } from 'graphql-ws';
import { getToken, onTokenChange } from '../auth/token';
import { EVENT_RECORD_FIELDS, type EventRecord } from './event-record';
import { GRAPHQL_ENDPOINT, GraphQLRequestError } from './graphql';

/** As the schema's `EventsFilter`: every condition given must hold. */
export interface EventsFilter {
  entityId?: string;
  entityType?: string;
  types?: string[];
  /** Catch up first from just after this position, then live, with no gap. */
  fromPosition?: string;
}

const EVENTS_SUBSCRIPTION = `subscription ConsoleEvents($filter: EventsFilter) { events(filter: $filter) { ${EVENT_RECORD_FIELDS} } }`;

/** The WebSocket URL of this page's own server: ws(s)://<location.host>/graphql. */
export const liveEventsUrl = (): string => `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}${GRAPHQL_ENDPOINT}`;

let client: Client | null = null;

// The server reads the token once, when the connection opens: a new token needs a new connection.
onTokenChange(() => {
  client?.dispose();
  client = null;
});

const clientNow = (): Client => {
  client ??= createClient({
    url: liveEventsUrl(),
    // As the server reads it (src/server.ts onConnect): connectionParams.Authorization = "Bearer <token>".
    connectionParams: () => {
      const token = getToken();
      return token ? { Authorization: `Bearer ${token}` } : {};
    },
    lazy: true,
    retryAttempts: 5,
  });
  return client;
};

export const asRequestError = (error: unknown): GraphQLRequestError => {
  if (Array.isArray(error) && error.length > 0) {
    const first = error[0] as { message?: string; extensions?: { code?: string; requestId?: string } };
    return new GraphQLRequestError(first.message ?? 'subscription error', first.extensions?.code ?? 'SUBSCRIPTION_ERROR', first.extensions?.requestId ?? null, null, error);
  }
  // A refused connection (wrong or missing token) closes the socket with 4403 Forbidden.
  if (typeof CloseEvent !== 'undefined' && error instanceof CloseEvent)
    return new GraphQLRequestError(error.reason || `connection closed (${error.code})`, error.code === 4403 ? 'UNAUTHENTICATED' : 'CONNECTION_CLOSED', null, null);
  return new GraphQLRequestError(error instanceof Error ? error.message : String(error), 'CONNECTION_ERROR', null, null);
};

/**
 * Calls `onEvent` with each event appended that matches `filter`, live, over graphql-ws on this
 * page's host; `onError` with a GraphQLRequestError when the subscription fails. Returns the
 * unsubscribe.
 */
export const subscribeToEvents = (
  filter: EventsFilter,
  onEvent: (event: EventRecord) => void,
  onError: (error: GraphQLRequestError) => void = () => {},
): (() => void) =>
  clientNow().subscribe<{ events: EventRecord }>(
    { query: EVENTS_SUBSCRIPTION, variables: { filter } },
    {
      next: (result) => {
        if (result.errors?.length) onError(asRequestError(result.errors));
        else if (result.data) onEvent(result.data.events);
      },
      error: (error) => onError(asRequestError(error)),
      complete: () => {},
    },
  );
