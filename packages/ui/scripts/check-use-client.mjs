// Fails the build when a source file that starts with "use client" lost the directive in dist.
import { readdirSync, readFileSync } from 'node:fs'
import { join, relative } from 'node:path'

const src = new URL('../src/', import.meta.url).pathname
const dist = new URL('../dist/', import.meta.url).pathname
const directive = /^\s*['"]use client['"]/

function* sources(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) yield* sources(path)
    else if (/\.tsx?$/.test(entry.name) && !/\.(test|stories)\.tsx?$/.test(entry.name)) yield path
  }
}

const missing = []
let checked = 0
for (const file of sources(src)) {
  if (!directive.test(readFileSync(file, 'utf8'))) continue
  const built = join(dist, relative(src, file).replace(/\.tsx?$/, '.js'))
  checked++
  if (!directive.test(readFileSync(built, 'utf8'))) missing.push(relative(dist, built))
}
if (missing.length > 0) {
  console.error(`"use client" missing from: ${missing.join(', ')}`)
  process.exit(1)
}
console.log(`"use client" kept in ${checked} built files`)
