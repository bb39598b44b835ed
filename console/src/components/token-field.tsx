import { useEffect, useState } from 'preact/hooks';
import { clearToken, fetchDevelopmentTokens, setToken, useToken, type DevelopmentToken } from '../auth/token';
import { t, useLanguage } from '../i18n';

/** The header's token field: paste a token, or in development choose one of the printed ones. */
export const TokenField = () => {
  useLanguage();
  const token = useToken();
  const [draft, setDraft] = useState('');
  const [developmentTokens, setDevelopmentTokens] = useState<DevelopmentToken[]>([]);
  useEffect(() => {
    void fetchDevelopmentTokens().then(setDevelopmentTokens);
  }, []);
  const use = (event: Event) => {
    event.preventDefault();
    if (draft.trim()) setToken(draft);
    setDraft('');
  };
  return (
    <form class="token-field" onSubmit={use} data-testid="token-form">
      <label>
        <span>{t('token.label')}</span>
        <input
          type="password"
          dir="ltr"
          autocomplete="off"
          spellcheck={false}
          placeholder={t('token.placeholder')}
          value={draft}
          onInput={(event) => setDraft((event.target as HTMLInputElement).value)}
          data-testid="token-input"
        />
      </label>
      <button type="submit" data-testid="token-submit">
        {t('token.use')}
      </button>
      {developmentTokens.length > 0 && (
        <select
          aria-label={t('token.devTokens')}
          data-testid="dev-token-select"
          value=""
          onChange={(event) => {
            const chosen = (event.target as HTMLSelectElement).value;
            if (chosen) setToken(chosen);
          }}
        >
          <option value="">{t('token.devChoose')}</option>
          {developmentTokens.map((candidate) => (
            <option key={candidate.token} value={candidate.token}>
              {candidate.name} ({candidate.roles.join(', ')})
            </option>
          ))}
        </select>
      )}
      <span class={token ? 'token-state set' : 'token-state'} data-testid="token-state" data-has-token={token ? 'true' : 'false'}>
        {token ? t('token.set') : t('token.none')}
      </span>
      {token && (
        <button type="button" class="link" onClick={clearToken} data-testid="token-forget">
          {t('token.forget')}
        </button>
      )}
    </form>
  );
};
