import { render, screen } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { renderToString } from 'react-dom/server'
import { describe, expect, it } from 'vitest'
import { BillingProvider } from './billing-provider.js'
import { PastDueBanner } from './past-due-banner.js'
import { billingStatuses } from './stories/billing-statuses.js'
import { SubscriptionStatusCard } from './subscription-status-card.js'
import { createFakeTransport } from './testing/create-fake-transport.js'

describe('given a past_due subscription within its grace period', () => {
  it('says the last payment failed and until when access stays full', () => {
    const status = billingStatuses.pastDueInGrace
    render(
      <BillingProvider transport={createFakeTransport({ status })} initialStatus={status} timeZone="UTC">
        <PastDueBanner />
      </BillingProvider>,
    )
    const banner = screen.getByRole('alert')
    expect(banner).toHaveTextContent('Your last payment failed.')
    expect(banner).toHaveTextContent('You keep full access until November 26, 2026.')
    expect(banner).toHaveAttribute('data-access', 'grace')
  })

  it('shows the banner with a button that opens the payment method update deep link', async () => {
    const status = billingStatuses.pastDueInGrace
    const transport = createFakeTransport({ status })
    render(
      <BillingProvider transport={transport} initialStatus={status} navigate={() => {}}>
        <PastDueBanner returnPath="/settings/billing" />
      </BillingProvider>,
    )
    await userEvent.click(screen.getByRole('button', { name: 'Update payment method' }))
    expect(transport.calls.openPortal).toEqual([
      { flow: 'payment_method_update', subscriptionId: undefined, priceId: undefined, returnPath: '/settings/billing' },
    ])
  })
})

describe('given a past_due subscription past its grace period', () => {
  it('says the account is read-only until the payment method is updated', () => {
    const status = billingStatuses.pastDueReadOnly
    render(
      <BillingProvider transport={createFakeTransport({ status })} initialStatus={status}>
        <PastDueBanner />
      </BillingProvider>,
    )
    const banner = screen.getByRole('alert')
    expect(banner).toHaveTextContent('Your last payment failed.')
    expect(banner).toHaveTextContent('Your account is read-only until your payment method is updated.')
    expect(banner).toHaveAttribute('data-access', 'read_only')
  })
})

describe('given an unpaid subscription', () => {
  it('says the account is read-only', () => {
    const status = billingStatuses.unpaid
    render(
      <BillingProvider transport={createFakeTransport({ status })} initialStatus={status}>
        <PastDueBanner />
      </BillingProvider>,
    )
    expect(screen.getByRole('alert')).toHaveTextContent(
      'Your account is read-only until your payment method is updated.',
    )
  })
})

describe('given a payment that needs confirming (3-D Secure)', () => {
  it('asks to confirm the payment, with the grace date', () => {
    const status = billingStatuses.actionRequired
    render(
      <BillingProvider transport={createFakeTransport({ status })} initialStatus={status} timeZone="UTC">
        <PastDueBanner />
      </BillingProvider>,
    )
    const banner = screen.getByRole('alert')
    expect(banner).toHaveTextContent('Your bank needs you to confirm your last payment.')
    expect(banner).toHaveTextContent('You keep full access until November 27, 2026.')
    expect(screen.getByRole('button', { name: 'Confirm your payment' })).toBeInTheDocument()
  })
})

describe('given notices that are not about a failed payment', () => {
  for (const name of ['active', 'trialEnding', 'cancelingByFlag', 'canceled', 'noSubscription'] as const) {
    it(`renders nothing for ${name}`, () => {
      const status = billingStatuses[name]
      const { container } = render(
        <BillingProvider transport={createFakeTransport({ status })} initialStatus={status}>
          <PastDueBanner />
        </BillingProvider>,
      )
      expect(container).toBeEmptyDOMElement()
    })
  }
})

describe('given the banner was already announced', () => {
  it('uses role="alert" only when the notice first appears, not when the banner mounts again', () => {
    const status = billingStatuses.pastDueInGrace
    const transport = createFakeTransport({ status })
    const page = (showBanner: boolean) => (
      <BillingProvider transport={transport} initialStatus={status}>
        {showBanner ? <PastDueBanner /> : <p>Another settings tab</p>}
      </BillingProvider>
    )
    const { rerender } = render(page(true))
    expect(screen.getByRole('alert')).toBeInTheDocument()
    rerender(page(true))
    expect(screen.getByRole('alert')).toBeInTheDocument()
    rerender(page(false))
    rerender(page(true))
    expect(screen.queryByRole('alert')).toBeNull()
    expect(screen.getByRole('region', { name: 'Your last payment failed.' })).toBeInTheDocument()
  })
})

describe('given a failed payment on a page with the banner above the card', () => {
  it('says the failure once and offers one "Update payment method", in the banner', () => {
    const status = billingStatuses.pastDueInGrace
    const html = renderToString(
      <BillingProvider transport={createFakeTransport({ status })} initialStatus={status} timeZone="UTC">
        <PastDueBanner />
        <SubscriptionStatusCard />
      </BillingProvider>,
    )
    document.body.innerHTML = html
    expect(screen.getAllByRole('button', { name: 'Update payment method' })).toHaveLength(1)
    expect(screen.getByRole('alert')).toContainElement(screen.getByRole('button', { name: 'Update payment method' }))
    expect(document.body).toHaveTextContent(/failed/i)
    expect(document.body.textContent?.match(/failed/gi)).toHaveLength(1)
    expect(screen.getByRole('region', { name: 'Pro' })).toHaveTextContent('Manage billing')
    document.body.innerHTML = ''
  })

  it('says it once in the browser when the host puts the card above the banner', async () => {
    const status = billingStatuses.pastDueInGrace
    render(
      <BillingProvider transport={createFakeTransport({ status })} initialStatus={status} timeZone="UTC">
        <SubscriptionStatusCard />
        <PastDueBanner />
      </BillingProvider>,
    )
    expect(await screen.findAllByRole('button', { name: 'Update payment method' })).toHaveLength(1)
    expect(screen.getByRole('alert')).toContainElement(screen.getByRole('button', { name: 'Update payment method' }))
    expect(document.body.textContent?.match(/failed/gi)).toHaveLength(1)
  })

  it("keeps the card's own call to action on a page without the banner", () => {
    const status = billingStatuses.pastDueInGrace
    render(
      <BillingProvider transport={createFakeTransport({ status })} initialStatus={status} timeZone="UTC">
        <SubscriptionStatusCard />
      </BillingProvider>,
    )
    expect(screen.getByRole('region', { name: 'Pro' })).toHaveTextContent('Payment failed')
    expect(screen.getAllByRole('button', { name: 'Update payment method' })).toHaveLength(1)
  })
})
