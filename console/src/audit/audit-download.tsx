import { useState } from 'preact/hooks';
import { graphql, GraphQLRequestError } from '../api/graphql';
import { GraphQLErrorView } from '../components/graphql-error-view';
import { t, useLanguage } from '../i18n';
import '../live/live.css';
import type { AuditFileFormat, StoredEnvelope } from './audit-file';
import { downloadAuditFile } from './download-file';

const asRequestError = (caught: unknown): GraphQLRequestError =>
  caught instanceof GraphQLRequestError ? caught : new GraphQLRequestError(String(caught), 'CLIENT_ERROR', null, null);

/**
 * Two buttons, NDJSON and CSV, that download the audit log of what is on screen in the format
 * `npm run export` writes (see audit-file.ts). `envelopes` gives the events, oldest first; it may
 * have to fetch them (an entity's whole history), hence a promise.
 */
export const AuditDownload = ({
  baseName,
  envelopes,
  testId = 'audit-download',
}: {
  baseName: string;
  envelopes: () => Promise<StoredEnvelope[]> | StoredEnvelope[];
  testId?: string;
}) => {
  useLanguage();
  const [busy, setBusy] = useState<AuditFileFormat | null>(null);
  const [error, setError] = useState<GraphQLRequestError | null>(null);
  const [written, setWritten] = useState<number | null>(null);
  const download = async (format: AuditFileFormat) => {
    setBusy(format);
    setError(null);
    try {
      const events = await envelopes();
      downloadAuditFile(format, events, baseName);
      setWritten(events.length);
    } catch (caught) {
      setError(asRequestError(caught));
    } finally {
      setBusy(null);
    }
  };
  return (
    <div class="audit-download" data-testid={testId}>
      <span>{t('download.label')}</span>
      {(['ndjson', 'csv'] as const).map((format) => (
        <button key={format} type="button" disabled={busy !== null} onClick={() => void download(format)} data-testid={`download-${format}`} title={t(`download.${format}.hint`)}>
          {busy === format ? t('download.preparing') : t(`download.${format}`)}
        </button>
      ))}
      {written !== null && (
        <span class="muted" data-testid="download-written" data-count={written}>
          {t('download.written', { n: written })}
        </span>
      )}
      {error && <GraphQLErrorView error={error} />}
    </div>
  );
};

const PAGE = 100;
const ENVELOPES = `query ConsoleEnvelopes($entityId: ID!, $first: Int!, $after: String) {
  history(entityId: $entityId, first: $first, after: $after) { pageInfo { hasNextPage endCursor } edges { node { envelope } } }
}`;
interface EnvelopesPage {
  history: { pageInfo: { hasNextPage: boolean; endCursor: string | null }; edges: { node: { envelope: StoredEnvelope } }[] } | null;
}

/** Every stored envelope of one entity, oldest first, paging through the whole of `history(entityId)` (what its timeline shows). */
export const entityEnvelopes = async (entityId: string): Promise<StoredEnvelope[]> => {
  const envelopes: StoredEnvelope[] = [];
  let after: string | null = null;
  for (;;) {
    const { history }: EnvelopesPage = await graphql<EnvelopesPage>(ENVELOPES, { entityId, first: PAGE, after });
    if (!history) break;
    envelopes.push(...history.edges.map((edge) => edge.node.envelope));
    if (!history.pageInfo.hasNextPage || !history.pageInfo.endCursor) break;
    after = history.pageInfo.endCursor;
  }
  return envelopes;
};

/** The entity page's download: the entity's whole timeline as an audit log file. */
export const EntityAuditDownload = ({ entityType, entityId }: { entityType: string; entityId: string }) => (
  <section class="card" data-testid="entity-audit-download">
    <AuditDownload baseName={`daftar-${entityType}-${entityId}`} envelopes={() => entityEnvelopes(entityId)} />
  </section>
);
