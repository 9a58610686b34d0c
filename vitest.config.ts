import { configDefaults, defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // The apps the end-to-end tests write hold test files of their own (the audit's fixtures).
    exclude: [...configDefaults.exclude, 'test/e2e/.apps/**'],
    benchmark: { include: ['bench/**/*.bench.ts'] },
  },
})
