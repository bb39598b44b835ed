import { useGraphQL } from '../api/use-graphql';
import { useLoader } from '../api/use-loader';
import {
  isAcknowledgedDuplicate,
  loadDocuments,
  loadPlacedResolutions,
  NONE,
  RESOLUTION_STATUSES,
  TOTALS,
  type DocumentRow,
  type Placed,
  type Totals,
} from '../api/oversight';
import { DateTime } from '../components/date-time';
import { GraphQLErrorView } from '../components/graphql-error-view';
import { Legend, StackedBars, type BarRow } from '../components/stacked-bars';
import { digits, t, useLanguage, type MessageKey } from '../i18n';
import { listRoute, routes, type Route } from '../router';
import './dashboard.css';

export const STATUS_COLORS: Record<string, string> = {
  PROPOSED: '#8fa9c4',
  ADOPTED: '#0b5c7a',
  IMPLEMENTED: '#1f7a3a',
  REJECTED: '#a3261b',
  WITHDRAWN: '#b08a2e',
  SUPERSEDED: '#6b5b95',
};

export const statusLabel = (status: string): string => t(`status.${status}` as MessageKey);
export const documentStatusLabel = (status: string): string => t(`docStatus.${status}` as MessageKey);

type Grouping = 'province' | 'workingGroup';

/** Resolutions counted per group and status; a group's label is its name (or "no …"). */
const groupBy = (rows: Placed[], grouping: Grouping) => {
  const groups = new Map<string, { key: string; label: string; counts: Record<string, number>; total: number }>();
  for (const row of rows) {
    const key = grouping === 'province' ? row.provinceId : row.workingGroupId;
    const name = grouping === 'province' ? row.provinceName : row.workingGroupName;
    const group = groups.get(key) ?? { key, label: name ?? t(grouping === 'province' ? 'dash.noProvince' : 'dash.noWorkingGroup'), counts: {}, total: 0 };
    group.counts[row.status] = (group.counts[row.status] ?? 0) + 1;
    group.total += 1;
    groups.set(key, group);
  }
  // Named groups by size, the "no …" group last.
  return [...groups.values()].sort((a, b) => Number(a.key === NONE) - Number(b.key === NONE) || b.total - a.total || a.label.localeCompare(b.label, 'fa'));
};

const CountLink = ({ href, count, testId, data = {} }: { href: string; count: number; testId: string; data?: Record<string, string> }) => (
  <a href={href} class={count ? 'count' : 'count zero'} data-testid={testId} data-count={count} {...Object.fromEntries(Object.entries(data).map(([k, v]) => [`data-${k}`, v]))}>
    {digits(count)}
  </a>
);

const GroupedResolutions = ({ rows, grouping }: { rows: Placed[]; grouping: Grouping }) => {
  const groups = groupBy(rows, grouping);
  const statuses = RESOLUTION_STATUSES.filter((status) => rows.some((row) => row.status === status));
  const shown = statuses.length ? statuses : RESOLUTION_STATUSES.slice(0, 2);
  const href = (key: string, status?: string) => listRoute('resolutions', { ...(status ? { status } : {}), [grouping]: key });
  const bars: BarRow[] = groups.map((group) => ({
    key: group.key,
    label: group.label,
    segments: shown.map((status) => ({ key: status, label: statusLabel(status), count: group.counts[status] ?? 0, href: href(group.key, status) })),
  }));
  const title = t(grouping === 'province' ? 'dash.byProvince' : 'dash.byWorkingGroup');
  return (
    <div class="card" data-testid={`section-${grouping}`}>
      <h3>{title}</h3>
      <p class="muted">{t(grouping === 'province' ? 'dash.provinceNote' : 'dash.workingGroupNote')}</p>
      {groups.length === 0 ? (
        <p class="muted">{t('dash.none')}</p>
      ) : (
        <>
          <StackedBars rows={bars} colors={STATUS_COLORS} testId={`chart-${grouping}`} title={title} />
          <Legend items={shown.map((status) => ({ key: status, label: statusLabel(status), color: STATUS_COLORS[status] }))} />
          <table class="counts" data-testid={`table-${grouping}`}>
            <thead>
              <tr>
                <th>{t(grouping === 'province' ? 'dash.province' : 'dash.workingGroup')}</th>
                {shown.map((status) => (
                  <th key={status}>{statusLabel(status)}</th>
                ))}
                <th>{t('dash.total')}</th>
              </tr>
            </thead>
            <tbody>
              {groups.map((group) => (
                <tr key={group.key} data-key={group.key}>
                  <th scope="row">{group.label}</th>
                  {shown.map((status) => (
                    <td key={status}>
                      <CountLink href={href(group.key, status)} count={group.counts[status] ?? 0} testId="count-link" data={{ status, [grouping]: group.key }} />
                    </td>
                  ))}
                  <td>
                    <CountLink href={href(group.key)} count={group.total} testId="count-link" data={{ [grouping]: group.key }} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </div>
  );
};

export const ResolutionTable = ({ rows, testId }: { rows: Placed[]; testId: string }) => (
  <table class="records" data-testid={testId}>
    <thead>
      <tr>
        <th>{t('dash.title.col')}</th>
        <th>{t('dash.status')}</th>
        <th>{t('dash.province')}</th>
        <th>{t('dash.workingGroup')}</th>
        <th>{t('dash.dueDate')}</th>
        <th>{t('dash.responsible')}</th>
      </tr>
    </thead>
    <tbody>
      {rows.map((row) => (
        <tr key={row.entityId} data-testid="list-row" data-id={row.entityId} data-status={row.status}>
          <td>
            <a href={routes.entity('resolution', row.entityId)} data-testid="entity-link">
              {row.title}
            </a>
          </td>
          <td>
            <span class="status">{statusLabel(row.status)}</span>
          </td>
          <td>{row.provinceName ?? '—'}</td>
          <td>{row.workingGroupName ?? '—'}</td>
          <td>{row.dueDate ? <DateTime iso={row.dueDate} /> : '—'}</td>
          <td>{row.responsibleOrganization?.name ?? '—'}</td>
        </tr>
      ))}
    </tbody>
  </table>
);

export const DocumentTable = ({
  rows,
  testId,
  duplicates,
  titles = new Map(),
}: {
  rows: DocumentRow[];
  testId: string;
  duplicates?: boolean;
  /** Titles of the documents a duplicate was acknowledged against, by id. */
  titles?: Map<string, string>;
}) => (
  <table class="records" data-testid={testId}>
    <thead>
      <tr>
        <th>{t('dash.title.col')}</th>
        <th>{t('dash.province')}</th>
        <th>{t('dash.counterpart')}</th>
        <th>{t('dash.status')}</th>
        {duplicates ? (
          <>
            <th>{t('dash.duplicateOf')}</th>
            <th>{t('dash.justification')}</th>
          </>
        ) : (
          <th>{t('dash.reviewDueAt')}</th>
        )}
      </tr>
    </thead>
    <tbody>
      {rows.map((row) => (
        <tr key={row.entityId} data-testid="list-row" data-id={row.entityId}>
          <td>
            <a href={routes.entity('cooperationDocument', row.entityId)} data-testid="entity-link">
              {row.title}
            </a>
          </td>
          <td>{row.province?.name ?? '—'}</td>
          <td>
            {row.counterpartName ?? '—'} <span class="muted">({row.counterpartCountry})</span>
          </td>
          <td>
            <span class="status">{documentStatusLabel(row.status)}</span>
          </td>
          {duplicates ? (
            <>
              <td>
                {(row.acknowledgedDuplicateOf ?? []).map((id, index) => (
                  <a key={id} href={routes.entity('cooperationDocument', id)} data-testid="duplicate-of" data-id={id}>
                    {index > 0 ? '، ' : ''}
                    {titles.get(id) ?? id.slice(0, 8)}
                  </a>
                ))}
              </td>
              <td data-testid="justification">{row.justification ?? '—'}</td>
            </>
          ) : (
            <td>{row.reviewDueAt ? <DateTime iso={row.reviewDueAt} /> : '—'}</td>
          )}
        </tr>
      ))}
    </tbody>
  </table>
);

interface Loaded {
  resolutions: Placed[];
  reviewOverdue: DocumentRow[];
  duplicates: DocumentRow[];
  titles: Map<string, string>;
}

const loadDashboard = async (): Promise<Loaded> => {
  const [resolutions, reviewOverdue, all] = await Promise.all([loadPlacedResolutions(), loadDocuments({ reviewOverdue: true }), loadDocuments(null)]);
  return { resolutions, reviewOverdue, duplicates: all.filter(isAcknowledgedDuplicate), titles: new Map(all.map((row) => [row.entityId, row.title])) };
};

/**
 * `#/dashboard`: resolutions by status (the API's totals), per province and per working group
 * (grouped here: see api/oversight.ts), overdue resolutions, documents due for review and the
 * duplicates acknowledged. Every number links to `#/list/…`, which lists the records behind it.
 */
export const DashboardView = (_props: { route: Route }) => {
  useLanguage();
  const totals = useGraphQL<Totals>(TOTALS);
  const loaded = useLoader(loadDashboard, 'dashboard');
  const error = totals.error ?? loaded.error;
  const totalCount = totals.data ? RESOLUTION_STATUSES.reduce((sum, status) => sum + totals.data![status].totalCount, 0) : null;
  const overdue = loaded.data?.resolutions.filter((row) => row.overdue) ?? [];
  return (
    <section data-testid="view-dashboard">
      <h2>{t('dash.title')}</h2>
      <p class="muted">{t('dash.intro')}</p>
      {error && <GraphQLErrorView error={error} />}
      {(totals.loading || loaded.loading) && <p data-testid="loading">{t('loading')}</p>}
      {totals.data && (
        <div class="card" data-testid="section-status">
          <h3>{t('dash.byStatus')}</h3>
          <StackedBars
            testId="chart-status"
            title={t('dash.byStatus')}
            colors={STATUS_COLORS}
            rows={[
              {
                key: 'all',
                label: t('dash.total'),
                segments: RESOLUTION_STATUSES.map((status) => ({
                  key: status,
                  label: statusLabel(status),
                  count: totals.data![status].totalCount,
                  href: listRoute('resolutions', { status }),
                })),
              },
            ]}
          />
          <Legend items={RESOLUTION_STATUSES.map((status) => ({ key: status, label: statusLabel(status), color: STATUS_COLORS[status] }))} />
          <table class="counts" data-testid="table-status">
            <thead>
              <tr>
                {RESOLUTION_STATUSES.map((status) => (
                  <th key={status}>{statusLabel(status)}</th>
                ))}
                <th>{t('dash.total')}</th>
              </tr>
            </thead>
            <tbody>
              <tr>
                {RESOLUTION_STATUSES.map((status) => (
                  <td key={status}>
                    <CountLink href={listRoute('resolutions', { status })} count={totals.data![status].totalCount} testId="status-count" data={{ status }} />
                  </td>
                ))}
                <td>
                  <CountLink href={listRoute('resolutions')} count={totalCount!} testId="status-count-total" />
                </td>
              </tr>
            </tbody>
          </table>
          {loaded.data && totalCount !== loaded.data.resolutions.length && (
            <p class="error" data-testid="count-mismatch">
              {t('dash.mismatch', { grouped: loaded.data.resolutions.length, total: totalCount! })}
            </p>
          )}
        </div>
      )}
      {loaded.data && (
        <>
          <GroupedResolutions rows={loaded.data.resolutions} grouping="province" />
          <GroupedResolutions rows={loaded.data.resolutions} grouping="workingGroup" />
          <div class="card" data-testid="section-overdue">
            <h3>
              {t('dash.overdue')}{' '}
              <CountLink href={listRoute('resolutions', { overdue: 'true' })} count={overdue.length} testId="count-overdue" />
            </h3>
            <p class="muted">{t('dash.overdueNote')}</p>
            {overdue.length ? <ResolutionTable rows={overdue} testId="table-overdue" /> : <p class="muted">{t('dash.none')}</p>}
          </div>
        </>
      )}
      {(totals.data || loaded.data) && (
        <div class="card" data-testid="section-review-overdue">
          <h3>
            {t('dash.reviewOverdue')}{' '}
            {totals.data && (
              <CountLink href={listRoute('cooperationDocuments', { reviewOverdue: 'true' })} count={totals.data.reviewOverdue.totalCount} testId="count-review-overdue" />
            )}
          </h3>
          {loaded.data &&
            (loaded.data.reviewOverdue.length ? (
              <DocumentTable rows={loaded.data.reviewOverdue} testId="table-review-overdue" />
            ) : (
              <p class="muted">{t('dash.none')}</p>
            ))}
        </div>
      )}
      {loaded.data && (
        <div class="card" data-testid="section-duplicates">
          <h3>
            {t('dash.duplicates')}{' '}
            <CountLink href={listRoute('cooperationDocuments', { duplicates: 'true' })} count={loaded.data.duplicates.length} testId="count-duplicates" />
          </h3>
          <p class="muted">{t('dash.duplicatesNote')}</p>
          {loaded.data.duplicates.length ? (
            <DocumentTable rows={loaded.data.duplicates} testId="table-duplicates" duplicates titles={loaded.data.titles} />
          ) : (
            <p class="muted">{t('dash.none')}</p>
          )}
        </div>
      )}
    </section>
  );
};
