import { t, useLanguage } from '../i18n';
import type { Route } from '../router';

/** Placeholder: the live view is built in this file. */
export const LiveView = (_props: { route: Route }) => {
  useLanguage();
  return (
    <section data-testid="view-live">
      <h2>{t('nav.live')}</h2>
      <p>{t('placeholder.soon')}</p>
    </section>
  );
};
