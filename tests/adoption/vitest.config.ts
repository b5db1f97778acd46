import { defineConfig } from 'vitest/config'

// Not part of the root `vitest run` projects: it packs, installs and builds a whole Next.js app, so
// `pnpm test:adoption` runs it on its own after the unit tests.
export default defineConfig({
  test: {
    name: 'adoption',
    include: ['src/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 600_000,
    fileParallelism: false,
  },
})
