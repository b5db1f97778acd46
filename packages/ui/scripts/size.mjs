// The weight of the built kit as a host app's bundler sees it: an entry importing only the named
// exports, react, react-dom, @tanstack/react-query and Radix external, core counted, minified, code
// split like a bundler splits dynamic imports. What a page loads first (the entry and the chunks it
// imports statically) is gzipped and brotli-compressed file by file; the locale catalogs loaded on
// demand are reported apart. Exits 1 when a budget is exceeded.
//   node scripts/size.mjs          the table
//   node scripts/size.mjs --json   the same figures as JSON (bench/src/run-ui-weight.ts)
import { brotliCompressSync, constants, gzipSync } from 'node:zlib'
import { build } from 'esbuild'

const kb = 1024
const budgets = [
  { name: 'ManageBillingButton alone', exports: ['ManageBillingButton'], budget: 3 * kb },
  {
    name: 'BillingProvider + ManageBillingButton',
    exports: ['BillingProvider', 'ManageBillingButton'],
    budget: 5 * kb,
  },
  { name: 'whole kit', exports: '*', budget: 10 * kb },
]
const external = ['react', 'react-dom', 'react/jsx-runtime', '@tanstack/react-query', '@radix-ui/*']
const packageDir = new URL('..', import.meta.url).pathname

/** Bundles an entry that re-exports `names` (or everything) from the package, as a host would. */
async function bundle(names) {
  const contents =
    names === '*' ? `export * from '@portal-kit/ui'` : `export { ${names.join(', ')} } from '@portal-kit/ui'`
  const result = await build({
    entryPoints: ['size-entry'],
    plugins: [
      {
        name: 'size-entry',
        setup(build) {
          build.onResolve({ filter: /^size-entry$/ }, () => ({ path: 'size-entry', namespace: 'size-entry' }))
          build.onLoad({ filter: /.*/, namespace: 'size-entry' }, () => ({
            contents,
            resolveDir: packageDir,
            loader: 'js',
          }))
        },
      },
    ],
    bundle: true,
    splitting: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    external,
    outdir: 'size-out',
    write: false,
    metafile: true,
    logLevel: 'error',
  })
  const contentsOf = new Map(
    result.outputFiles.map((file) => [file.path.slice(file.path.indexOf('size-out')), file.contents]),
  )
  const outputs = result.metafile.outputs
  const entry = Object.keys(outputs).find((path) => outputs[path].entryPoint)
  // The entry and what it imports statically load first; dynamic imports are chunks loaded on demand.
  const initial = new Set()
  const lazy = new Set()
  const visit = (path) => {
    if (initial.has(path)) return
    initial.add(path)
    for (const imported of outputs[path].imports) {
      if (imported.external) continue
      if (imported.kind === 'dynamic-import') lazy.add(imported.path)
      else visit(imported.path)
    }
  }
  visit(entry)
  const weigh = (paths) => {
    const figures = { min: 0, gzip: 0, brotli: 0 }
    for (const path of paths) {
      const bytes = contentsOf.get(path)
      figures.min += bytes.length
      figures.gzip += gzipSync(bytes, { level: 9 }).length
      figures.brotli += brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length
    }
    return figures
  }
  const onDemand = [...lazy].filter((path) => !initial.has(path))
  return {
    initial: weigh(initial),
    onDemand: onDemand.map((path) => ({ inputs: Object.keys(outputs[path].inputs), ...weigh([path]) })),
    exports: outputs[entry].exports,
  }
}

const kit = await bundle('*')
const runtimeExports = kit.exports.filter((name) => name !== 'default').sort()
const perExport = []
for (const name of runtimeExports) perExport.push({ name, ...(await bundle([name])).initial })
const checks = []
for (const { name, exports, budget } of budgets) {
  const { initial } = exports === '*' ? kit : await bundle(exports)
  checks.push({ name, ...initial, budget, withinBudget: initial.gzip < budget })
}
const catalogs = kit.onDemand.map(({ inputs, ...figures }) => ({
  name: inputs.find((input) => /messages\/\w+\.js$/.test(input))?.match(/(\w+)\.js$/)?.[1] ?? inputs.join(' '),
  ...figures,
}))
const over = checks.filter((check) => !check.withinBudget)

if (process.argv.includes('--json')) {
  console.log(JSON.stringify({ unit: 'bytes', budgets: checks, perExport, catalogsOnDemand: catalogs }, null, 2))
} else {
  const size = (bytes) => `${(bytes / kb).toFixed(2)} KB`.padStart(9)
  const row = (name, { min, gzip, brotli }, verdict = '') =>
    console.log(`${name.padEnd(40)} ${size(min)} min ${size(gzip)} gzip ${size(brotli)} brotli  ${verdict}`)
  console.log('Each export alone, loaded first:')
  for (const entry of perExport) row(`  ${entry.name}`, entry)
  console.log('Locale catalogs, each loaded on demand:')
  for (const catalog of catalogs) row(`  ${catalog.name}`, catalog)
  console.log('Budgets (gzip, loaded first):')
  for (const check of checks)
    row(`  ${check.name}`, check, `${check.withinBudget ? 'under' : 'OVER'} ${check.budget / kb} KB`)
}
if (over.length > 0) {
  console.error(`Over budget: ${over.map((check) => check.name).join(', ')}`)
  process.exit(1)
}
