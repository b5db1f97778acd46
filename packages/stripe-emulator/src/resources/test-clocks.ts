import type { ApiRoute } from '../http/router.js'

export const testClocksRoutes: ApiRoute[] = []
