import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { GraphQLRequestError } from '../api/graphql';
import { useGraphQL } from '../api/use-graphql';
import { EnumValue } from '../components/enum-value';
import { DateTime } from '../components/date-time';
import { GraphQLErrorView } from '../components/graphql-error-view';
import { latinDigits, parseSolarHijri, TimeSlider, type Stop } from '../components/time-slider';
import { digits, t, useLanguage, type MessageKey } from '../i18n';
import { hashOf, replaceRoute, type Route } from '../router';
import './entity-at-time.css';

type Entity = Record<string, any>;
type Show = 'text' | 'status' | 'date' | 'list' | 'ltr';
/** One row: its label, its path in the answer (`a.b` for a nested field) and how it is shown. */
type Row = [MessageKey, string, Show];

const ORG = 'entityId name';

/** Per kind: the root query field, the selection read at both points, and the rows shown. */
const KINDS: Record<string, { field: string; select: string; rows: Row[] }> = {
  meeting: {
    field: 'meeting',
    select: `entityId version title status location chair scheduledStart scheduledEnd hostOrganization { ${ORG} }`,
    rows: [
      ['entity.status', 'status', 'status'],
      ['atTime.title', 'title', 'text'],
      ['entity.province', 'hostOrganization.name', 'text'],
      ['entity.location', 'location', 'text'],
      ['entity.start', 'scheduledStart', 'date'],
      ['entity.end', 'scheduledEnd', 'date'],
      ['entity.chair', 'chair', 'text'],
    ],
  },
  resolution: {
    field: 'resolution',
    select: `entityId version title text status proposedAt adoptedAt dueDate percentComplete adoptedBy { ${ORG} } responsibleOrganization { ${ORG} } adoptedUnderDelegationId`,
    rows: [
      ['entity.status', 'status', 'status'],
      ['atTime.title', 'title', 'text'],
      ['entity.text', 'text', 'text'],
      ['atTime.adoptedBy', 'adoptedBy.name', 'text'],
      ['atTime.adoptedAt', 'adoptedAt', 'date'],
      ['timeline.underDelegation', 'adoptedUnderDelegationId', 'ltr'],
      ['entity.responsible', 'responsibleOrganization.name', 'text'],
      ['entity.dueDate', 'dueDate', 'date'],
      ['atTime.percentComplete', 'percentComplete', 'text'],
    ],
  },
  delegation: {
    field: 'delegation',
    select: `entityId version status effectiveStatus powers effectiveFrom effectiveUntil legalBasis delegator { ${ORG} } delegate { ${ORG} }`,
    rows: [
      ['entity.status', 'effectiveStatus', 'status'],
      ['entity.delegator', 'delegator.name', 'text'],
      ['entity.delegate', 'delegate.name', 'text'],
      ['entity.powers', 'powers', 'list'],
      ['entity.effectiveFrom', 'effectiveFrom', 'date'],
      ['entity.effectiveUntil', 'effectiveUntil', 'date'],
      ['entity.legalBasis', 'legalBasis', 'text'],
    ],
  },
  organization: {
    field: 'organization',
    select: `entityId version name nameEn kind country status`,
    rows: [
      ['entity.status', 'status', 'status'],
      ['entity.name', 'name', 'text'],
      ['entity.nameEn', 'nameEn', 'ltr'],
      ['entity.kind', 'kind', 'text'],
      ['entity.country', 'country', 'text'],
    ],
  },
  cooperationDocument: {
    field: 'cooperationDocument',
    select: `entityId version title documentType status counterpartCountry counterpartName subjects signedAt province { ${ORG} }`,
    rows: [
      ['entity.status', 'status', 'status'],
      ['atTime.title', 'title', 'text'],
      ['entity.documentType', 'documentType', 'text'],
      ['entity.province', 'province.name', 'text'],
      ['entity.counterpart', 'counterpartName', 'text'],
      ['entity.country', 'counterpartCountry', 'text'],
      ['entity.subjects', 'subjects', 'list'],
      ['entity.signedAt', 'signedAt', 'date'],
    ],
  },
  regionalGroup: {
    field: 'regionalGroup',
    select: `entityId version name number provinces { ${ORG} }`,
    rows: [
      ['entity.name', 'name', 'text'],
      ['entity.province', 'provinces', 'list'],
    ],
  },
};

const STOPS = `query ConsoleTimeStops($entityId: ID!) {
  history(entityId: $entityId, first: 500) { totalCount edges { node { position revision type recordedAt } } }
}`;

/** The same selection twice in one request: `then` at the chosen point, `now` as it stands. */
const atTimeQuery = (field: string, select: string) => `query ConsoleEntityAtTime($id: ID!, $asOf: DateTime, $atPosition: String) {
  then: ${field}(id: $id, asOf: $asOf, atPosition: $atPosition) { ${select} }
  now: ${field}(id: $id) { ${select} }
}`;

const valueAt = (entity: Entity | null | undefined, path: string): unknown =>
  path.split('.').reduce<unknown>((value, key) => (value && typeof value === 'object' ? (value as Entity)[key] : undefined), entity) ?? null;

const render = (value: unknown, show: Show): ComponentChildren => {
  if (value === null || value === undefined || value === '') return t('timeline.none');
  if (show === 'date') return <DateTime iso={String(value)} />;
  if (show === 'status') return <EnumValue value={String(value)} />;
  if (show === 'ltr') return <code>{String(value)}</code>;
  if (Array.isArray(value)) return value.map((item) => (item && typeof item === 'object' ? (item as Entity).name : String(item))).join('، ');
  if (typeof value === 'number') return digits(value);
  return <span dir="auto">{String(value)}</span>;
};

/** The point chosen in the address: `?at=<position>` or `?asOf=<instant or Solar Hijri date>`. */
const pointOf = (route: Route): { atPosition: string | null; asOf: string | null } => ({
  atPosition: route.query.get('at') || null,
  asOf: route.query.get('asOf') || null,
});

/** The point as variables, an absent one left out (the server takes an explicit null as absent too). */
const variablesOf = (id: string, point: { atPosition: string | null; asOf: string | null }): Record<string, string> => ({
  id,
  ...(point.atPosition !== null ? { atPosition: point.atPosition } : {}),
  ...(point.asOf !== null ? { asOf: point.asOf } : {}),
});

/** A NOT_FOUND for `then` alone: the entity did not exist yet at that point (`now` still came). */
const beforeItExisted = (error: GraphQLRequestError | null): boolean =>
  !!error && error.errors.length > 0 && error.errors.every((e) => e.extensions?.code === 'NOT_FOUND' && e.path?.[0] === 'then');

/**
 * The entity as the records stood at a point the reader picks (a stop of its own history on the
 * slider, a Solar Hijri date or a global position), the fields that differ from now highlighted.
 * The point lives in the address (`#/entity/<type>/<id>?at=<position>` or `?asOf=1403/01/02`) so
 * it can be shared.
 *
 * The differences are found by comparing the two answers (`then` and `now`, read in one request
 * with the same selection) field by field, not with `diff(entityId, from, to)`: `diff` takes
 * recorded times only, while a slider stop is a global position (several events may share an
 * instant), and comparing the answers also covers the names of related organizations as shown.
 */
export const EntityAtTime = ({ type, id, route }: { type: string; id: string; route: Route }) => {
  useLanguage();
  const kind = KINDS[type];
  const point = pointOf(route);
  const chosen = point.atPosition !== null || point.asOf !== null;
  const stops = useGraphQL<{ history: { edges: { node: Stop }[] } | null }>(STOPS, { entityId: id }, { skip: !kind });
  const answer = useGraphQL<{ then: Entity | null; now: Entity | null }>(atTimeQuery(kind?.field ?? '', kind?.select ?? ''), variablesOf(id, point), { skip: !kind || !chosen });
  // A Solar Hijri date from the address is shown back in the reader's digits.
  const dateShown = point.asOf === null ? '' : parseSolarHijri(point.asOf) ? digits(point.asOf) : point.asOf;
  const [dateText, setDateText] = useState(dateShown);
  const [positionText, setPositionText] = useState(point.atPosition ?? '');
  const [dateInvalid, setDateInvalid] = useState(false);
  useEffect(() => setDateText(dateShown), [dateShown]);
  useEffect(() => setPositionText(point.atPosition ?? ''), [point.atPosition]);
  if (!kind) return null;

  const events = stops.data?.history?.edges.map((edge) => edge.node) ?? [];
  const go = (query?: Record<string, string>) => replaceRoute(hashOf(['entity', type, id], query));
  const notYet = chosen && beforeItExisted(answer.error);
  const then = answer.data?.then ?? null;
  const now = answer.data?.now ?? (notYet ? ((answer.error?.data as { now?: Entity } | null)?.now ?? null) : null);
  // The slider's stop: the event the chosen position names, else the revision read (its version),
  // before the first stop when it did not exist yet, the last one (now) when nothing is chosen.
  const index = !chosen
    ? events.length - 1
    : notYet
      ? -1
      : point.atPosition !== null && events.some((e) => e.position === point.atPosition)
        ? events.findIndex((e) => e.position === point.atPosition)
        : then
          ? Math.min(then.version as number, events.length - 1)
          : events.length - 1;
  const state = !chosen ? 'now' : answer.loading ? 'loading' : notYet ? 'not-yet' : answer.error ? 'error' : then ? 'past' : 'loading';

  const submitDate = (event: Event) => {
    event.preventDefault();
    const parsed = parseSolarHijri(dateText);
    setDateInvalid(!parsed);
    if (parsed) go({ asOf: parsed });
  };
  const submitPosition = (event: Event) => {
    event.preventDefault();
    const text = latinDigits(positionText.trim());
    if (text) go({ at: text });
  };

  return (
    <section class="card at-time" data-testid="at-time" data-state={state}>
      <h3>{t('atTime.title.heading')}</h3>
      {stops.error && <GraphQLErrorView error={stops.error} />}
      {events.length > 0 && (
        <TimeSlider stops={events} index={index} onPick={(stop) => go({ at: stop.position })} onNow={chosen ? () => go() : undefined} />
      )}
      <div class="at-time-pickers">
        <form onSubmit={submitDate}>
          <label>
            {t('atTime.date')}{' '}
            <input
              data-testid="at-time-date"
              dir="ltr"
              placeholder={digits('1403/01/02')}
              value={dateText}
              onInput={(e) => setDateText((e.target as HTMLInputElement).value)}
              aria-invalid={dateInvalid}
            />
          </label>{' '}
          <button type="submit" data-testid="at-time-date-submit">
            {t('atTime.show')}
          </button>
          {dateInvalid && (
            <span class="at-time-invalid" data-testid="at-time-date-invalid">
              {' '}
              {t('atTime.dateInvalid')}
            </span>
          )}
        </form>
        <form onSubmit={submitPosition}>
          <label>
            {t('atTime.position')}{' '}
            <input data-testid="at-time-position" dir="ltr" value={positionText} onInput={(e) => setPositionText((e.target as HTMLInputElement).value)} />
          </label>{' '}
          <button type="submit" data-testid="at-time-position-submit">
            {t('atTime.show')}
          </button>
        </form>
      </div>

      {!chosen && <p class="muted" data-testid="at-time-hint">{t('atTime.hint')}</p>}
      {chosen && (
        <p data-testid="at-time-point">
          {point.atPosition !== null ? t('atTime.asAtPosition', { position: point.atPosition }) : t('atTime.asOfDate', { date: point.asOf ?? '' })}
        </p>
      )}
      {state === 'loading' && <p>{t('loading')}</p>}
      {state === 'error' && answer.error && <GraphQLErrorView error={answer.error} />}
      {state === 'not-yet' && (
        <p class="at-time-not-yet" role="status" data-testid="at-time-not-yet">
          {t('atTime.notYet')}
          {events[0] && (
            <>
              {' '}
              {t('atTime.firstRecorded')} <DateTime iso={events[0].recordedAt} />
            </>
          )}
        </p>
      )}
      {state === 'past' && then && (
        <dl class="fields at-time-fields" data-testid="at-time-fields" data-version={then.version}>
          {kind.rows.map(([label, path, show]) => {
            const before = valueAt(then, path);
            const current = valueAt(now, path);
            const changed = JSON.stringify(before) !== JSON.stringify(current);
            const testId = show === 'status' ? 'at-time-status' : 'at-time-field';
            return (
              <>
                <dt key={`${path}-dt`} class={changed ? 'changed' : undefined}>
                  {t(label)}
                </dt>
                <dd key={`${path}-dd`} class={changed ? 'changed' : undefined} data-testid={testId} data-path={path} data-changed={String(changed)} data-value={before === null ? '' : String(before)}>
                  {render(before, show)}
                  {changed && (
                    <span class="at-time-now" data-testid="at-time-changed">
                      {' '}
                      ({t('atTime.now')}: {render(current, show)})
                    </span>
                  )}
                </dd>
              </>
            );
          })}
          <dt>{t('entity.version')}</dt>
          <dd data-testid="at-time-version">
            {digits(then.version)}
            {now && now.version !== then.version && (
              <span class="muted">
                {' '}
                ({t('atTime.now')}: {digits(now.version)})
              </span>
            )}
          </dd>
        </dl>
      )}
    </section>
  );
};
