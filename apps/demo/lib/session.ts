// The demo's sign-in stand-in. This file is where a real app plugs in Auth.js, Clerk or Better Auth:
// replace `currentUser()` and `getAccount(req)` with your auth library's session lookup (apps/demo/README.md
// shows `getAccount` for each). Billing only needs to know who pays: a user, or the user's team.
import { createHmac, timingSafeEqual } from 'node:crypto'
import type { BillingAccount } from '@portal-kit/server'
import { cookies } from 'next/headers'

export interface DemoUser {
  name: string
  email: string
  /** The paying account: the user, or the team the user belongs to. */
  accountId: string
  /** The team's name when the team pays. */
  team: string | null
}

export const sessionCookieName = 'demo_session'

// A fixed value keeps `pnpm demo` zero-config; it signs only demo users. Set DEMO_SESSION_SECRET anywhere
// the app is reachable by others.
const devSecret = 'portal-kit-demo-dev-secret-not-for-production'
const sessionMaxAgeSeconds = 60 * 60 * 24 * 7

function secret(): string {
  return process.env.DEMO_SESSION_SECRET || devSecret
}

function sign(payload: string): string {
  return createHmac('sha256', secret()).update(payload).digest('base64url')
}

/** The cookie value for a user: base64url JSON, a dot, and its HMAC-SHA256. */
export function encodeSession(user: DemoUser): string {
  const payload = Buffer.from(JSON.stringify(user)).toString('base64url')
  return `${payload}.${sign(payload)}`
}

/** The user in a cookie value, or null when it is missing, malformed or its signature does not match. */
export function decodeSession(value: string | undefined): DemoUser | null {
  if (!value) return null
  const dot = value.lastIndexOf('.')
  if (dot <= 0) return null
  const payload = value.slice(0, dot)
  const given = Buffer.from(value.slice(dot + 1), 'base64url')
  const expected = Buffer.from(sign(payload), 'base64url')
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null
  try {
    const user = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Partial<DemoUser>
    if (typeof user.accountId !== 'string' || typeof user.email !== 'string' || typeof user.name !== 'string')
      return null
    return { name: user.name, email: user.email, accountId: user.accountId, team: user.team ?? null }
  } catch {
    return null
  }
}

export const sessionCookieOptions = {
  httpOnly: true,
  sameSite: 'lax',
  path: '/',
  maxAge: sessionMaxAgeSeconds,
  secure: process.env.NODE_ENV === 'production' && process.env.APP_URL?.startsWith('https:') === true,
} as const

function readCookie(header: string | null, name: string): string | undefined {
  for (const part of header?.split(';') ?? []) {
    const eq = part.indexOf('=')
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim()
  }
  return undefined
}

function toAccount(user: DemoUser): BillingAccount {
  return { id: user.accountId, email: user.email, name: user.team ?? user.name }
}

/** Who pays for a route handler request (`createBilling({ getAccount })`). */
export async function getAccount(req: Request): Promise<BillingAccount | null> {
  const user = decodeSession(readCookie(req.headers.get('cookie'), sessionCookieName))
  return user ? toAccount(user) : null
}

/** The signed-in user in a server component or server action. */
export async function currentUser(): Promise<DemoUser | null> {
  return decodeSession((await cookies()).get(sessionCookieName)?.value)
}

/** The paying account of the signed-in user, for server code that calls the billing API. */
export async function currentAccount(): Promise<BillingAccount | null> {
  const user = await currentUser()
  return user ? toAccount(user) : null
}
