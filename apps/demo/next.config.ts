import { withPortalKit } from '@portal-kit/server/next'
import type { NextConfig } from 'next'

// create-next-app 16's config, wrapped so Node loads PGlite, pg and the kit's server code unbundled.
const nextConfig: NextConfig = {
  cacheComponents: true,
  partialPrefetching: true,
}

export default withPortalKit(nextConfig)
