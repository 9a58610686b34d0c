// @ts-check
// Mutation testing of the pure core (analysis and access decisions). Run: npm run test:mutation
// CI=true: vitest must never write or update snapshots (toMatchFileSnapshot) in Stryker's sandbox.
process.env.CI = 'true'
// The property test runs fewer generated programs per mutant (each runs TanStack's compiler and
// runtime); npm test runs 500.
process.env.FC_RUNS ??= '40'

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
const config = {
  testRunner: 'vitest',
  vitest: { configFile: 'vitest.stryker.config.ts' },
  mutate: ['src/core/**/*.ts', '!src/core/index.ts', '!src/core/model.ts', '!src/core/diagnostics.ts'],
  coverageAnalysis: 'perTest',
  concurrency: 2,
  reporters: ['clear-text', 'progress', 'json'],
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  thresholds: { high: 90, low: 85, break: null },
  incremental: false,
  // Stryker's default prepends `// @ts-nocheck` to test files in its sandbox, which shifts every
  // line of the fixture modules (test/fixtures/cases) and breaks their snapshots. Vitest does not
  // type-check, so nothing needs it.
  disableTypeChecks: false,
  // Stryker copies the project into its sandbox: leave out what no mutated test reads, among them
  // the apps the end-to-end tests write (a test that rewrites one would break the copy).
  ignorePatterns: ['/test/e2e/.apps', '/dist', '/playground/dist', '/coverage'],
}

export default config
