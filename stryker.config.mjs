// Mutation testing of the pure layers (src/domain, blocks) against the fast unit tests:
// `npm run mutation`. The HTML report goes to reports/mutation/ (not in git).
/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  mutate: ['src/domain/**/*.ts', 'blocks/**/*.ts'],
  testRunner: 'vitest',
  vitest: { configFile: 'vitest.unit.config.ts', related: false },
  // The TypeScript checker discards mutants that do not compile. It is the slow part: on this
  // shared 2-core machine it takes most of the run. STRYKER_QUICK=1 (`npm run mutation:quick`)
  // skips it; such mutants then run and are counted like the others.
  checkers: process.env.STRYKER_QUICK ? [] : ['typescript'],
  // Only what the mutated files and their unit tests need: type-checking each mutant stays cheap.
  tsconfigFile: 'tsconfig.stryker.json',
  typescriptChecker: { prioritizePerformanceOverAccuracy: true },
  coverageAnalysis: 'perTest',
  // The machine is shared: two workers.
  concurrency: 2,
  reporters: ['clear-text', 'progress', 'html', 'json'],
  htmlReporter: { fileName: 'reports/mutation/index.html' },
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  tempDirName: '.stryker-tmp',
  cleanTempDir: 'always',
  thresholds: { high: 85, low: 80, break: null },
};
