import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vitest/config'
import server from '../vitest.config.js'

/** `pnpm test:chaos`: the chaos soak alone, on the workspace sources like the server's tests, in a process that may collect garbage on demand. */
export default defineConfig({
  resolve: server.resolve,
  test: {
    name: 'chaos',
    root: fileURLToPath(new URL('.', import.meta.url)),
    include: ['*.soak.ts'],
    execArgv: ['--expose-gc'],
    // Per sync mode; on an idle 2-core machine a mode takes about a minute.
    testTimeout: 600_000,
    hookTimeout: 60_000,
    reporters: ['default', './chaos-summary-reporter.ts'],
  },
})
