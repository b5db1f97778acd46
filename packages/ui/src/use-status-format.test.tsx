import { render } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { BillingProvider } from './billing-provider.js'
import { en } from './messages/en.js'
import { PastDueBanner } from './past-due-banner.js'
import { billingStatuses } from './stories/billing-statuses.js'
import { SubscriptionStatusBadge } from './subscription-status-badge.js'
import { SubscriptionStatusCard } from './subscription-status-card.js'
import { createFakeTransport } from './testing/create-fake-transport.js'

// The provider carries only the actions' English; every status component must bring its own words.
const messageKeys = Object.keys(en).filter((key) => /[A-Z]/.test(key))

describe('given a provider without messages, in English', () => {
  it.each(Object.keys(billingStatuses) as (keyof typeof billingStatuses)[])(
    'renders the banner, the card and the badge of %s in words, never a message key',
    (name) => {
      const status = billingStatuses[name]
      const { container } = render(
        <BillingProvider transport={createFakeTransport({ status })} initialStatus={status} timeZone="UTC">
          <PastDueBanner />
          <SubscriptionStatusCard />
          {status.subscription ? <SubscriptionStatusBadge status={status} /> : null}
        </BillingProvider>,
      )
      const text = container.textContent ?? ''
      expect(messageKeys.filter((key) => text.includes(key))).toEqual([])
      expect(text).not.toBe('')
    },
  )

  it('says a past-due account in the banner, the card and the badge', () => {
    const status = billingStatuses.pastDueInGrace
    const { container } = render(
      <BillingProvider transport={createFakeTransport({ status })} initialStatus={status} timeZone="UTC">
        <PastDueBanner />
        <SubscriptionStatusCard />
        <SubscriptionStatusBadge status={status} />
      </BillingProvider>,
    )
    expect(container).toHaveTextContent('Your last payment failed.')
    expect(container).toHaveTextContent('You keep full access until November 26, 2026.')
    expect(container).toHaveTextContent('Past due')
  })
})
