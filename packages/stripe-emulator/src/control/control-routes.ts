import type { PageRoute } from '../pages/page-router.js'

/**
 * `/_emulator/*`: test controls (JSON in, JSON out). Reset state, list webhook deliveries,
 * set chaos rates and settings, wait for deliveries to settle.
 */
export const controlRoutes: PageRoute[] = []
