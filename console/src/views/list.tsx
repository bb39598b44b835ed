import { useLoader } from '../api/use-loader';
import { isAcknowledgedDuplicate, loadDocuments, loadPlacedResolutions, type DocumentRow, type Placed } from '../api/oversight';
import { GraphQLErrorView } from '../components/graphql-error-view';
import { digits, t, useLanguage } from '../i18n';
import { routes, type Route } from '../router';
import { DocumentTable, ResolutionTable, statusLabel } from './dashboard';

/**
 * `#/list/resolutions?status=&province=&workingGroup=&overdue=true` and
 * `#/list/cooperationDocuments?reviewOverdue=true|duplicates=true`: the records behind a
 * dashboard number, each linking to its entity page. `status` and `reviewOverdue` are server
 * filters; province, working group, overdue and duplicates are applied here (see api/oversight.ts).
 */
export const ListView = ({ route }: { route: Route }) => {
  useLanguage();
  const kind = route.params[0];
  const query = route.query;
  const key = `${kind}?${query.toString()}`;
  const loaded = useLoader<{ resolutions?: Placed[]; documents?: DocumentRow[]; titles?: Map<string, string> }>(async () => {
    if (kind === 'resolutions') {
      const status = query.get('status') ?? undefined;
      const province = query.get('province');
      const workingGroup = query.get('workingGroup');
      const overdue = query.get('overdue') === 'true';
      const rows = await loadPlacedResolutions(status);
      return {
        resolutions: rows.filter(
          (row) => (!province || row.provinceId === province) && (!workingGroup || row.workingGroupId === workingGroup) && (!overdue || row.overdue),
        ),
      };
    }
    if (kind === 'cooperationDocuments') {
      const reviewOverdue = query.get('reviewOverdue');
      const rows = await loadDocuments(reviewOverdue === null ? null : { reviewOverdue: reviewOverdue === 'true' });
      return {
        documents: query.get('duplicates') === 'true' ? rows.filter(isAcknowledgedDuplicate) : rows,
        titles: new Map(rows.map((row) => [row.entityId, row.title])),
      };
    }
    return {};
  }, key);
  const known = kind === 'resolutions' || kind === 'cooperationDocuments';
  const rows = loaded.data?.resolutions ?? loaded.data?.documents;
  // The filters as a person reads them: a status by its name, the rest as given.
  const filters = [...query.entries()].map(([name, value]) => (name === 'status' ? statusLabel(value) : `${name}: ${value}`));
  const first = loaded.data?.resolutions?.[0];
  const groupName = first ? (query.get('province') ? first.provinceName : query.get('workingGroup') ? first.workingGroupName : null) : null;
  return (
    <section data-testid="view-list" data-kind={kind}>
      <p>
        <a href={routes.dashboard()} data-testid="back-to-dashboard">
          {t('list.back')}
        </a>
      </p>
      {!known ? (
        <p data-testid="list-unknown">{t('list.unknown')}</p>
      ) : (
        <>
          <h2>
            {t(kind === 'resolutions' ? 'list.title.resolutions' : 'list.title.cooperationDocuments')}
            {groupName ? ` · ${groupName}` : ''}
          </h2>
          {filters.length > 0 && (
            <p class="muted" data-testid="list-filters">
              {t('list.filters')}: {filters.join(' · ')}
            </p>
          )}
          {loaded.loading && <p data-testid="loading">{t('loading')}</p>}
          {loaded.error && <GraphQLErrorView error={loaded.error} />}
          {rows && !loaded.loading && (
            <p data-testid="list-count" data-count={rows.length}>
              {t('list.count', { n: digits(rows.length) })}
            </p>
          )}
          {!loaded.loading && loaded.data?.resolutions && <ResolutionTable rows={loaded.data.resolutions} testId="list-table" />}
          {!loaded.loading && loaded.data?.documents && (
            <DocumentTable rows={loaded.data.documents} testId="list-table" duplicates={query.get('duplicates') === 'true'} titles={loaded.data.titles} />
          )}
        </>
      )}
    </section>
  );
};
