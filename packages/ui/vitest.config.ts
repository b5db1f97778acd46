import { defineProject } from 'vitest/config'

export default defineProject({
  test: {
    name: 'ui',
    environment: 'jsdom',
    include: ['src/**/*.test.{ts,tsx}'],
    setupFiles: ['./src/test/setup.ts'],
    // Type tests of the public props (`*.test-d.tsx`): a `@ts-expect-error` that no longer errors fails.
    typecheck: { enabled: true, include: ['src/**/*.test-d.tsx'], tsconfig: './tsconfig.json' },
  },
})
