import type { ApiRoute } from '../http/router.js'

export const checkoutSessionsRoutes: ApiRoute[] = []
