// create-next-app 16's app/layout.tsx without next/font/google (it downloads fonts; the demo runs
// offline), plus the kit's stylesheet and the app's header.
import '@portal-kit/ui/styles.css'
import './globals.css'
import type { Metadata } from 'next'
import { connection } from 'next/server'
import { SiteHeader } from './site-header'

export const metadata: Metadata = {
  title: 'Acme Notes',
  description: 'The Portal Kit demo: Stripe customer-portal billing in a Next.js app',
}

// Every page depends on who is signed in, so the layout renders per request and blocks on the session
// instead of streaming a fallback that would stay on screen with JavaScript off.
export const instant = false

export default async function RootLayout({ children }: LayoutProps<'/'>) {
  await connection()
  return (
    <html lang="en">
      <body>
        <SiteHeader />
        {children}
      </body>
    </html>
  )
}
