import type { DemoUser } from './session'

/** The users the sign-in page offers, by the key its buttons post. */
export const demoUsers: Readonly<Record<string, DemoUser>> = {
  ada: { name: 'Ada', email: 'ada@example.com', accountId: 'user_ada', team: null },
  // Grace is a member of a team, and the team pays: a B2B account.
  grace: { name: 'Grace', email: 'grace@example.com', accountId: 'team_acme', team: 'Acme Team' },
  linus: { name: 'Linus', email: 'linus@example.com', accountId: 'user_linus', team: null },
}

const emailPattern = /^[^\s@]+@[^\s@]+\.[^\s@]+$/

/** A personal account for any email: `user_<slug>`, the same account for the same address. */
export function userFromEmail(input: string): DemoUser | null {
  const email = input.trim().toLowerCase()
  if (!emailPattern.test(email) || email.length > 200) return null
  const slug = email
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .slice(0, 60)
  const local = email.split('@')[0] ?? email
  const name = local.charAt(0).toUpperCase() + local.slice(1)
  return { name, email, accountId: `user_${slug}`, team: null }
}

/** A same-origin path to go to after sign-in, or the billing page. */
export function safeNextPath(next: unknown): string {
  if (typeof next !== 'string' || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) {
    return '/settings/billing'
  }
  return next
}
