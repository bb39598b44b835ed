import { dirname, join } from 'node:path';
import express, { type Router } from 'express';

const packageDir = (name: string): string => dirname(require.resolve(`${name}/package.json`));

/**
 * GraphiQL served from the installed packages (the server has no internet, so no CDN):
 * React 18's UMD builds and GraphiQL 3's bundle. The token goes in the headers pane.
 */
export const graphiqlAssets = (): Router => {
  const router = express.Router();
  router.use('/graphiql/react', express.static(join(packageDir('react'), 'umd'), { immutable: true, maxAge: '1d' }));
  router.use('/graphiql/react-dom', express.static(join(packageDir('react-dom'), 'umd'), { immutable: true, maxAge: '1d' }));
  router.use('/graphiql/app', express.static(packageDir('graphiql'), { immutable: true, maxAge: '1d' }));
  return router;
};

const DEFAULT_QUERY = `# Daftar: paste a token from the server's start-up log into Headers below, then run.
# (npm start -- --demo records the Tabriz regional meeting first.)
query Meetings {
  meetings(first: 10) {
    totalCount
    edges {
      node { id title status scheduledStartJalali outcomeCounts { kind count } }
    }
  }
}
`;

export const graphiqlPage = (endpoint: string): string => `<!doctype html>
<html lang="fa" dir="ltr">
<head>
  <meta charset="utf-8" />
  <title>Daftar · GraphiQL</title>
  <link rel="stylesheet" href="/graphiql/app/graphiql.min.css" />
  <style>html, body, #graphiql { height: 100%; margin: 0; }</style>
</head>
<body>
  <div id="graphiql">Loading GraphiQL…</div>
  <script src="/graphiql/react/react.production.min.js"></script>
  <script src="/graphiql/react-dom/react-dom.production.min.js"></script>
  <script src="/graphiql/app/graphiql.min.js"></script>
  <script>
    const url = new URL(${JSON.stringify(endpoint)}, window.location.href);
    const subscriptionUrl = url.href.replace(/^http/, 'ws');
    const fetcher = GraphiQL.createFetcher({ url: url.href, subscriptionUrl });
    const defaultQuery = ${JSON.stringify(DEFAULT_QUERY)};
    const defaultHeaders = JSON.stringify({ Authorization: 'Bearer <paste a token from the server log>' }, null, 2);
    ReactDOM.createRoot(document.getElementById('graphiql')).render(
      React.createElement(GraphiQL, { fetcher, defaultQuery, defaultHeaders, headerEditorEnabled: true, shouldPersistHeaders: true }),
    );
  </script>
</body>
</html>`;
