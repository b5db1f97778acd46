import { defineConfig } from 'tsup'

export default defineConfig([
  {
    entry: {
      index: 'src/index.ts',
      next: 'src/next/index.ts',
      pglite: 'src/pglite.ts',
      postgres: 'src/postgres.ts',
      testing: 'src/testing-kit/index.ts',
    },
    format: ['esm', 'cjs'],
    dts: true,
    clean: true,
    sourcemap: true,
    target: 'node20',
    external: ['stripe', 'pg', '@electric-sql/pglite', 'next', /^next\//, 'vitest'],
  },
  {
    entry: { cli: 'src/cli.ts' },
    format: ['esm'],
    sourcemap: true,
    target: 'node20',
    external: ['stripe', 'pg', '@electric-sql/pglite', 'next', /^next\//, 'vitest'],
  },
])
