/**
 * The import rules of docs/structure.md, checked by `npm run deps` (part of `npm test`).
 * Each rule's comment says what to do instead of the import it reports.
 *
 * @type {import('dependency-cruiser').IConfiguration}
 */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment:
        'Import cycle. Move the shared types or constants into a module both sides import (types into ' +
        'src/domain/ or a types-only module), or hand the dependency in from the composition root ' +
        '(src/compose.ts: e.g. the outbox task handlers are a table built there and passed in).',
      from: {},
      to: { circular: true },
    },
    {
      name: 'blocks-pure',
      severity: 'error',
      comment:
        'blocks/ only builds Block Kit from plain data: it may import src/domain/ (including the ' +
        'view-model types in src/domain/views.ts), src/i18n/ and config types. Move the type or ' +
        'constant it needs into src/domain/ and import it from there in both places.',
      from: { path: '^blocks/' },
      to: { path: '^(src/(?!domain/|i18n/|config/)|jobs/)' },
    },
    {
      name: 'blocks-config-types-only',
      severity: 'error',
      comment:
        'blocks/ may read the organisation config only as types (import type …): take the values ' +
        'as arguments from the caller.',
      from: { path: '^blocks/' },
      to: { path: '^src/config/', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'domain-pure',
      severity: 'error',
      comment:
        'src/domain/ holds pure rules and view-model types: no I/O, no services, models, listeners ' +
        'or jobs. Pass what the rule needs in as plain arguments, or move the impure part to a service.',
      from: { path: '^src/domain/' },
      to: { path: '^(src/(?!domain/)|jobs/|blocks/)' },
    },
    {
      name: 'src-not-jobs',
      severity: 'error',
      comment:
        'src/ never imports jobs/: jobs call into src/, not the other way round. Only the entry point ' +
        'src/main.ts wires the scheduler in (it starts the desk and then the jobs). Move the shared ' +
        'code (e.g. leases, pacing) into src/, or hand it in from src/main.ts.',
      from: { path: '^src/', pathNot: '^src/main\\.ts$' },
      to: { path: '^jobs/' },
    },
    {
      name: 'outbox-imports-no-feature',
      severity: 'error',
      comment:
        'src/outbox/ is the delivery machinery: it runs task handlers it is handed (desk.tasks, built ' +
        'in src/compose.ts) and never imports a feature. Export the handler from the feature and add ' +
        'it to TASK_HANDLERS in src/compose.ts instead.',
      from: { path: '^src/outbox/' },
      to: { path: '^src/(tickets|notices|reports|listeners|kb)/' },
    },
    {
      name: 'jobs-not-entry-point',
      severity: 'error',
      comment:
        'jobs/ runs on a Desk built by src/compose.ts (buildDesk); importing src/main.ts would tie ' +
        'the CLI to the app start-up. Import what you need from src/compose.ts.',
      from: { path: '^jobs/' },
      to: { path: '^src/main\\.ts$' },
    },
    {
      name: 'listeners-not-models',
      severity: 'error',
      comment:
        'Listeners answer Slack and call services; they never touch src/db/models directly. Call ' +
        '(or add) a service function for the read or write, and take its types from src/domain/.',
      from: { path: '^src/listeners/' },
      to: { path: '^src/db/models/' },
    },
    {
      name: 'not-to-unresolvable',
      severity: 'error',
      comment: 'This import does not resolve: fix the path or install the package.',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(node_modules|dist|data|test/harness/mongo-server/target|bench/results)' },
    // Type-only imports are dependencies too (they count towards cycles and layering):
    // a type cycle still ties two modules together for a reader.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.js', '.mjs', '.cjs', '.json', '.d.ts'],
    },
    reporterOptions: {
      text: { highlightFocused: true },
    },
  },
};
