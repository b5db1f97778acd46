import { toNextJsHandler } from '@portal-kit/server/next'
import { billing } from '@/lib/billing'

export const { GET, POST, HEAD } = toNextJsHandler(billing)
