import type { ComponentType } from 'preact';
import { useEffect } from 'preact/hooks';
import { TokenField } from './components/token-field';
import { setLanguage, t, useLanguage, type MessageKey } from './i18n';
import { routes, useRoute, type Route } from './router';
import { useToken } from './auth/token';
import { AuthorityView } from './views/authority';
import { DashboardView } from './views/dashboard';
import { EntityView } from './views/entity';
import { ListView } from './views/list';
import { LiveView } from './views/live';
import { SearchView } from './views/search';
import { VerifyView } from './views/verify';

interface View {
  /** The hash's first segment. */
  name: string;
  component: ComponentType<{ route: Route }>;
  /** In the nav bar, with this label; views reached by links only (the entity page) have none. */
  nav?: { label: MessageKey; href: string };
}

/** Every view, in nav-bar order: a new view is one line here and one file in views/. */
export const VIEWS: View[] = [
  { name: 'search', component: SearchView, nav: { label: 'nav.search', href: routes.search() } },
  { name: 'entity', component: EntityView },
  { name: 'verify', component: VerifyView, nav: { label: 'nav.verify', href: routes.verify() } },
  { name: 'live', component: LiveView, nav: { label: 'nav.live', href: routes.live() } },
  { name: 'authority', component: AuthorityView, nav: { label: 'nav.authority', href: routes.authority() } },
  { name: 'dashboard', component: DashboardView, nav: { label: 'nav.dashboard', href: routes.dashboard() } },
  { name: 'list', component: ListView },
];

export const App = () => {
  const language = useLanguage();
  const route = useRoute();
  const token = useToken();
  const view = VIEWS.find((candidate) => candidate.name === route.name) ?? VIEWS[0];
  const Current = view.component;
  // A new page starts at its top, not where the previous one was scrolled to.
  const address = `${route.name}/${route.params.join('/')}`;
  useEffect(() => window.scrollTo(0, 0), [address]);
  return (
    <>
      <header class="masthead">
        <div class="brand">
          <h1>{t('app.title')}</h1>
          <p>{t('app.subtitle')}</p>
        </div>
        <button type="button" class="language" data-testid="language-switch" onClick={() => setLanguage(language === 'fa' ? 'en' : 'fa')}>
          {t('language.switch')}
        </button>
        <TokenField />
      </header>
      <nav class="views" data-testid="nav">
        {VIEWS.filter((candidate) => candidate.nav).map((candidate) => (
          <a
            key={candidate.name}
            href={candidate.nav!.href}
            class={candidate.name === view.name ? 'active' : undefined}
            aria-current={candidate.name === view.name ? 'page' : undefined}
            data-testid={`nav-${candidate.name}`}
          >
            {t(candidate.nav!.label)}
          </a>
        ))}
      </nav>
      <main data-testid={`route-${view.name}`}>
        {!token && (
          <p class="card notice" data-testid="token-needed">
            {t('token.none')}
          </p>
        )}
        <Current route={route} />
      </main>
    </>
  );
};
