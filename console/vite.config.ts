import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));

/**
 * The audit console, built into dist/console and served by the server at /console. No
 * @preact/preset-vite: Vite's own transformer (oxc) turns JSX into preact's automatic runtime,
 * which is all the preset would do for a build, without pulling Babel in.
 */
export default defineConfig({
  root,
  base: '/console/',
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: {
    outDir: fileURLToPath(new URL('../dist/console', import.meta.url)),
    emptyOutDir: true,
    // Everything is served from this server with a strict CSP: no inlined font as a data: URL.
    assetsInlineLimit: 0,
  },
  server: { proxy: { '/graphql': { target: 'http://127.0.0.1:4000', ws: true } } },
});
