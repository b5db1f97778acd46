import type { NextConfig } from 'next'
import { describe, expect, it } from 'vitest'
import { withPortalKit } from './with-portal-kit.js'

describe('withPortalKit', () => {
  it('adds PGlite, pg and the kit to serverExternalPackages of an empty config', () => {
    expect(withPortalKit({})).toEqual({
      serverExternalPackages: ['@electric-sql/pglite', 'pg', '@portal-kit/server'],
    })
    expect(withPortalKit().serverExternalPackages).toHaveLength(3)
  })

  it("keeps the app's own settings and entries, without duplicates", () => {
    const config: NextConfig = {
      reactStrictMode: true,
      serverExternalPackages: ['sharp', 'pg'],
      experimental: { serverActions: { bodySizeLimit: '2mb' } },
    }
    const merged = withPortalKit(config)
    expect(merged).toEqual({
      reactStrictMode: true,
      serverExternalPackages: ['sharp', 'pg', '@electric-sql/pglite', '@portal-kit/server'],
      experimental: { serverActions: { bodySizeLimit: '2mb' } },
    })
    expect(config.serverExternalPackages).toEqual(['sharp', 'pg'])
  })

  it('wraps a config function, sync or async, passing its arguments through', async () => {
    const seen: unknown[] = []
    const fromFunction = withPortalKit((phase: string) => {
      seen.push(phase)
      return { serverExternalPackages: ['sharp'] }
    })
    expect(await fromFunction('phase-production-build')).toEqual({
      serverExternalPackages: ['sharp', '@electric-sql/pglite', 'pg', '@portal-kit/server'],
    })
    expect(seen).toEqual(['phase-production-build'])
    const fromAsync = withPortalKit(async () => ({ poweredByHeader: false }))
    expect(await fromAsync()).toEqual({
      poweredByHeader: false,
      serverExternalPackages: ['@electric-sql/pglite', 'pg', '@portal-kit/server'],
    })
  })
})
