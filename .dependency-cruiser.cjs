// The layer boundaries of Cistern, checked by `npm run check:boundaries` (dependency-cruiser):
// domain holds the rules, infra the adapters, workflows the Temporal code, and the edges
// (api, views, workers) may lean on what lies beneath them but never the other way round.

/** Infrastructure packages the domain reaches only through ports implemented in infra/. */
const INFRA_PACKAGES = '^node_modules/(bullmq|ioredis|@temporalio/[^/]+|nodemailer|pino|hono|@hono/[^/]+|@bull-board/[^/]+|prom-client)/';

/** Packages that do I/O: a workflow must not pull them in, even through a domain file. */
const IO_PACKAGES = '^node_modules/(@mikro-orm/[^/]+|kysely|pg|pg-copy-streams|bullmq|ioredis|nodemailer|pino|hono|@hono/[^/]+|@bull-board/[^/]+|prom-client|@temporalio/(client|worker|activity))/';

/** A test file, wherever it lives. */
const TEST_FILE = '\\.test\\.tsx?$';

/** What a view may import: views, domain types and pure formatters, and hono/jsx. */
const VIEW_IMPORTS = ['^views/', '^domain/', '^node_modules/hono/dist/(types/)?jsx/'];

module.exports = {
  forbidden: [
    {
      name: 'domain-imports-only-domain',
      comment:
        'domain/ (tests included) holds entities, pure rules and domain services: it reaches Temporal, queues and mail only ' +
        'through ports it owns, implemented in infra/ and injected. So it imports domain/, npm packages and Node built-ins only.',
      severity: 'error',
      from: { path: '^domain/' },
      to: { pathNot: ['^domain/', '^node_modules/'], dependencyTypesNot: ['core'] },
    },
    {
      name: 'domain-no-infra-packages',
      comment:
        'The domain must not depend on infrastructure libraries (Temporal, BullMQ, Redis, mail, logging, HTTP, metrics); ' +
        'MikroORM and Kysely types are allowed.',
      severity: 'error',
      from: { path: '^domain/' },
      to: { path: INFRA_PACKAGES },
    },
    {
      name: 'infra-imports-domain-and-infra',
      comment:
        'infra/ holds the adapters: it implements the domain ports, so it may import domain/ and infra/ — never the edges ' +
        '(api, views, workers) nor scripts or tests.',
      severity: 'error',
      from: { path: '^infra/', pathNot: TEST_FILE },
      to: { path: '^(api|views|workers|scripts|tests)/' },
    },
    {
      name: 'only-temporal-adapter-and-workers-import-workflows',
      comment:
        'Workflow code runs in the Temporal sandbox and is replayed; only the Temporal worker, the infra adapter that ' +
        'starts/updates workflows (infra/temporal/) and tests may import it.',
      severity: 'error',
      from: { pathNot: ['^workflows/', '^workers/', '^infra/temporal/', '^tests/', TEST_FILE] },
      to: { path: '^workflows/' },
    },
    {
      name: 'workflows-import-only-workflows-and-domain',
      comment:
        'Workflows import only workflows/ and the pure rules and types of domain/: no adapters, edges, scripts or tests.',
      severity: 'error',
      from: { path: '^workflows/', pathNot: TEST_FILE },
      to: { pathNot: ['^workflows/', '^domain/', '^node_modules/'], dependencyTypesNot: ['core'] },
    },
    {
      name: 'workflows-only-temporal-workflow-packages',
      comment:
        'Temporal bundles workflow code for a deterministic sandbox: the only packages it may import directly are ' +
        '@temporalio/workflow and @temporalio/common.',
      severity: 'error',
      from: { path: '^workflows/', pathNot: TEST_FILE },
      to: { path: '^node_modules/', pathNot: '^node_modules/@temporalio/(workflow|common)/' },
    },
    {
      name: 'workflows-reach-no-io-packages',
      comment:
        'Whatever a workflow imports ends up in its sandbox bundle: the domain files it uses must be pure, so nothing it ' +
        'reaches, however indirectly, may load MikroORM, a database driver, queues, mail, logging, HTTP or a Temporal client.',
      severity: 'error',
      from: { path: '^workflows/', pathNot: TEST_FILE },
      to: { path: IO_PACKAGES, reachable: true },
    },
    {
      name: 'views-import-only-views-domain-and-hono-jsx',
      comment:
        'Views render what they are given: they import views/, domain/ types and pure formatters, and hono/jsx — ' +
        'never data access, adapters, routes, workers or workflows.',
      severity: 'error',
      from: { path: '^views/', pathNot: TEST_FILE },
      to: { pathNot: VIEW_IMPORTS, dependencyTypesNot: ['core'] },
    },
    {
      name: 'views-tests-import-views-domain-and-uvu',
      comment: "A view's table test draws it and reads the HTML: it imports what a view may, and uvu.",
      severity: 'error',
      from: { path: `^views/.*${TEST_FILE}` },
      to: { pathNot: [...VIEW_IMPORTS, '^node_modules/uvu/'], dependencyTypesNot: ['core'] },
    },
    {
      name: 'views-no-orm',
      comment: 'A view never touches the database, not even through a domain file that only re-exports MikroORM.',
      severity: 'error',
      from: { path: '^views/' },
      to: { path: '^node_modules/@mikro-orm/' },
    },
    {
      name: 'api-imports-no-workers-workflows-scripts-tests',
      comment:
        'api/ is an edge: it may use domain/, infra/, views/ and api/, but starts workflows only through infra/temporal/ ' +
        'and never depends on the worker processes, scripts or tests.',
      severity: 'error',
      from: { path: '^api/', pathNot: TEST_FILE },
      to: { path: '^(workers|workflows|scripts|tests)/' },
    },
    {
      name: 'workers-import-no-api-views-scripts-tests',
      comment:
        'workers/ is an edge too: it may use domain/, infra/, workflows/ and workers/, never the HTTP side, scripts or tests.',
      severity: 'error',
      from: { path: '^workers/', pathNot: TEST_FILE },
      to: { path: '^(api|views|scripts|tests)/' },
    },
    {
      name: 'production-imports-no-tests-or-scripts',
      comment:
        'Production code must run without the test helpers and the operator scripts (neither is in the image as a dependency).',
      severity: 'error',
      from: { path: '^(api|domain|infra|views|workers|workflows)/', pathNot: TEST_FILE },
      to: { path: '^(tests|scripts)/' },
    },
    {
      name: 'no-circular',
      comment: 'A cycle makes load order matter and the layers blur; break it with a smaller module or a port.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'not-to-unresolvable',
      comment: 'An import that does not resolve is a typo or a missing package.',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    // node_modules may be a symlink (a worktree sharing one install): keep its paths as they look here.
    preserveSymlinks: true,
    doNotFollow: { path: '^node_modules/' },
    // node_modules is not excluded (imports of packages are checked) but never walked into.
    exclude: { path: '^(\\.tools|\\.data)/' },
    // Type-only imports count too: a domain file that imports a Temporal type still depends on Temporal.
    tsPreCompilationDeps: true,
    // Resolves `./x.js` specifiers to the `./x.ts` sources, as TypeScript does.
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'types', 'default'],
      extensions: ['.ts', '.tsx', '.js', '.d.ts', '.json'],
      mainFields: ['module', 'main', 'types', 'typings'],
    },
    reporterOptions: {
      text: { highlightFocused: true },
    },
  },
};
