import type { NextConfig } from 'next'

/**
 * Packages Next.js must load with Node instead of bundling: PGlite reads its WebAssembly and data
 * files from disk (bundled, Turbopack hands it a URL where it wants a path, and copies 15 MB into
 * public `.next/static/media`), and the kit shares one PGlite per directory only when one copy loads.
 */
const serverPackages = ['@electric-sql/pglite', 'pg', '@portal-kit/server']

type NextConfigFunction<A extends unknown[]> = (...args: A) => NextConfig | Promise<NextConfig>

/**
 * `next.config.ts`: `export default withPortalKit({ ...yourConfig })`. Adds the kit's packages to
 * `serverExternalPackages`, keeping the app's own entries. Takes a config object or a config function.
 */
export function withPortalKit(config?: NextConfig): NextConfig
export function withPortalKit<A extends unknown[]>(config: NextConfigFunction<A>): (...args: A) => Promise<NextConfig>
export function withPortalKit<A extends unknown[]>(
  config: NextConfig | NextConfigFunction<A> = {},
): NextConfig | ((...args: A) => Promise<NextConfig>) {
  if (typeof config === 'function') return async (...args: A) => addServerPackages(await config(...args))
  return addServerPackages(config)
}

function addServerPackages(config: NextConfig): NextConfig {
  const own = config.serverExternalPackages ?? []
  return { ...config, serverExternalPackages: [...new Set([...own, ...serverPackages])] }
}
