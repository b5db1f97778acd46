// The app's own sign-in, standing in for Auth.js, Clerk or Better Auth: the test signs in by setting
// the `account` cookie. Only the two functions the billing README asks for are here.
import { cookies } from 'next/headers'

const accountIdPattern = /^[a-z0-9_-]{1,64}$/

function accountFromCookie(value: string | undefined) {
  return value && accountIdPattern.test(value) ? { id: value, email: `${value}@example.com` } : null
}

/** Who pays for a route handler request. */
export async function getAccount(req: Request) {
  const cookie = req.headers
    .get('cookie')
    ?.split(';')
    .map((part) => part.trim().split('='))
    .find(([name]) => name === 'account')
  return accountFromCookie(cookie?.[1])
}

/** Who pays, in a server component. */
export async function currentAccountId(): Promise<string | null> {
  return accountFromCookie((await cookies()).get('account')?.value)?.id ?? null
}
