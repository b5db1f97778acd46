import { defineConfig } from 'tsup'

// Unbundled: one output file per source file, so esbuild keeps each file's own "use client"
// directive (scripts/check-use-client.mjs verifies it) and hosts tree-shake per component.
export default defineConfig({
  entry: [
    'src/**/*.{ts,tsx}',
    '!src/**/*.test.{ts,tsx}',
    '!src/**/*.test-d.{ts,tsx}',
    '!src/**/*.stories.{ts,tsx}',
    '!src/stories/**',
    '!src/test/**',
  ],
  format: ['esm'],
  bundle: false,
  dts: true,
  clean: true,
  sourcemap: true,
  target: 'es2022',
})
