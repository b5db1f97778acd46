import type { ApiRoute } from '../http/router.js'

export const webhookEndpointsRoutes: ApiRoute[] = []
