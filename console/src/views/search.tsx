import { useEffect, useState } from 'preact/hooks';
import { useGraphQL } from '../api/use-graphql';
import { EnumValue } from '../components/enum-value';
import { GraphQLErrorView } from '../components/graphql-error-view';
import { digits, t, useLanguage, type MessageKey } from '../i18n';
import { replaceRoute, routes, type Route } from '../router';

const PER_KIND = 20;

/**
 * One request, one alias per kind. Each list's own text filter does the folding (ی/ي, ک/ك, ZWNJ,
 * digits): the console sends what was typed, as typed.
 */
const SEARCH = `query ConsoleSearch($text: String!, $first: Int!) {
  meetingResults: meetings(filter: { text: $text }, first: $first) { totalCount edges { node { entityId title status scheduledStart } } }
  resolutionResults: resolutions(filter: { text: $text }, first: $first) { totalCount edges { node { entityId title status } } }
  delegationResults: delegations(filter: { text: $text }, first: $first) { totalCount edges { node { entityId powers status delegator { name } delegate { name } } } }
  organizationResults: organizations(filter: { name: $text }, first: $first) { totalCount edges { node { entityId name nameEn kind } } }
  cooperationDocumentResults: cooperationDocuments(filter: { text: $text }, first: $first) { totalCount edges { node { entityId title counterpartName status } } }
}`;

interface Found {
  entityId: string;
  label: string;
  detail?: string;
}
type Connection<Node> = { totalCount: number; edges: { node: Node }[] };
interface SearchData {
  meetingResults: Connection<{ entityId: string; title: string; status: string; scheduledStart: string }>;
  resolutionResults: Connection<{ entityId: string; title: string; status: string }>;
  delegationResults: Connection<{ entityId: string; powers: string[]; status: string; delegator: { name: string } | null; delegate: { name: string } | null }>;
  organizationResults: Connection<{ entityId: string; name: string; nameEn: string | null; kind: string }>;
  cooperationDocumentResults: Connection<{ entityId: string; title: string; counterpartName: string | null; status: string }>;
}

const groupsOf = (data: SearchData): { type: string; label: MessageKey; total: number; items: Found[] }[] => [
  {
    type: 'meeting',
    label: 'kind.meeting',
    total: data.meetingResults.totalCount,
    items: data.meetingResults.edges.map(({ node }) => ({ entityId: node.entityId, label: node.title, detail: node.status })),
  },
  {
    type: 'resolution',
    label: 'kind.resolution',
    total: data.resolutionResults.totalCount,
    items: data.resolutionResults.edges.map(({ node }) => ({ entityId: node.entityId, label: node.title, detail: node.status })),
  },
  {
    type: 'delegation',
    label: 'kind.delegation',
    total: data.delegationResults.totalCount,
    items: data.delegationResults.edges.map(({ node }) => ({
      entityId: node.entityId,
      label: `${node.delegator?.name ?? '?'} ← ${node.delegate?.name ?? '?'}: ${node.powers.join('، ')}`,
      detail: node.status,
    })),
  },
  {
    type: 'organization',
    label: 'kind.organization',
    total: data.organizationResults.totalCount,
    items: data.organizationResults.edges.map(({ node }) => ({ entityId: node.entityId, label: node.name, detail: node.kind })),
  },
  {
    type: 'cooperationDocument',
    label: 'kind.cooperationDocument',
    total: data.cooperationDocumentResults.totalCount,
    items: data.cooperationDocumentResults.edges.map(({ node }) => ({
      entityId: node.entityId,
      label: node.counterpartName ? `${node.title} (${node.counterpartName})` : node.title,
      detail: node.status,
    })),
  },
];

export const SearchView = ({ route }: { route: Route }) => {
  useLanguage();
  const searched = route.query.get('q') ?? '';
  const [draft, setDraft] = useState(searched);
  useEffect(() => setDraft(searched), [searched]);
  const { data, error, loading } = useGraphQL<SearchData>(SEARCH, { text: searched.trim(), first: PER_KIND }, { skip: !searched.trim() });
  const groups = data ? groupsOf(data).filter((group) => group.total > 0) : [];
  return (
    <section data-testid="view-search">
      <h2>{t('search.title')}</h2>
      <form
        class="search-form"
        role="search"
        onSubmit={(event) => {
          event.preventDefault();
          replaceRoute(routes.search(draft.trim()));
        }}
      >
        <input
          type="search"
          value={draft}
          placeholder={t('search.placeholder')}
          onInput={(event) => setDraft((event.target as HTMLInputElement).value)}
          aria-label={t('search.title')}
          data-testid="search-input"
        />
        <button type="submit" data-testid="search-submit">
          {t('search.submit')}
        </button>
      </form>
      {!searched && <p class="muted">{t('search.hint')}</p>}
      {loading && <p data-testid="loading">{t('loading')}</p>}
      {error && <GraphQLErrorView error={error} />}
      {data && groups.length === 0 && <p data-testid="search-empty">{t('search.none')}</p>}
      <div class="results" data-testid="search-results">
        {groups.map((group) => (
          <div key={group.type} class="card" data-testid={`results-${group.type}`}>
            <h3>
              {t(group.label)} <span class="muted">({digits(group.total)})</span>
            </h3>
            <ul>
              {group.items.map((item) => (
                <li key={item.entityId}>
                  <a href={routes.entity(group.type, item.entityId)} data-testid="search-result" data-type={group.type} data-id={item.entityId}>
                    {item.label}
                  </a>{' '}
                  <EnumValue value={item.detail} />
                </li>
              ))}
            </ul>
            {group.total > group.items.length && <p class="muted">{t('search.more', { n: group.total - group.items.length })}</p>}
          </div>
        ))}
      </div>
    </section>
  );
};
