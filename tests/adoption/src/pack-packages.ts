import { execFileSync } from 'node:child_process'
import { mkdirSync, readdirSync } from 'node:fs'
import { join } from 'node:path'

export const packedPackages = ['core', 'server', 'ui', 'stripe-emulator'] as const

/**
 * Packs each package the way releases are made (`pnpm pack`, which rewrites `workspace:*` to real
 * versions) and returns the tarball of each package name.
 */
export function packPackages(repo: string, destination: string): Record<string, string> {
  mkdirSync(destination, { recursive: true })
  const tarballs: Record<string, string> = {}
  for (const dir of packedPackages) {
    const before = new Set(readdirSync(destination))
    execFileSync('pnpm', ['pack', '--pack-destination', destination], {
      cwd: join(repo, 'packages', dir),
      stdio: 'pipe',
    })
    const made = readdirSync(destination).find((file) => !before.has(file) && file.endsWith('.tgz'))
    if (!made) throw new Error(`pnpm pack made no tarball for packages/${dir}`)
    tarballs[`@portal-kit/${dir}`] = join(destination, made)
  }
  return tarballs
}

/** The package.json inside a tarball, as npm will read it. */
export function packedManifest(tarball: string): Record<string, unknown> {
  const text = execFileSync('tar', ['-xzOf', tarball, 'package/package.json'], { encoding: 'utf8' })
  return JSON.parse(text) as Record<string, unknown>
}

/** The file list inside a tarball. */
export function packedFiles(tarball: string): string[] {
  return execFileSync('tar', ['-tzf', tarball], { encoding: 'utf8' })
    .split('\n')
    .filter(Boolean)
    .map((file) => file.replace(/^package\//, ''))
}
