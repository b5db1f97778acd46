import { fileURLToPath } from 'node:url'
import { defineProject } from 'vitest/config'

export default defineProject({
  resolve: {
    // Test against the workspace sources, so no build is needed between edits.
    alias: {
      '@portal-kit/core': fileURLToPath(new URL('../core/src/index.ts', import.meta.url)),
      '@portal-kit/stripe-emulator/testing': fileURLToPath(
        new URL('../stripe-emulator/src/testing/index.ts', import.meta.url),
      ),
      '@portal-kit/stripe-emulator': fileURLToPath(new URL('../stripe-emulator/src/index.ts', import.meta.url)),
    },
  },
  test: {
    name: 'server',
    include: ['src/**/*.test.ts'],
    // Type tests of the public API (*.test-d.ts) run with every `vitest run`.
    typecheck: { enabled: true, include: ['src/**/*.test-d.ts'], tsconfig: './tsconfig.json' },
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
})
