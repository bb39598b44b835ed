/**
 * The layers of Daftar, from the ground up; a file may import only from its own layer or those
 * below it, and no import may close a circle. `test/architecture/layers.unit.test.ts` runs this in
 * `npm test`; docs/architecture.md draws the same picture.
 */
const LAYERS = [
  { name: 'kernel', path: '^src/(core/|logger\\.ts$)' },
  { name: 'event store', path: '^src/eventstore/' },
  // Configuration names the stores it validates connection strings for, so it stands above them.
  { name: 'machinery', path: '^(src/(commands|auth)/|src/config\\.ts$|projections/)' },
  { name: 'graphql kit', path: '^src/graphql/' },
  { name: 'slices', path: '^src/(organizations|regional-groups|meetings|delegations|resolutions|cooperation-documents|audit)/' },
  { name: 'composition root', path: '^src/(?!logger\\.ts$|config\\.ts$)([^/]+\\.ts$|cli/|demo/|console/)' },
];

const upwardImports = LAYERS.slice(0, -1).map((layer, index) => ({
  name: `${layer.name} imports nothing above it`,
  severity: 'error',
  comment: `${layer.name} stands below ${LAYERS.slice(index + 1).map((above) => above.name).join(', ')}`,
  from: { path: layer.path },
  to: { path: LAYERS.slice(index + 1).map((above) => above.path) },
}));

module.exports = {
  forbidden: [
    {
      name: 'no circular imports',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'every file on a layer',
      severity: 'error',
      comment: 'a new top-level place must be given a layer here (and in docs/architecture.md)',
      from: { path: '^(src|projections)/', pathNot: LAYERS.map((layer) => layer.path) },
      to: {},
    },
    ...upwardImports,
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)node_modules/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
  },
};
