import { t, useLanguage } from '../i18n';
import type { Route } from '../router';

/** Placeholder: the authority view is built in this file. */
export const AuthorityView = (_props: { route: Route }) => {
  useLanguage();
  return (
    <section data-testid="view-authority">
      <h2>{t('nav.authority')}</h2>
      <p>{t('placeholder.soon')}</p>
    </section>
  );
};
