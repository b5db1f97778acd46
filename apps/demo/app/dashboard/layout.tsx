import { redirect } from 'next/navigation'
import { connection } from 'next/server'
import type { ReactNode } from 'react'
import { billing } from '@/lib/billing'
import { currentUser } from '@/lib/session'

// Decided on the server before anything renders, so an account without a subscription gets a real
// redirect to the plans, with or without JavaScript.
export const instant = false

export default async function DashboardLayout({ children }: { children: ReactNode }) {
  const user = await currentUser()
  if (!user) redirect('/sign-in?next=/dashboard')
  await connection()
  if ((await billing.api.getAccess(user.accountId)) === 'none') redirect('/pricing?from=dashboard')
  return children
}
