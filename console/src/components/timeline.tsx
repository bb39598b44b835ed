import { useEffect, useState } from 'preact/hooks';
import { EVENT_RECORD_FIELDS, underDelegationOf, type EventRecord, type FieldChange } from '../api/event-record';
import { graphql, GraphQLRequestError } from '../api/graphql';
import { useToken } from '../auth/token';
import { digits, language, t, useLanguage } from '../i18n';
import { routes } from '../router';
import { DateTime } from './date-time';
import { GraphQLErrorView } from './graphql-error-view';

const PAGE = 100;

const HISTORY = `query ConsoleHistory($entityId: ID!, $first: Int!, $after: String) {
  history(entityId: $entityId, first: $first, after: $after) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { node { ${EVENT_RECORD_FIELDS} } }
  }
}`;

interface HistoryPage {
  history: { totalCount: number; pageInfo: { hasNextPage: boolean; endCursor: string | null }; edges: { node: EventRecord }[] } | null;
}

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

/** A JSON value as a reader sees it: an instant as a date of the reader's calendar, text as itself, anything else as compact JSON. */
const Shown = ({ value }: { value: unknown }) =>
  value === null || value === undefined ? (
    <span class="muted">∅</span>
  ) : typeof value === 'string' && ISO_INSTANT.test(value) ? (
    <DateTime iso={value} />
  ) : (
    <>{typeof value === 'string' ? value : JSON.stringify(value)}</>
  );

const Changes = ({ changes }: { changes: FieldChange[] }) => (
  <table class="changes" data-testid="event-changes">
    <tbody>
      {changes.map((change) => (
        <tr key={change.path} data-testid="field-change" data-path={change.path}>
          <th>
            <code>{change.path}</code>
          </th>
          <td class="before" dir="auto" data-testid="change-before">
            <Shown value={change.before} />
          </td>
          {/* Before, then after, in the reading direction: the arrow points the way the eye moves. */}
          <td aria-hidden="true" class="arrow">
            {language() === 'fa' ? '←' : '→'}
          </td>
          <td class="after" dir="auto" data-testid="change-after">
            <Shown value={change.after} />
          </td>
        </tr>
      ))}
    </tbody>
  </table>
);

/** One event of a timeline: what, who (name and role), when it happened and was recorded, why, from which request, under which delegation, what changed. */
export const TimelineItem = ({ event }: { event: EventRecord }) => {
  const underDelegation = underDelegationOf(event);
  return (
    <li data-testid="timeline-item" data-event-type={event.type} data-revision={event.revision} data-position={event.position}>
      <div>
        <span class="event-type" data-testid="event-type">
          {event.type}
        </span>{' '}
        <span class="muted">
          {t('timeline.revision')} {digits(event.revision)}
        </span>
      </div>
      <div class="event-meta">
        <span data-testid="event-actor">
          {t('timeline.actor')}: {event.actor.name} (<span data-testid="event-actor-role">{event.actor.role}</span>)
        </span>
        <span>
          {t('timeline.occurredAt')}: <DateTime iso={event.occurredAt} testId="event-occurred-at" />
        </span>
        <span>
          {t('timeline.recordedAt')}: <DateTime iso={event.recordedAt} testId="event-recorded-at" />
        </span>
        {event.correlationId && (
          <span>
            {t('timeline.requestId')}: <code data-testid="event-request-id">{event.correlationId}</code>
          </span>
        )}
        {underDelegation && (
          <span data-testid="event-under-delegation">
            {t('timeline.underDelegation')}: <a href={routes.entity('delegation', underDelegation)}>{underDelegation.slice(0, 8)}</a>
          </span>
        )}
      </div>
      {event.reason && (
        <div data-testid="event-reason">
          {t('timeline.reason')}: {event.reason}
        </div>
      )}
      {event.changes.length > 0 && <Changes changes={event.changes} />}
    </li>
  );
};

/** Every event of one entity, oldest first, paged through `history(entityId)`. */
export const Timeline = ({ entityId }: { entityId: string }) => {
  useLanguage();
  const token = useToken();
  const [events, setEvents] = useState<EventRecord[]>([]);
  const [total, setTotal] = useState<number | null>(null);
  const [next, setNext] = useState<string | null>(null);
  const [error, setError] = useState<GraphQLRequestError | null>(null);
  const [loading, setLoading] = useState(true);

  const load = async (after: string | null, replace: boolean) => {
    setLoading(true);
    try {
      const { history } = await graphql<HistoryPage>(HISTORY, { entityId, first: PAGE, after });
      const nodes = history?.edges.map((edge) => edge.node) ?? [];
      setEvents((previous) => (replace ? nodes : [...previous, ...nodes]));
      setTotal(history?.totalCount ?? 0);
      setNext(history?.pageInfo.hasNextPage ? history.pageInfo.endCursor : null);
      setError(null);
    } catch (caught) {
      setError(caught instanceof GraphQLRequestError ? caught : new GraphQLRequestError(String(caught), 'CLIENT_ERROR', null, null));
    } finally {
      setLoading(false);
    }
  };
  useEffect(() => {
    void load(null, true);
  }, [entityId, token]);

  return (
    <section class="card" data-testid="timeline">
      <h3>
        {t('timeline.title')} {total !== null && <span class="muted" data-testid="timeline-count">({digits(total)})</span>}
      </h3>
      {error && <GraphQLErrorView error={error} />}
      {!loading && !error && events.length === 0 && <p>{t('timeline.empty')}</p>}
      <ol class="timeline">
        {events.map((event) => (
          <TimelineItem key={event.id} event={event} />
        ))}
      </ol>
      {loading && <p>{t('loading')}</p>}
      {next && !loading && (
        <button type="button" onClick={() => void load(next, false)} data-testid="timeline-more">
          {t('timeline.more')}
        </button>
      )}
    </section>
  );
};
