import { t, useLanguage } from '../i18n';
import type { Route } from '../router';

/** Placeholder: the verify view is built in this file. */
export const VerifyView = (_props: { route: Route }) => {
  useLanguage();
  return (
    <section data-testid="view-verify">
      <h2>{t('nav.verify')}</h2>
      <p>{t('placeholder.soon')}</p>
    </section>
  );
};
