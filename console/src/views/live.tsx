import { useEffect, useState } from 'preact/hooks';
import type { EventRecord } from '../api/event-record';
import type { GraphQLRequestError } from '../api/graphql';
import { subscribeToEvents } from '../api/live-events';
import { useToken } from '../auth/token';
import { GraphQLErrorView } from '../components/graphql-error-view';
import { TimelineItem } from '../components/timeline';
import { t, useLanguage } from '../i18n';
import type { Route } from '../router';

/** The events appended while the page is open, newest first (a first cut: the live view is built out in this file). */
export const LiveView = (_props: { route: Route }) => {
  useLanguage();
  const token = useToken();
  const [events, setEvents] = useState<EventRecord[]>([]);
  const [error, setError] = useState<GraphQLRequestError | null>(null);
  useEffect(() => {
    if (!token) return;
    setError(null);
    return subscribeToEvents({}, (event) => setEvents((previous) => [event, ...previous].slice(0, 200)), setError);
  }, [token]);
  return (
    <section data-testid="view-live">
      <h2>{t('nav.live')}</h2>
      {error && <GraphQLErrorView error={error} />}
      <ol class="timeline" data-testid="live-events">
        {events.map((event) => (
          <TimelineItem key={event.id} event={event} />
        ))}
      </ol>
    </section>
  );
};
