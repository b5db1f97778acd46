import { defineProject } from 'vitest/config'

export default defineProject({
  test: {
    name: 'stripe-emulator',
    include: ['src/**/*.test.ts'],
    // Every indexed lookup is checked against a full scan, so a change that breaks an index's assumption fails here.
    env: { STRIPE_EMULATOR_CHECK_INDEXES: '1' },
  },
})
