import { QueryClient, QueryClientProvider, useQueryClient } from '@tanstack/react-query'
import { render, screen, waitFor } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { BillingErrorNotice } from './billing-error-notice.js'
import { BillingProvider } from './billing-provider.js'
import { billingQueryKeys } from './billing-query-keys.js'
import { es } from './messages/es.js'
import { loadBillingMessages } from './messages/load-billing-messages.js'
import { PastDueBanner } from './past-due-banner.js'
import { billingStatuses } from './stories/billing-statuses.js'
import { SubscriptionStatusCard } from './subscription-status-card.js'
import { createFakeTransport } from './testing/create-fake-transport.js'

describe('given the host passes its own QueryClient', () => {
  it('keeps the billing status in that client under the status key', async () => {
    const client = new QueryClient()
    const transport = createFakeTransport({ status: billingStatuses.active })
    render(
      <BillingProvider queryClient={client} transport={transport} basePath="/billing-api">
        <SubscriptionStatusCard />
      </BillingProvider>,
    )
    await screen.findByRole('region', { name: 'Pro' })
    expect(client.getQueryData(billingQueryKeys.status('/billing-api'))).toEqual(billingStatuses.active)
  })
})

function HostComponent({ seen }: { seen: QueryClient[] }) {
  seen.push(useQueryClient())
  return null
}

describe('given no QueryClient is passed', () => {
  it('keeps its own, without replacing the client the host provides to its other components', async () => {
    const hostClient = new QueryClient()
    const seen: QueryClient[] = []
    render(
      <QueryClientProvider client={hostClient}>
        <BillingProvider transport={createFakeTransport({ status: billingStatuses.active })}>
          <SubscriptionStatusCard />
          <HostComponent seen={seen} />
        </BillingProvider>
      </QueryClientProvider>,
    )
    await screen.findByRole('region', { name: 'Pro' })
    expect(seen.at(-1)).toBe(hostClient)
    expect(hostClient.getQueryData(billingQueryKeys.status('/api/billing'))).toBeUndefined()
  })
})

describe('given a server-rendered initial status', () => {
  it('renders it at once without a loading state or a status request', () => {
    const transport = createFakeTransport({ status: billingStatuses.active })
    render(
      <BillingProvider transport={transport} initialStatus={billingStatuses.active}>
        <SubscriptionStatusCard />
      </BillingProvider>,
    )
    expect(screen.getByRole('region', { name: 'Pro' })).toHaveAttribute('data-state', 'ready')
    expect(transport.calls.getStatus).toHaveLength(0)
  })
})

describe('given the server renders the page again with a newer status', () => {
  it('shows the new status, as after a server action or a visit to a page kept by the router', async () => {
    const transport = createFakeTransport({ status: 'pending' })
    const { rerender } = render(
      <BillingProvider transport={transport} initialStatus={billingStatuses.active}>
        <SubscriptionStatusCard />
      </BillingProvider>,
    )
    expect(screen.getByText(/Renews on/)).toBeInTheDocument()
    rerender(
      <BillingProvider transport={transport} initialStatus={billingStatuses.cancelingByFlag}>
        <SubscriptionStatusCard />
      </BillingProvider>,
    )
    expect(await screen.findByText(/Cancels on/)).toBeInTheDocument()
    expect(transport.calls.getStatus).toHaveLength(0)
  })

  it('keeps what it has when the same status is passed again', () => {
    const transport = createFakeTransport({ status: billingStatuses.cancelingByFlag })
    const { rerender } = render(
      <BillingProvider transport={transport} initialStatus={billingStatuses.active}>
        <SubscriptionStatusCard />
      </BillingProvider>,
    )
    rerender(
      <BillingProvider transport={transport} initialStatus={{ ...billingStatuses.active }}>
        <SubscriptionStatusCard />
      </BillingProvider>,
    )
    expect(screen.getByText(/Renews on/)).toBeInTheDocument()
  })
})

describe('given a locale and message overrides', () => {
  it('switching the locale loads that catalog and changes the words and the date format', async () => {
    const status = billingStatuses.pastDueInGrace
    const page = (locale: string) => (
      <BillingProvider
        transport={createFakeTransport({ status })}
        initialStatus={status}
        locale={locale}
        timeZone="UTC"
      >
        <PastDueBanner />
      </BillingProvider>
    )
    const { rerender } = render(page('en-US'))
    expect(screen.getByRole('alert')).toHaveTextContent('You keep full access until November 26, 2026.')
    rerender(page('fr-FR'))
    // The French words arrive with their catalog; the date is French at once, from Intl.
    expect(screen.getByRole('alert')).toHaveTextContent('You keep full access until 26 novembre 2026.')
    await waitFor(() =>
      expect(screen.getByRole('alert')).toHaveTextContent('Vous gardez un accès complet jusqu’au 26 novembre 2026.'),
    )
    rerender(page('pl'))
    await waitFor(() =>
      expect(screen.getByRole('alert')).toHaveTextContent('Zachowujesz pełny dostęp do 26 listopada 2026.'),
    )
  })

  it('renders a catalog this page already loaded from the first frame of a new provider', async () => {
    await loadBillingMessages('es')
    const status = billingStatuses.pastDueInGrace
    render(
      <BillingProvider transport={createFakeTransport({ status })} initialStatus={status} locale="es-MX" timeZone="UTC">
        <PastDueBanner />
      </BillingProvider>,
    )
    expect(screen.getByRole('alert')).toHaveTextContent(es.paymentFailedTitle)
  })

  it('an overridden message replaces the catalog word, placeholders included', async () => {
    const status = billingStatuses.pastDueInGrace
    render(
      <BillingProvider
        transport={createFakeTransport({ status })}
        initialStatus={status}
        locale="de"
        timeZone="UTC"
        messages={{ graceUntil: 'Zugang bleibt bis {date}.', updatePaymentMethod: 'Karte ändern' }}
      >
        <PastDueBanner />
      </BillingProvider>,
    )
    expect(screen.getByRole('alert')).toHaveTextContent('Zugang bleibt bis 26. November 2026.')
    await waitFor(() => expect(screen.getByRole('alert')).toHaveTextContent('Ihre letzte Zahlung ist fehlgeschlagen.'))
    expect(screen.getByRole('alert')).toHaveTextContent('Zugang bleibt bis 26. November 2026.')
    expect(screen.getByRole('button', { name: 'Karte ändern' })).toBeInTheDocument()
  })

  it('renders a whole catalog passed as messages at once, as a server component passes it', async () => {
    const status = billingStatuses.pastDueInGrace
    render(
      <BillingProvider
        transport={createFakeTransport({ status })}
        initialStatus={status}
        locale="pl"
        timeZone="UTC"
        messages={await loadBillingMessages('pl-PL', { updatePaymentMethod: 'Zmień kartę' })}
      >
        <PastDueBanner />
      </BillingProvider>,
    )
    expect(screen.getByRole('alert')).toHaveTextContent('Zachowujesz pełny dostęp do 26 listopada 2026.')
    expect(screen.getByRole('button', { name: 'Zmień kartę' })).toBeInTheDocument()
  })

  it('falls back to English for a locale without a catalog, keeping its date format', () => {
    const status = billingStatuses.pastDueInGrace
    render(
      <BillingProvider transport={createFakeTransport({ status })} initialStatus={status} locale="en-GB" timeZone="UTC">
        <PastDueBanner />
      </BillingProvider>,
    )
    expect(screen.getByRole('alert')).toHaveTextContent('You keep full access until 26 November 2026.')
  })
})

describe('given the page was reached with ?billing_error=<code> after a failed form post', () => {
  it('shows the reason from the URL when the host passes none, then removes the parameter', async () => {
    window.history.replaceState(null, '', '/settings/billing?tab=plan&billing_error=unauthenticated')
    render(
      <BillingProvider transport={createFakeTransport()}>
        <BillingErrorNotice />
      </BillingProvider>,
    )
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'That didn’t work. Your session has ended. Sign in again to manage billing.',
    )
    expect(window.location.pathname + window.location.search).toBe('/settings/billing?tab=plan')
  })

  it('shows the host’s returnError and removes the parameter from the URL too', () => {
    window.history.replaceState(null, '', '/settings/billing?billing_error=rate_limited')
    render(
      <BillingProvider transport={createFakeTransport()} returnError="rate_limited">
        <BillingErrorNotice />
      </BillingProvider>,
    )
    expect(screen.getByRole('alert')).toHaveAttribute('data-code', 'rate_limited')
    expect(window.location.search).toBe('')
  })

  it('shows nothing without the parameter', () => {
    window.history.replaceState(null, '', '/settings/billing')
    render(
      <BillingProvider transport={createFakeTransport()}>
        <BillingErrorNotice />
      </BillingProvider>,
    )
    expect(screen.queryByRole('alert')).toBeNull()
  })
})
