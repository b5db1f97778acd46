// Prints the minified + gzipped weight of the built kit as a host app's bundler would see it:
// react, react-dom, @tanstack/react-query and Radix stay external; core is counted.
// Budgets: ManageBillingButton alone < 3 KB, the whole kit < 12 KB. Exits 1 over budget.
import { gzipSync } from 'node:zlib'
import { build } from 'esbuild'

const external = ['react', 'react-dom', 'react/jsx-runtime', '@tanstack/react-query', '@radix-ui/*']
const cases = [
  { name: 'ManageBillingButton alone', code: `export { ManageBillingButton } from '@portal-kit/ui'`, budget: 3 * 1024 },
  {
    name: 'ManageBillingButton + BillingProvider',
    code: `export { BillingProvider, ManageBillingButton } from '@portal-kit/ui'`,
  },
  { name: 'whole kit', code: `export * from '@portal-kit/ui'`, budget: 12 * 1024 },
]

let over = false
for (const { name, code, budget } of cases) {
  const result = await build({
    stdin: { contents: code, resolveDir: process.cwd(), loader: 'js' },
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    external,
    write: false,
    logLevel: 'error',
  })
  const bytes = result.outputFiles[0].contents
  const gzip = gzipSync(bytes, { level: 9 }).length
  const verdict = budget ? (gzip <= budget ? `within ${budget / 1024} KB` : `OVER ${budget / 1024} KB`) : ''
  if (budget && gzip > budget) over = true
  console.log(
    `${name.padEnd(40)} ${(bytes.length / 1024).toFixed(2).padStart(6)} KB min  ${(gzip / 1024).toFixed(2).padStart(5)} KB gzip  ${verdict}`,
  )
}
process.exit(over ? 1 : 0)
