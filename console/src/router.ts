import { useEffect, useState } from 'preact/hooks';

/**
 * Routing by the URL's hash, so the server serves one page and every view has an address a person
 * can keep or send: `#/search?q=…`, `#/entity/<type>/<id>`, `#/verify`, `#/live`, `#/authority`,
 * `#/dashboard`. `path` is the hash's segments (decoded), `query` its `?…` part.
 */
export interface Route {
  /** The first segment: `search`, `entity`, `verify`, … ('search' for an empty hash). */
  name: string;
  /** The segments after the first, decoded: `['meeting', '<id>']` for `#/entity/meeting/<id>`. */
  params: string[];
  query: URLSearchParams;
}

export const parseHash = (hash: string): Route => {
  const text = hash.replace(/^#\/?/, '');
  const [pathPart, queryPart = ''] = text.split('?', 2);
  const segments = pathPart.split('/').filter(Boolean).map((segment) => decodeURIComponent(segment));
  return { name: segments[0] ?? 'search', params: segments.slice(1), query: new URLSearchParams(queryPart) };
};

/** `#/a/b?c=d` from segments (each encoded) and an optional query. */
export const hashOf = (segments: string[], query?: Record<string, string>): string => {
  const search = query && Object.keys(query).length ? `?${new URLSearchParams(query).toString()}` : '';
  return `#/${segments.map((segment) => encodeURIComponent(segment)).join('/')}${search}`;
};

/** The kinds of entity a page can be opened for, as the audit log names them (stream categories). */
export const ENTITY_TYPES = ['meeting', 'resolution', 'delegation', 'organization', 'cooperationDocument', 'regionalGroup'] as const;
export type EntityType = (typeof ENTITY_TYPES)[number];

/** Where each view lives: link with these, never by hand-written hashes. */
export const routes = {
  search: (text?: string) => hashOf(['search'], text ? { q: text } : undefined),
  entity: (type: string, id: string) => hashOf(['entity', type, id]),
  verify: () => hashOf(['verify']),
  live: () => hashOf(['live']),
  authority: (query?: Record<string, string>) => hashOf(['authority'], query),
  dashboard: () => hashOf(['dashboard']),
};

export const currentRoute = (): Route => parseHash(location.hash);

/** Goes to `hash` (e.g. `routes.entity('meeting', id)`), adding a history entry. */
export const navigate = (hash: string): void => {
  location.hash = hash;
};

/** Replaces the current address without a new history entry (e.g. while typing a search). */
export const replaceRoute = (hash: string): void => {
  history.replaceState(null, '', hash);
  window.dispatchEvent(new HashChangeEvent('hashchange'));
};

/** The current route, re-rendering the component on every hash change. */
export const useRoute = (): Route => {
  const [route, setRoute] = useState(currentRoute);
  useEffect(() => {
    const update = () => setRoute(currentRoute());
    window.addEventListener('hashchange', update);
    return () => window.removeEventListener('hashchange', update);
  }, []);
  return route;
};

/** The oversight list view: the records behind a dashboard number (`#/list/resolutions?status=ADOPTED&province=<id>`). */
export const listRoute = (kind: 'resolutions' | 'cooperationDocuments', query: Record<string, string> = {}): string => hashOf(['list', kind], query);
