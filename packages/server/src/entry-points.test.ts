import { execFile } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { describe, expect, it } from 'vitest'

const packageDir = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const storeDrivers = ['pg', '@electric-sql/pglite']

/**
 * Every bare module a source entry loads at runtime, following its relative imports
 * (`import type` is erased by the build, so it does not count).
 */
function runtimeImports(entry: string): Set<string> {
  const found = new Set<string>()
  const seen = new Set<string>()
  const visit = (file: string) => {
    if (seen.has(file)) return
    seen.add(file)
    const source = readFileSync(file, 'utf8')
    const specifiers = [
      ...source.matchAll(/^\s*(?:import|export)\s+(?!type\b)[^'"]*?from\s+['"]([^'"]+)['"]/gm),
      ...source.matchAll(/^\s*import\s+['"]([^'"]+)['"]/gm),
      ...source.matchAll(/\bimport\(\s*['"]([^'"]+)['"]\s*\)/g),
    ].map((m) => m[1] as string)
    for (const specifier of specifiers) {
      if (specifier.startsWith('.')) visit(resolve(dirname(file), specifier.replace(/\.js$/, '.ts')))
      else found.add(specifier)
    }
  }
  visit(resolve(packageDir, entry))
  return found
}

describe('the entry points', () => {
  it('keeps store drivers out of the main and /next entries, so an app bundles only the driver it uses', () => {
    for (const entry of ['src/index.ts', 'src/next/index.ts']) {
      const reached = [...runtimeImports(entry)].filter((m) => storeDrivers.includes(m))
      expect({ entry, reached }).toEqual({ entry, reached: [] })
    }
  })

  it('gives each store driver an entry of its own', () => {
    expect([...runtimeImports('src/pglite.ts')].filter((m) => storeDrivers.includes(m))).toEqual([
      '@electric-sql/pglite',
    ])
    expect([...runtimeImports('src/postgres.ts')].filter((m) => storeDrivers.includes(m))).toEqual(['pg'])
  })

  it('imports Next.js modules with their file extension, which Node ESM needs outside a bundler', () => {
    const nextImports = [...runtimeImports('src/next/index.ts')].filter((m) => m.startsWith('next/'))
    expect(nextImports.length).toBeGreaterThan(0)
    for (const specifier of nextImports) expect(specifier).toMatch(/\.js$/)
  })
})

// These read the build (`pnpm --filter @portal-kit/server build`), as the CLI binary test does.
describe('the built package', () => {
  it('has no store driver import in dist/index and dist/next', () => {
    for (const file of ['index.js', 'index.cjs', 'next.js', 'next.cjs']) {
      const code = readFileSync(resolve(packageDir, 'dist', file), 'utf8')
      for (const driver of storeDrivers) {
        expect({
          file,
          driver,
          imported: new RegExp(`(from|import|require)\\s*\\(?\\s*['"]${driver}['"]`).test(code),
        }).toEqual({
          file,
          driver,
          imported: false,
        })
      }
    }
  })

  it('loads dist/next.js in plain Node, as serverExternalPackages does', async () => {
    const script = `const m = await import(${JSON.stringify(resolve(packageDir, 'dist/next.js'))}); console.log(Object.keys(m).sort().join(','))`
    const { stdout } = await promisify(execFile)(process.execPath, ['--input-type=module', '-e', script], {
      cwd: packageDir,
    })
    expect(stdout.trim().split(',')).toEqual(['createPortalAction', 'toNextJsHandler', 'withPortalKit'])
  })
})
