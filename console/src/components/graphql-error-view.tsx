import type { GraphQLRequestError } from '../api/graphql';
import { requestAnotherToken } from '../auth/token';
import { digits, t, useLanguage } from '../i18n';

/**
 * An error as a person can act on it: its code and request id (what the operator finds in the
 * server's log), its message, and for a refused token a clear sentence and a way to enter another.
 */
export const GraphQLErrorView = ({ error }: { error: GraphQLRequestError }) => {
  useLanguage();
  const explanation = error.isUnauthenticated
    ? t('error.unauthenticated')
    : error.code === 'FORBIDDEN'
      ? t('error.forbidden')
      : error.code === 'NETWORK_ERROR'
        ? t('error.network')
        : null;
  return (
    <div class="error" role="alert" data-testid="graphql-error" data-code={error.code}>
      <strong>{t('error.title')}</strong>
      {explanation && <p data-testid="error-explanation">{explanation}</p>}
      <dl>
        <dt>{t('error.code')}</dt>
        <dd>
          <code data-testid="error-code">{error.code}</code>
        </dd>
        {error.requestId && (
          <>
            <dt>{t('error.requestId')}</dt>
            <dd>
              <code data-testid="error-request-id">{error.requestId}</code>
            </dd>
          </>
        )}
        {error.status !== null && (
          <>
            <dt>HTTP</dt>
            <dd>{digits(error.status)}</dd>
          </>
        )}
      </dl>
      <p class="error-message" dir="auto" data-testid="error-message">
        {error.message}
      </p>
      {error.isUnauthenticated && (
        <button type="button" data-testid="enter-another-token" onClick={requestAnotherToken}>
          {t('error.enterAnotherToken')}
        </button>
      )}
    </div>
  );
};
