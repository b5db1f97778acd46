'use server'
import { cookies } from 'next/headers'
import { redirect } from 'next/navigation'
import { demoUsers, safeNextPath, userFromEmail } from '@/lib/demo-users'
import { prepareDemoCustomer } from '@/lib/prepare-demo-customer'
import { encodeSession, sessionCookieName, sessionCookieOptions } from '@/lib/session'

/** Signs in a listed demo user (`user`) or anyone by `email`, then goes to `next` or billing. */
export async function signIn(form: FormData): Promise<never> {
  const key = form.get('user')
  const email = form.get('email')
  const user =
    typeof key === 'string' && Object.hasOwn(demoUsers, key)
      ? demoUsers[key]
      : typeof email === 'string'
        ? userFromEmail(email)
        : null
  const next = safeNextPath(form.get('next'))
  if (!user) redirect(`/sign-in?error=email&next=${encodeURIComponent(next)}`)
  try {
    await prepareDemoCustomer(user)
  } catch (error) {
    // Sign-in still works; the kit creates the customer (without a test clock) on first use.
    console.error(`Could not prepare the demo customer for ${user.accountId}: ${(error as Error).message}`)
  }
  ;(await cookies()).set(sessionCookieName, encodeSession(user), sessionCookieOptions)
  redirect(next)
}

export async function signOut(): Promise<never> {
  ;(await cookies()).delete(sessionCookieName)
  redirect('/sign-in')
}
