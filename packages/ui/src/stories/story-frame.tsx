import type { BillingStatus } from '@portal-kit/core'
import { type ReactNode, useState } from 'react'
import { BillingProvider } from '../billing-provider.js'
import { catalogLanguage } from '../messages/billing-catalogs.js'
import { createFakeTransport, type FakeTransportOptions } from '../testing/create-fake-transport.js'
import { storyMessages } from './story-messages.js'

/** `parameters.billing` of a story: what the fake endpoints answer and how the page was reached. */
export interface BillingStoryParameters extends FakeTransportOptions {
  /** Start from the server-rendered status (the default) or from nothing (loading, error). */
  initialStatus?: BillingStatus | null
  /** The page was reached from the portal's return URL (`?billing_return=1`). */
  returnFromPortal?: boolean
  plansHref?: string
  /** The `?billing_error=<code>` a failed form post came back with, as the host passes it. */
  returnError?: string
}

export interface StoryFrameProps {
  billing: BillingStoryParameters | undefined
  locale: string
  theme: 'light' | 'dark'
  navigate: (url: string) => void
  children: ReactNode
}

/** Wraps each story in a provider over a fresh fake transport, in the chosen locale and theme. */
export function StoryFrame({ billing = {}, locale, theme, navigate, children }: StoryFrameProps) {
  const [transport] = useState(() => {
    if (billing.returnFromPortal) {
      const url = new URL(window.location.href)
      url.searchParams.set('billing_return', '1')
      window.history.replaceState(window.history.state, '', url)
    }
    return createFakeTransport(billing)
  })
  const initialStatus =
    billing.initialStatus !== undefined
      ? billing.initialStatus
      : billing.status && typeof billing.status === 'object' && 'version' in billing.status
        ? billing.status
        : null
  return (
    <div className={theme === 'dark' ? 'dark' : 'light'} data-theme={theme} style={frameStyle(theme)}>
      <BillingProvider
        transport={transport}
        initialStatus={initialStatus}
        locale={locale}
        // English as an app has it (no messages: each component brings its words); another locale's
        // catalog passed whole, as a server component passes it.
        messages={catalogLanguage(locale) === 'en' ? undefined : storyMessages({ locale })}
        timeZone="UTC"
        plansHref={billing.plansHref ?? '/pricing'}
        navigate={navigate}
        returnError={billing.returnError ?? null}
      >
        {children}
      </BillingProvider>
    </div>
  )
}

function frameStyle(theme: 'light' | 'dark') {
  return {
    padding: '1.5rem',
    minHeight: '100%',
    background: theme === 'dark' ? '#0b1120' : '#f8fafc',
    colorScheme: theme,
  } as const
}
