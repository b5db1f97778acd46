import { type NextRequest, NextResponse } from 'next/server'
import { decodeSession, sessionCookieName } from '@/lib/session'

// Redirects that must be real 307s, before any rendering: under cacheComponents a redirect() thrown
// while a page streams is carried out by JavaScript, so without it the page would stay blank.
export async function proxy(req: NextRequest) {
  if (!decodeSession(req.cookies.get(sessionCookieName)?.value)) {
    const signIn = new URL('/sign-in', req.url)
    signIn.searchParams.set('next', req.nextUrl.pathname + req.nextUrl.search)
    return NextResponse.redirect(signIn, 307)
  }
  if (req.nextUrl.pathname.startsWith('/dashboard') && (await accessOf(req)) === 'none') {
    // The dashboard layout makes the same check; this makes it a redirect a browser without JavaScript follows.
    return NextResponse.redirect(new URL('/pricing?from=dashboard', req.url), 307)
  }
  return NextResponse.next()
}

/** The account's access from the app's own status route (the proxy does not open the database itself). */
async function accessOf(req: NextRequest): Promise<string | null> {
  try {
    const res = await fetch(new URL('/api/billing/status', req.url), {
      headers: { cookie: req.headers.get('cookie') ?? '' },
      cache: 'no-store',
    })
    return res.ok ? (((await res.json()) as { access?: string }).access ?? null) : null
  } catch {
    return null
  }
}

export const config = {
  matcher: ['/settings/:path*', '/dashboard/:path*'],
}
