import { defineConfig } from 'vitest/config'

// The demo's journeys in Chromium against a production build (next build + next start) and the
// emulator. Run by `pnpm test:e2e`, after the unit tests, not as a root vitest project.
export default defineConfig({
  test: {
    name: 'demo-e2e',
    root: import.meta.dirname,
    include: ['**/*.test.ts'],
    testTimeout: 90_000,
    hookTimeout: 300_000,
    fileParallelism: false,
  },
})
