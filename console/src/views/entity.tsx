import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { graphql, GraphQLRequestError } from '../api/graphql';
import { useGraphQL } from '../api/use-graphql';
import { useToken } from '../auth/token';
import { EntityAuditDownload } from '../audit/audit-download';
import { EnumValue } from '../components/enum-value';
import { DateTime } from '../components/date-time';
import { GraphQLErrorView } from '../components/graphql-error-view';
import { Timeline } from '../components/timeline';
import { digits, t, useLanguage, type MessageKey } from '../i18n';
import { routes, type Route } from '../router';
import { EntityAtTime } from './entity-at-time';

type Entity = Record<string, any>;
type Field = [MessageKey, ComponentChildren, string?];

const orgLink = (org: { entityId: string; name: string } | null | undefined) =>
  org ? <a href={routes.entity('organization', org.entityId)}>{org.name}</a> : t('timeline.none');

const ORG = 'entityId name';

/** Per kind: the query of its main fields and how they are shown. */
const KINDS: Record<string, { heading: MessageKey; query: string; title(entity: Entity): string; fields(entity: Entity): Field[] }> = {
  meeting: {
    heading: 'kind.meeting',
    query: `query ConsoleMeeting($id: ID!) { entity: meeting(id: $id) {
      entityId version title status location chair scheduledStart scheduledEnd
      hostOrganization { ${ORG} kind } regionalGroup { entityId name provinces { ${ORG} } }
    } resolutions(filter: { meetingId: $id }, first: 500) { totalCount edges { node { entityId title status } } } }`,
    title: (m) => m.title,
    fields: (m) => [
      ['entity.status', <EnumValue value={m.status} />],
      ['entity.province', orgLink(m.hostOrganization), 'entity-province'],
      ['entity.location', m.location],
      ['entity.start', <DateTime iso={m.scheduledStart} />],
      ['entity.end', <DateTime iso={m.scheduledEnd} />],
      ['entity.chair', m.chair ?? t('timeline.none')],
      ['entity.regionalGroup', m.regionalGroup ? <a href={routes.entity('regionalGroup', m.regionalGroup.entityId)}>{m.regionalGroup.name}</a> : t('timeline.none')],
    ],
  },
  resolution: {
    heading: 'kind.resolution',
    query: `query ConsoleResolution($id: ID!) { entity: resolution(id: $id) {
      entityId version title text status proposedAt adoptedAt dueDate percentComplete
      meeting { entityId title } adoptedBy { ${ORG} } responsibleOrganization { ${ORG} } adoptedUnderDelegationId
    } }`,
    title: (r) => r.title,
    fields: (r) => [
      ['entity.status', <EnumValue value={r.status} testId="entity-status" />],
      ['entity.text', <span dir="auto">{r.text}</span>],
      ['entity.meeting', r.meeting ? <a href={routes.entity('meeting', r.meeting.entityId)}>{r.meeting.title}</a> : t('timeline.none')],
      ['entity.responsible', orgLink(r.responsibleOrganization)],
      ['entity.dueDate', <DateTime iso={r.dueDate} />],
      ...(r.adoptedUnderDelegationId
        ? ([['timeline.underDelegation', <a href={routes.entity('delegation', r.adoptedUnderDelegationId)}>{r.adoptedUnderDelegationId}</a>]] as Field[])
        : []),
    ],
  },
  delegation: {
    heading: 'kind.delegation',
    query: `query ConsoleDelegation($id: ID!) { entity: delegation(id: $id) {
      entityId version status effectiveStatus powers effectiveFrom effectiveUntil legalBasis conditions
      delegator { ${ORG} } delegate { ${ORG} } parentDelegationId
    } }`,
    title: (d) => `${d.delegator?.name ?? '?'} ← ${d.delegate?.name ?? '?'}`,
    fields: (d) => [
      ['entity.status', <EnumValue value={d.effectiveStatus} />],
      ['entity.delegator', orgLink(d.delegator)],
      ['entity.delegate', orgLink(d.delegate)],
      ['entity.powers', d.powers.join('، ')],
      ['entity.effectiveFrom', <DateTime iso={d.effectiveFrom} />],
      ['entity.effectiveUntil', <DateTime iso={d.effectiveUntil} />],
      ['entity.legalBasis', d.legalBasis ?? t('timeline.none')],
    ],
  },
  organization: {
    heading: 'kind.organization',
    query: `query ConsoleOrganization($id: ID!) { entity: organization(id: $id) { entityId version name nameEn kind country status parent { ${ORG} } } }`,
    title: (o) => o.name,
    fields: (o) => [
      ['entity.kind', o.kind],
      ['entity.nameEn', <span dir="ltr">{o.nameEn ?? t('timeline.none')}</span>],
      ['entity.country', o.country ?? t('timeline.none')],
      ['entity.status', <EnumValue value={o.status} />],
    ],
  },
  cooperationDocument: {
    heading: 'kind.cooperationDocument',
    query: `query ConsoleCooperationDocument($id: ID!) { entity: cooperationDocument(id: $id) {
      entityId version title documentType status counterpartCountry counterpartName subjects signedAt province { ${ORG} }
    } }`,
    title: (c) => c.title,
    fields: (c) => [
      ['entity.status', <EnumValue value={c.status} />],
      ['entity.documentType', c.documentType],
      ['entity.province', orgLink(c.province)],
      ['entity.counterpart', `${c.counterpartName ?? ''} (${c.counterpartCountry})`],
      ['entity.subjects', c.subjects.join('، ')],
      ['entity.signedAt', <DateTime iso={c.signedAt} />],
    ],
  },
  regionalGroup: {
    heading: 'entity.regionalGroup',
    query: `query ConsoleRegionalGroup($id: ID!) { entity: regionalGroup(id: $id) { entityId version name number provinces { ${ORG} } missions { ${ORG} } } }`,
    title: (g) => g.name,
    fields: (g) => [['entity.province', g.provinces.map((p: Entity) => p.name).join('، ')]],
  },
};

const OUTCOMES_PAGE = 100;
const OUTCOMES = `query ConsoleOutcomes($id: ID!, $first: Int!, $after: String) { meeting(id: $id) {
  outcomes(first: $first, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { node { itemId kind text status } } }
} }`;

interface Outcome {
  itemId: string;
  kind: string;
  text: string;
  status: string;
}
interface OutcomesPage {
  meeting: { outcomes: { totalCount: number; pageInfo: { hasNextPage: boolean; endCursor: string | null }; edges: { node: Outcome }[] } } | null;
}

/** A meeting's outcomes with their count, paged through `outcomes(first, after)`. */
const MeetingOutcomes = ({ meetingId }: { meetingId: string }) => {
  const token = useToken();
  const [outcomes, setOutcomes] = useState<Outcome[]>([]);
  const [total, setTotal] = useState<number | null>(null);
  const [next, setNext] = useState<string | null>(null);
  const [error, setError] = useState<GraphQLRequestError | null>(null);
  const load = async (after: string | null, replace: boolean) => {
    try {
      const { meeting } = await graphql<OutcomesPage>(OUTCOMES, { id: meetingId, first: OUTCOMES_PAGE, after });
      if (!meeting) return;
      const nodes = meeting.outcomes.edges.map((edge) => edge.node);
      setOutcomes((previous) => (replace ? nodes : [...previous, ...nodes]));
      setTotal(meeting.outcomes.totalCount);
      setNext(meeting.outcomes.pageInfo.hasNextPage ? meeting.outcomes.pageInfo.endCursor : null);
    } catch (caught) {
      setError(caught instanceof GraphQLRequestError ? caught : new GraphQLRequestError(String(caught), 'CLIENT_ERROR', null, null));
    }
  };
  useEffect(() => {
    void load(null, true);
  }, [meetingId, token]);
  return (
    <section class="card" data-testid="outcomes">
      <h3>
        {t('entity.outcomes')}{' '}
        {total !== null && (
          <span class="muted">
            ({t('entity.outcomeCount')}: <span data-testid="outcome-count" data-count={total}>{digits(total)}</span>)
          </span>
        )}
      </h3>
      {error && <GraphQLErrorView error={error} />}
      <ol class="outcomes">
        {outcomes.map((outcome) => (
          <li key={outcome.itemId} data-testid="outcome" data-kind={outcome.kind}>
            <EnumValue value={outcome.kind} /> <span dir="auto">{outcome.text}</span>
          </li>
        ))}
      </ol>
      {next && (
        <button type="button" onClick={() => void load(next, false)} data-testid="outcomes-more">
          {t('entity.moreOutcomes')}
        </button>
      )}
    </section>
  );
};

export const EntityView = ({ route }: { route: Route }) => {
  useLanguage();
  const [type, id] = route.params;
  const kind = KINDS[type];
  const { data, error, loading } = useGraphQL<{ entity: Entity | null; resolutions?: { totalCount: number; edges: { node: Entity }[] } }>(
    kind?.query ?? '',
    { id },
    { skip: !kind || !id },
  );
  if (!kind || !id)
    return (
      <section data-testid="view-entity">
        <p>
          {t('entity.unknownType')}: <code>{type}</code>
        </p>
      </section>
    );
  const entity = data?.entity;
  return (
    <section data-testid="view-entity" data-type={type} data-id={id}>
      <p class="muted">{t(kind.heading)}</p>
      {loading && !data && <p>{t('loading')}</p>}
      {error && <GraphQLErrorView error={error} />}
      {data && !entity && <p>{t('entity.notFound')}</p>}
      {entity && (
        <>
          <h2 data-testid="entity-title" dir="auto">
            {kind.title(entity)}
          </h2>
          <div class="card">
            <dl class="fields" data-testid="entity-fields">
              {kind.fields(entity).map(([label, value, testId]) => (
                <>
                  <dt key={`${label}-dt`}>{t(label)}</dt>
                  <dd key={`${label}-dd`} data-testid={testId}>
                    {value}
                  </dd>
                </>
              ))}
              <dt>{t('entity.version')}</dt>
              <dd data-testid="entity-version">{digits(entity.version)}</dd>
            </dl>
          </div>
          <EntityAtTime type={type} id={id} route={route} />
          {type === 'meeting' && <MeetingOutcomes meetingId={id} />}
          {data?.resolutions && data.resolutions.totalCount > 0 && (
            <section class="card" data-testid="meeting-resolutions">
              <h3>
                {t('entity.resolutions')} <span class="muted">({digits(data.resolutions.totalCount)})</span>
              </h3>
              <ul>
                {data.resolutions.edges.map(({ node }) => (
                  <li key={node.entityId}>
                    <a href={routes.entity('resolution', node.entityId)} data-testid="resolution-link" data-id={node.entityId}>
                      {node.title}
                    </a>{' '}
                    <EnumValue value={node.status} />
                  </li>
                ))}
              </ul>
            </section>
          )}
          <Timeline entityId={id} />
          <EntityAuditDownload entityType={type} entityId={id} />
        </>
      )}
    </section>
  );
};
