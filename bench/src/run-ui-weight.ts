// UI weight (issue 12, target 7): the ui package's size script measures what a host app bundles
// (react, react-dom, React Query and Radix external; minified, then gzip and brotli) and exits 1
// over budget; its figures are merged into results/latest.json under `uiWeight`.
import { execFileSync } from 'node:child_process'
import { readLatestResults, writeLatestResults } from './latest-results.js'

interface Weight {
  name: string
  min: number
  gzip: number
  brotli: number
}
interface SizeReport {
  unit: 'bytes'
  budgets: (Weight & { budget: number; withinBudget: boolean })[]
  perExport: Weight[]
  catalogsOnDemand: Weight[]
}

const script = new URL('../../packages/ui/scripts/size.mjs', import.meta.url).pathname
let output: string
try {
  output = execFileSync(process.execPath, [script, '--json'], { encoding: 'utf8' })
} catch (error) {
  // Over budget: the script still printed its figures before exiting 1.
  output = String((error as { stdout?: string }).stdout ?? '')
  if (!output) throw error
  process.exitCode = 1
}
const report = JSON.parse(output) as SizeReport
const kb = (bytes: number) => `${(bytes / 1024).toFixed(2)} KB`
for (const check of report.budgets) {
  console.log(
    `${check.withinBudget ? 'PASS' : 'MISS'}  ${check.name}: ${kb(check.gzip)} gzip, ${kb(check.brotli)} brotli (budget < ${kb(check.budget)} gzip)`,
  )
}

writeLatestResults({ ...readLatestResults(), uiWeight: { ...report, at: new Date().toISOString() } })
console.log('wrote bench/results/latest.json (uiWeight)')
