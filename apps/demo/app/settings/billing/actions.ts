'use server'
import { createPortalAction } from '@portal-kit/server/next'
import { billing } from '@/lib/billing'

// The no-JavaScript path to the portal through a server action (the kit's buttons post to the route).
export const openPortal = createPortalAction(billing)
