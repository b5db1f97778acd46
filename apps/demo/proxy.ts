import { type NextRequest, NextResponse } from 'next/server'
import { decodeSession, sessionCookieName } from '@/lib/session'

// Signed-out visits to pages that need an account get a real 307 to sign-in, before any rendering: a
// redirect() thrown while a streamed page renders only works with JavaScript.
export function proxy(req: NextRequest) {
  if (decodeSession(req.cookies.get(sessionCookieName)?.value)) return NextResponse.next()
  const signIn = new URL('/sign-in', req.url)
  signIn.searchParams.set('next', req.nextUrl.pathname + req.nextUrl.search)
  return NextResponse.redirect(signIn, 307)
}

export const config = {
  matcher: ['/settings/:path*', '/dashboard/:path*'],
}
