import { t, useLanguage } from '../i18n';
import type { Route } from '../router';

/** Placeholder: the dashboard view is built in this file. */
export const DashboardView = (_props: { route: Route }) => {
  useLanguage();
  return (
    <section data-testid="view-dashboard">
      <h2>{t('nav.dashboard')}</h2>
      <p>{t('placeholder.soon')}</p>
    </section>
  );
};
