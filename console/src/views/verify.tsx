import { useState } from 'preact/hooks';
import { graphql, GraphQLRequestError } from '../api/graphql';
import { useGraphQL } from '../api/use-graphql';
import { DateTime } from '../components/date-time';
import { GraphQLErrorView } from '../components/graphql-error-view';
import { digits, t, useLanguage, type MessageKey } from '../i18n';
import type { Route } from '../router';
import './audit-views.css';

const HEAD = `query ConsoleLedgerHead { ledgerHead { position hash recordedAt integrity { status checkedAt brokenPosition brokenSince reason } } }`;

const VERIFY = `query ConsoleVerify($expectedHead: ExpectedHeadInput) {
  verifyIntegrity(expectedHead: $expectedHead) { ok checkedEvents headPosition headHash firstBrokenPosition reason expectedHeadFound }
}`;

interface LedgerHead {
  position: string;
  hash: string;
  recordedAt: string;
  integrity: { status: string; checkedAt: string | null; brokenPosition: string | null; brokenSince: string | null; reason: string | null };
}

interface IntegrityReport {
  ok: boolean;
  checkedEvents: number;
  headPosition: string | null;
  headHash: string | null;
  firstBrokenPosition: string | null;
  reason: string | null;
  expectedHeadFound: boolean | null;
}

export interface KeptHead {
  position: string;
  hash: string;
}

/** The one line the copy button writes: what a person keeps, and pastes back later. */
export const headLine = (head: KeptHead): string => `daftar-head position=${head.position} hash=${head.hash}`;

const POSITION = /^\d+(\/\d+)?$/;
const HASH = /^[0-9a-f]{64}$/i;

/**
 * A kept head from what was pasted: the copy button's line, `position=… hash=…`, or the position
 * and the hash on their own (separated by spaces, a comma, a colon or new lines). Persian digits
 * are read as Latin ones. Null when no position and SHA-256 hash can be found.
 */
export const parseKeptHead = (text: string): KeptHead | null => {
  const latin = text.replace(/[۰-۹]/g, (d) => String(d.charCodeAt(0) - 0x06f0)).replace(/[٠-٩]/g, (d) => String(d.charCodeAt(0) - 0x0660));
  const tokens = latin
    .split(/[\s,;،]+/)
    .map((token) => token.replace(/^(position|hash)[=:]/i, ''))
    .flatMap((token) => {
      const joined = /^(\d+(?:\/\d+)?):([0-9a-f]{64})$/i.exec(token);
      return joined ? [joined[1], joined[2]] : [token];
    })
    .filter(Boolean);
  const position = tokens.find((token) => POSITION.test(token));
  const hash = tokens.find((token) => HASH.test(token));
  return position && hash ? { position, hash: hash.toLowerCase() } : null;
};

const WATCH_LABELS: Record<string, MessageKey> = { INTACT: 'verify.watch.INTACT', BROKEN: 'verify.watch.BROKEN', VERIFYING: 'verify.watch.VERIFYING' };

const HeadCard = () => {
  const head = useGraphQL<{ ledgerHead: LedgerHead | null }>(HEAD);
  const [copied, setCopied] = useState<'copied' | 'failed' | null>(null);
  if (head.error) return <GraphQLErrorView error={head.error} />;
  if (!head.data) return <p class="muted">{t('loading')}</p>;
  const current = head.data.ledgerHead;
  if (!current)
    return (
      <div class="card" data-testid="ledger-head-empty">
        {t('verify.emptyLog')}
      </div>
    );
  const line = headLine(current);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(line);
      setCopied('copied');
    } catch {
      setCopied('failed');
    }
  };
  const watch = current.integrity;
  return (
    <div class="card" data-testid="ledger-head" data-position={current.position} data-hash={current.hash}>
      <h3>{t('verify.head')}</h3>
      <dl class="fields">
        <dt>{t('verify.position')}</dt>
        <dd data-testid="head-position">{digits(current.position)}</dd>
        <dt>{t('verify.hash')}</dt>
        <dd>
          <code class="hash" data-testid="head-hash">
            {current.hash}
          </code>
        </dd>
        <dt>{t('verify.recordedAt')}</dt>
        <dd>
          <DateTime iso={current.recordedAt} />
        </dd>
        <dt>{t('verify.watch')}</dt>
        <dd>
          <span class={`status watch-${watch.status.toLowerCase()}`} data-testid="head-watch" data-status={watch.status}>
            {WATCH_LABELS[watch.status] ? t(WATCH_LABELS[watch.status]) : watch.status}
          </span>
          {watch.checkedAt && (
            <span class="muted">
              {' '}
              · {t('verify.checkedAt')} <DateTime iso={watch.checkedAt} />
            </span>
          )}
          {watch.brokenPosition && (
            <span class="bad">
              {' '}
              · {t('verify.firstBroken')} <code>{watch.brokenPosition}</code>
            </span>
          )}
          {watch.reason && (
            <p class="reason" dir="ltr">
              {watch.reason}
            </p>
          )}
        </dd>
      </dl>
      <div class="head-line">
        <input type="text" readOnly dir="ltr" value={line} aria-label={t('verify.line')} data-testid="head-line" onFocus={(event) => (event.target as HTMLInputElement).select()} />
        <button type="button" onClick={() => void copy()} data-testid="copy-head">
          {t('verify.copy')}
        </button>
        <button type="button" class="link" onClick={() => (setCopied(null), head.reload())} data-testid="refresh-head">
          {t('verify.refresh')}
        </button>
      </div>
      {copied && (
        <p class={copied === 'copied' ? 'muted' : 'bad'} role="status" data-testid="copy-state" data-state={copied}>
          {copied === 'copied' ? t('verify.copied') : t('verify.copyFailed')}
        </p>
      )}
    </div>
  );
};

/** Runs verifyIntegrity on demand (it walks the whole log): a button, not a query on load. */
const useVerification = () => {
  const [state, setState] = useState<{ report: IntegrityReport | null; error: GraphQLRequestError | null; running: boolean }>({
    report: null,
    error: null,
    running: false,
  });
  const run = async (expectedHead?: KeptHead) => {
    setState({ report: null, error: null, running: true });
    try {
      const data = await graphql<{ verifyIntegrity: IntegrityReport }>(VERIFY, { expectedHead: expectedHead ?? null });
      setState({ report: data.verifyIntegrity, error: null, running: false });
    } catch (error) {
      setState({
        report: null,
        error: error instanceof GraphQLRequestError ? error : new GraphQLRequestError(String(error), 'CLIENT_ERROR', null, null),
        running: false,
      });
    }
  };
  return { ...state, run };
};

const ReportView = ({ report, testId }: { report: IntegrityReport; testId: string }) => (
  <div class={report.ok ? 'report ok' : 'report broken'} data-testid={testId} data-ok={String(report.ok)} data-checked-events={report.checkedEvents}>
    <p class={report.ok ? 'verdict holds' : 'verdict not-holds'} data-testid={`${testId}-verdict`}>
      {report.ok ? t('verify.ok') : t('verify.broken')}
    </p>
    <dl class="fields">
      <dt>{t('verify.checkedEvents')}</dt>
      <dd data-testid={`${testId}-checked`}>{digits(report.checkedEvents)}</dd>
      <dt>{t('verify.position')}</dt>
      <dd>{report.headPosition ? digits(report.headPosition) : t('timeline.none')}</dd>
      <dt>{t('verify.hash')}</dt>
      <dd>
        <code class="hash">{report.headHash ?? t('timeline.none')}</code>
      </dd>
      {report.firstBrokenPosition && (
        <>
          <dt>{t('verify.firstBroken')}</dt>
          <dd data-testid={`${testId}-first-broken`}>
            <code>{report.firstBrokenPosition}</code>
          </dd>
        </>
      )}
      {report.reason && (
        <>
          <dt>{t('verify.reason')}</dt>
          <dd class="reason" dir="ltr" data-testid={`${testId}-reason`}>
            {report.reason}
          </dd>
        </>
      )}
    </dl>
  </div>
);

const FullCheck = () => {
  const verification = useVerification();
  return (
    <div class="card">
      <h3>{t('verify.runTitle')}</h3>
      <p class="muted">{t('verify.runHint')}</p>
      <button type="button" disabled={verification.running} onClick={() => void verification.run()} data-testid="run-verify">
        {verification.running ? t('verify.running') : t('verify.run')}
      </button>
      {verification.error && <GraphQLErrorView error={verification.error} />}
      {verification.report && <ReportView report={verification.report} testId="verify-report" />}
    </div>
  );
};

const KeptHeadCheck = () => {
  const verification = useVerification();
  const [text, setText] = useState('');
  const [invalid, setInvalid] = useState(false);
  const [checked, setChecked] = useState<KeptHead | null>(null);
  const check = (event: Event) => {
    event.preventDefault();
    const kept = parseKeptHead(text);
    setInvalid(!kept);
    setChecked(kept);
    if (kept) void verification.run(kept);
  };
  const report = verification.report;
  return (
    <form class="card kept-head" onSubmit={check} data-testid="kept-head-form">
      <h3>{t('verify.keptTitle')}</h3>
      <label>
        <span>{t('verify.keptLabel')}</span>
        <textarea
          dir="ltr"
          rows={2}
          spellcheck={false}
          value={text}
          placeholder={t('verify.keptPlaceholder')}
          onInput={(event) => setText((event.target as HTMLTextAreaElement).value)}
          data-testid="kept-head-input"
        />
      </label>
      <button type="submit" disabled={verification.running} data-testid="kept-head-check">
        {verification.running ? t('verify.running') : t('verify.keptCheck')}
      </button>
      {invalid && (
        <p class="bad" role="alert" data-testid="kept-head-invalid">
          {t('verify.keptInvalid')}
        </p>
      )}
      {verification.error && <GraphQLErrorView error={verification.error} />}
      {report && checked && (
        <>
          <p
            class={report.expectedHeadFound ? 'verdict holds' : 'verdict not-holds'}
            data-testid="kept-head-verdict"
            data-extends={String(Boolean(report.expectedHeadFound) && report.ok)}
          >
            {report.expectedHeadFound && report.ok ? t('verify.extends') : report.expectedHeadFound ? t('verify.extendsButBroken') : t('verify.notExtends')}
          </p>
          <p class="muted">
            {t('verify.keptWas')} <code>{headLine(checked)}</code>
          </p>
          <ReportView report={report} testId="kept-head-report" />
        </>
      )}
    </form>
  );
};

/** `#/verify`: the ledger's head and proof. Everything here is a query: nothing can change the record. */
export const VerifyView = (_props: { route: Route }) => {
  useLanguage();
  return (
    <section data-testid="view-verify">
      <h2>{t('verify.title')}</h2>
      <p class="muted">{t('verify.intro')}</p>
      <HeadCard />
      <FullCheck />
      <KeptHeadCheck />
    </section>
  );
};
