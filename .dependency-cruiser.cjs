// Dependency rules (`npm run deps`, run in CI): arrows point down, see the layering in README.md "The library".
// shared/html <- catalogue <- prices <- api | emulator <- demo/store <- frames <- insights <- charts/export
// <- notebook/dashboard <- scripts. lib/alerts sits beside notebook/dashboard: it reads the store and insights and
// only the dashboard and scripts import it. The client and the emulator never import each other: both read lib/catalogue.
/** Folders of lib/ that sit above the client and the emulator. */
const ABOVE_API = '^lib/(demo|store|frames|insights|charts|export|notebook|dashboard)/';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'Import cycles make load order matter and modules impossible to read alone.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'api-not-emulator',
      severity: 'error',
      comment: 'Importing the client must not load the emulator or its price data; lib/demo wires the two.',
      from: { path: '^lib/api/' },
      to: { path: '^lib/emulator/' },
    },
    {
      name: 'emulator-not-api',
      severity: 'error',
      comment:
        'The emulator reads the endpoint catalogue and wire types (lib/catalogue), the prices (lib/prices) and ' +
        'lib/shared, never the client: neither of the two may import the other.',
      from: { path: '^lib/emulator/' },
      to: { path: '^lib/api/' },
    },
    {
      name: 'catalogue-at-the-bottom',
      severity: 'error',
      comment: 'The catalogue sits below both the client and the emulator.',
      from: { path: '^lib/catalogue/' },
      to: { path: '^lib/(?!catalogue/)' },
    },
    {
      name: 'shared-and-html-at-the-bottom',
      severity: 'error',
      comment: 'The one hash, time-span type and HTML escaper sit below every other folder.',
      from: { path: '^lib/(shared|html)/' },
      to: { path: '^lib/(?!shared/|html/)' },
    },
    {
      name: 'prices-below-emulator-and-insights',
      severity: 'error',
      comment: 'The list rates are data shared by the emulator and the insights: they know nothing of either.',
      from: { path: '^lib/prices/' },
      to: { path: '^lib/(?!prices/|catalogue/|shared/)' },
    },
    {
      name: 'insights-from-frames-and-prices',
      severity: 'error',
      comment:
        'Insights are pure functions of tables and price data: no client, emulator or store (the notebook fetches), ' +
        'and nothing of how they are drawn or shown.',
      from: { path: '^lib/insights/' },
      to: { path: '^lib/(api|emulator|store|demo|charts|export|notebook|dashboard)/' },
    },
    {
      name: 'api-and-emulator-below-the-rest',
      severity: 'error',
      comment: 'The client and the emulator know nothing of demo wiring, tables, charts, exports or notebooks.',
      from: { path: '^lib/(api|emulator)/' },
      to: { path: ABOVE_API },
    },
    {
      name: 'frames-below-presentation',
      severity: 'error',
      comment: 'Tables are computed without knowing how they are drawn or shown.',
      from: { path: '^lib/frames/' },
      to: { path: '^lib/(insights|charts|export|notebook|dashboard)/' },
    },
    {
      name: 'charts-below-export-and-notebook',
      severity: 'error',
      comment: 'Chart builders return plain figure JSON; writing or displaying it is done above them.',
      from: { path: '^lib/charts/' },
      to: { path: '^lib/(export|notebook|dashboard|demo|store)/' },
    },
    {
      name: 'store-below-demo-and-presentation',
      severity: 'error',
      comment:
        'The store keeps what the client fetched: it knows nothing of the emulator, the demo wiring, ' +
        'charts or notebooks (lib/demo and the notebook open stores, not the other way round).',
      from: { path: '^lib/store/' },
      to: { path: '^lib/(emulator|demo|charts|notebook|dashboard)/' },
    },
    {
      name: 'dashboard-imports-the-layers-below',
      severity: 'error',
      comment:
        'The dashboard serves what the store, the client (or the demo), tables, insights, charts and exports ' +
        'compute; it never loads the emulator or the notebook helpers.',
      from: { path: '^lib/dashboard/' },
      to: {
        path: '^lib/(?!(dashboard|alerts|store|frames|charts|insights|api|demo|export|shared|html|catalogue|prices)/)',
      },
    },
    {
      name: 'dashboard-at-the-top',
      severity: 'error',
      comment: 'The dashboard is an application: only its script and tests import it, never the library.',
      from: { path: '^(?!scripts/|test/|lib/dashboard/)' },
      to: { path: '^lib/dashboard/' },
    },
    {
      name: 'alerts-read-the-layers-below',
      severity: 'error',
      comment:
        'Alerts evaluate rules over what the store holds with the insights and send messages: they never load the ' +
        'emulator, the demo wiring, charts, notebooks or the dashboard.',
      from: { path: '^lib/alerts/' },
      to: { path: '^lib/(?!(alerts|store|insights|frames|api|prices|catalogue|shared|html)/)' },
    },
    {
      name: 'alerts-at-the-top',
      severity: 'error',
      comment:
        'Alerts are an application of the library: only the dashboard, scripts, tests and benchmarks import them.',
      from: { path: '^(?!scripts/|test/|bench/|lib/dashboard/|lib/alerts/)' },
      to: { path: '^lib/alerts/' },
    },
    {
      name: 'library-stands-alone',
      severity: 'error',
      comment: 'lib/ is the published library: it never imports scripts, tests, benchmarks, their tools or notebooks.',
      from: { path: '^lib/' },
      to: { path: '^(scripts|test|bench|tools|notebooks)/' },
    },
    {
      name: 'room-entry-only',
      severity: 'error',
      comment:
        'Each folder of lib/ is a room with one public entry (index.ts): another room imports the entry, never a ' +
        "file inside. A test imports its own room's internals (test/<room>/ mirrors lib/<room>/), no other room's.",
      from: { path: '^(lib|test)/([^/]+)/' },
      to: { path: '^lib/[^/]+/(?!index[.]ts$)', pathNot: '^lib/$2/' },
    },
    {
      name: 'room-entry-only-outside-lib',
      severity: 'error',
      comment:
        'Scripts, benchmarks, tools, the top-level entry lib/index.ts and test files outside a room folder import ' +
        'a room through its entry (lib/<room>/index.ts), never a file inside it.',
      from: { pathNot: '^(lib|test)/[^/]+/' },
      to: { path: '^lib/[^/]+/(?!index[.]ts$)' },
    },
    {
      name: 'no-unresolvable',
      severity: 'error',
      comment: 'An import that does not resolve is a typo or a missing dependency.',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(dist|node_modules|[.]venv)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'test/tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'] },
  },
};
