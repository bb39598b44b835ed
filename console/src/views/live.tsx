import { useEffect, useRef, useState } from 'preact/hooks';
import { graphql, GraphQLRequestError } from '../api/graphql';
import { useToken } from '../auth/token';
import { AuditDownload } from '../audit/audit-download';
import { DateTime } from '../components/date-time';
import { GraphQLErrorView } from '../components/graphql-error-view';
import { startLiveFeed, type ConnectionState, type LiveEvent } from '../live/live-feed';
import { digits, t, useLanguage, type MessageKey } from '../i18n';
import { ENTITY_TYPES, routes, type Route } from '../router';
import '../live/live.css';

const STATE_LABELS: Record<ConnectionState, MessageKey> = {
  connecting: 'live.state.connecting',
  live: 'live.state.live',
  reconnecting: 'live.state.reconnecting',
  paused: 'live.state.paused',
  refused: 'live.state.refused',
};

const HEAD = '{ ledgerHead { position } }';

const asRequestError = (caught: unknown): GraphQLRequestError =>
  caught instanceof GraphQLRequestError ? caught : new GraphQLRequestError(String(caught), 'CLIENT_ERROR', null, null);

const LiveItem = ({ event }: { event: LiveEvent }) => (
  <li data-testid="live-event" data-event-type={event.type} data-entity-id={event.entityId} data-position={event.position}>
    <div class="event-head">
      <span class="event-type" data-testid="live-event-type">
        {event.type}
      </span>{' '}
      {(ENTITY_TYPES as readonly string[]).includes(event.entityType) ? (
        <a href={routes.entity(event.entityType, event.entityId)} data-testid="live-event-entity">
          {event.entityType} {event.entityId.slice(0, 8)}
        </a>
      ) : (
        <span class="muted" data-testid="live-event-entity">
          {event.entityType} {event.entityId.slice(0, 8)}
        </span>
      )}{' '}
      <span class="muted">
        {t('timeline.revision')} {digits(event.revision)}
      </span>
    </div>
    <div class="event-meta">
      <span data-testid="live-event-actor">
        {t('timeline.actor')}: {event.actor.name} (<span data-testid="live-event-actor-role">{event.actor.role}</span>)
      </span>
      <span>
        {t('timeline.recordedAt')}: <DateTime iso={event.recordedAt} testId="live-event-recorded-at" />
      </span>
    </div>
    {event.reason && (
      <div data-testid="live-event-reason" dir="auto">
        {t('timeline.reason')}: {event.reason}
      </div>
    )}
  </li>
);

/**
 * `#/live`: every event as it is appended, newest on top, from the moment the view opened. The
 * feed (live/live-feed.ts) resumes after a dropped connection, and after a pause, from the last
 * position seen, so the list has no gap and no event twice; the filter by entity type only hides
 * rows, so switching it back shows what arrived meanwhile. The download writes the rows shown.
 */
export const LiveView = (_props: { route: Route }) => {
  useLanguage();
  const token = useToken();
  const [events, setEvents] = useState<LiveEvent[]>([]);
  const [state, setState] = useState<ConnectionState>('connecting');
  const [error, setError] = useState<GraphQLRequestError | null>(null);
  const [paused, setPaused] = useState(false);
  const [entityType, setEntityType] = useState('');
  /** The last position seen (or the log's head when the view opened): where the feed resumes. */
  const last = useRef<string | null>(null);
  const started = useRef(false);

  useEffect(() => {
    setError(null);
    if (!token) return;
    if (paused) {
      setState('paused');
      return;
    }
    let stop: (() => void) | null = null;
    let cancelled = false;
    const start = async () => {
      setState('connecting');
      if (!started.current) {
        // The log's end when the view opens, read over HTTP (a refused token shows here at once).
        try {
          const { ledgerHead } = await graphql<{ ledgerHead: { position: string } | null }>(HEAD);
          last.current = ledgerHead?.position ?? null;
          started.current = true;
        } catch (caught) {
          if (!cancelled) {
            setError(asRequestError(caught));
            setState('refused');
          }
          return;
        }
      }
      if (cancelled) return;
      stop = startLiveFeed({
        token,
        fromPosition: last.current,
        onEvent: (event) => {
          last.current = event.position;
          setEvents((previous) => [...previous, event]);
        },
        onState: setState,
        onError: setError,
      });
    };
    void start();
    return () => {
      cancelled = true;
      stop?.();
    };
  }, [token, paused]);

  const shown = entityType ? events.filter((event) => event.entityType === entityType) : events;
  return (
    <section data-testid="view-live">
      <h2>{t('nav.live')}</h2>
      <div class="live-controls">
        <span class={`live-state ${state}`} data-testid="live-state" data-state={token ? state : 'none'} role="status">
          {token ? t(STATE_LABELS[state]) : t('token.none')}
        </span>
        <button type="button" onClick={() => setPaused(!paused)} disabled={!token} data-testid="live-pause" data-paused={paused ? 'true' : 'false'}>
          {paused ? t('live.resume') : t('live.pause')}
        </button>
        <label>
          <span>{t('live.entityType')}</span>{' '}
          <select value={entityType} onChange={(event) => setEntityType((event.target as HTMLSelectElement).value)} data-testid="live-entity-type">
            <option value="">{t('live.allTypes')}</option>
            {ENTITY_TYPES.map((type) => (
              <option key={type} value={type}>
                {type}
              </option>
            ))}
          </select>
        </label>
        <span class="muted" data-testid="live-count" data-count={shown.length}>
          {t('live.count', { n: shown.length })}
        </span>
      </div>
      {error && <GraphQLErrorView error={error} />}
      <AuditDownload baseName={`daftar-live-${new Date().toISOString().replace(/[:.]/g, '-')}`} envelopes={() => shown.map((event) => event.envelope)} testId="live-download" />
      {token && shown.length === 0 && !error && <p class="muted">{t('live.waiting')}</p>}
      <ol class="timeline live" data-testid="live-events">
        {[...shown].reverse().map((event) => (
          <LiveItem key={event.id} event={event} />
        ))}
      </ol>
    </section>
  );
};
