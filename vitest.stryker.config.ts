import { defineConfig } from 'vitest/config'

/**
 * Vitest config used only by Stryker (stryker.config.mjs): every test of the pure core, the
 * evasion corpus and the generated programs. The e2e suite builds real apps and is left out.
 * Snapshots are never written: a mutant that changes an output must fail against the committed
 * snapshot, not overwrite it.
 */
export default defineConfig({
  test: {
    include: ['test/fixtures.test.ts', 'test/core/**/*.test.ts', 'test/evasion/**/*.test.ts', 'test/property/**/*.test.ts', 'test/vite/**/*.test.ts', 'test/report/**/*.test.ts'],
    update: false,
  },
})
