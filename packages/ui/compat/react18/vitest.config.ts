import { createRequire } from 'node:module'
import { fileURLToPath } from 'node:url'
import { defineProject } from 'vitest/config'

// Resolve React, ReactDOM and React Query from this package (React 18), also for the kit's own
// sources and their dependencies, so exactly one React 18 runs the kit.
const require = createRequire(import.meta.url)
const fromHere = (id: string) => require.resolve(id)
const src = (path: string) => fileURLToPath(new URL(`../../src/${path}`, import.meta.url))

export default defineProject({
  resolve: {
    alias: [
      { find: /^react$/, replacement: fromHere('react') },
      { find: /^react\/jsx-runtime$/, replacement: fromHere('react/jsx-runtime') },
      { find: /^react\/jsx-dev-runtime$/, replacement: fromHere('react/jsx-dev-runtime') },
      { find: /^react-dom$/, replacement: fromHere('react-dom') },
      { find: /^react-dom\/client$/, replacement: fromHere('react-dom/client') },
      { find: /^react-dom\/server$/, replacement: fromHere('react-dom/server') },
      { find: /^@tanstack\/react-query$/, replacement: fromHere('@tanstack/react-query') },
      { find: /^@portal-kit\/ui$/, replacement: src('index.ts') },
      { find: /^@portal-kit\/ui\/testing$/, replacement: src('testing/index.ts') },
      {
        find: /^@portal-kit\/core$/,
        replacement: fileURLToPath(new URL('../../../core/src/index.ts', import.meta.url)),
      },
    ],
    dedupe: ['react', 'react-dom', '@tanstack/react-query'],
  },
  test: {
    name: 'ui-react18',
    environment: 'jsdom',
    include: ['src/**/*.test.{ts,tsx}'],
    server: { deps: { inline: [/@radix-ui/, /@tanstack/, /class-variance-authority/] } },
  },
})
