import { render, screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { describe, expect, it } from 'vitest'
import { BillingProvider } from './billing-provider.js'
import { BillingRequestError } from './billing-request-error.js'
import { billingStatuses } from './stories/billing-statuses.js'
import { SubscriptionStatusCard } from './subscription-status-card.js'
import { createFakeTransport } from './testing/create-fake-transport.js'

type StatusName = keyof typeof billingStatuses

function renderCard(name: StatusName) {
  const status = billingStatuses[name]
  const transport = createFakeTransport({ status })
  render(
    <BillingProvider
      transport={transport}
      initialStatus={status}
      timeZone="UTC"
      plansHref="/pricing"
      navigate={() => {}}
    >
      <SubscriptionStatusCard />
    </BillingProvider>,
  )
  return { card: screen.getByRole('region'), transport }
}

describe('given each subscription state', () => {
  const cases: Array<[StatusName, string, string]> = [
    ['active', 'Renews on December 1, 2026', 'Active'],
    ['trialing', 'Trial ends on December 5, 2026', 'Trial'],
    ['trialEnding', 'Trial ends on November 23, 2026', 'Trial ending'],
    ['cancelingByFlag', 'Cancels on December 1, 2026', 'Canceling'],
    ['cancelingByCancelAt', 'Cancels on December 15, 2026', 'Canceling'],
    ['pastDueInGrace', 'Payment failed', 'Past due'],
    ['pastDueReadOnly', 'Payment failed', 'Past due'],
    ['unpaid', 'Payment failed', 'Unpaid'],
    ['actionRequired', 'Payment needs your confirmation', 'Past due'],
    ['canceled', 'Ended on November 10, 2026', 'Canceled'],
    ['paused', 'Your subscription is paused.', 'Paused'],
  ]
  for (const [name, sentence, badge] of cases) {
    it(`shows "${sentence}" and the "${badge}" badge for ${name}`, () => {
      const { card } = renderCard(name)
      expect(card).toHaveAccessibleName('Pro')
      expect(within(card).getByText(sentence)).toBeInTheDocument()
      expect(card.querySelector('[data-slot="subscription-status-badge"]')).toHaveTextContent(badge)
      expect(card).toHaveTextContent('$29.00 per month')
    })
  }
})

describe('given an active subscription', () => {
  it('opens the plan-change and cancel deep links for that subscription', async () => {
    const { transport } = renderCard('active')
    await userEvent.click(screen.getByRole('button', { name: 'Change plan' }))
    expect(transport.calls.openPortal.at(-1)).toMatchObject({
      flow: 'subscription_update',
      subscriptionId: 'sub_1QpRoAcme',
    })
  })

  it('opens the cancel deep link for that subscription', async () => {
    const { transport } = renderCard('active')
    await userEvent.click(screen.getByRole('button', { name: 'Cancel subscription' }))
    expect(transport.calls.openPortal.at(-1)).toMatchObject({
      flow: 'subscription_cancel',
      subscriptionId: 'sub_1QpRoAcme',
    })
  })
})

describe('given a trial that ends in two days', () => {
  it('looks different from any other trial: a "Trial ending" badge and its sentence in the warning tone', () => {
    const { card } = renderCard('trialEnding')
    const badge = card.querySelector('[data-slot="subscription-status-badge"]')
    expect(badge?.textContent).toBe('Trial ending')
    expect(badge).toHaveAttribute('data-tone', 'warning')
    expect(card.querySelector('[data-slot="subscription-card-detail"]')).toHaveAttribute('data-tone', 'warning')
    expect(card).toHaveAttribute('data-notice', 'trial_ending')
  })

  it('keeps the calm look for a trial that is not ending yet', () => {
    const { card } = renderCard('trialing')
    const badge = card.querySelector('[data-slot="subscription-status-badge"]')
    expect(badge?.textContent).toBe('Trial')
    expect(badge).toHaveAttribute('data-tone', 'info')
  })
})

describe('given a trial that ends soon without a card on file', () => {
  it('leads with adding a payment method', async () => {
    const { transport } = renderCard('trialEndingWithoutCard')
    expect(screen.getByText('Trial ends on November 23, 2026')).toBeInTheDocument()
    await userEvent.click(screen.getByRole('button', { name: 'Add payment method' }))
    expect(transport.calls.openPortal.at(-1)).toMatchObject({ flow: 'payment_method_update' })
  })
})

describe('given a subscription that cancels at the period end', () => {
  it('offers "Keep subscription" instead of the cancel action', () => {
    renderCard('cancelingByFlag')
    expect(screen.getByRole('button', { name: 'Keep subscription' })).toBeInTheDocument()
    expect(screen.queryByRole('button', { name: 'Cancel subscription' })).toBeNull()
  })
})

describe('given a failed payment', () => {
  it('leads with updating the payment method', async () => {
    const { transport } = renderCard('pastDueReadOnly')
    await userEvent.click(screen.getByRole('button', { name: 'Update payment method' }))
    expect(transport.calls.openPortal.at(-1)).toMatchObject({ flow: 'payment_method_update' })
    expect(screen.queryByRole('button', { name: 'Change plan' })).toBeNull()
  })
})

describe('given a team plan of 12 seats at €192.00 a year each', () => {
  it('shows what the customer pays for the year, with the seats and the unit price as detail', () => {
    const status = billingStatuses.team
    render(
      <BillingProvider transport={createFakeTransport({ status })} initialStatus={status} timeZone="UTC">
        <SubscriptionStatusCard />
      </BillingProvider>,
    )
    const card = screen.getByRole('region', { name: 'Team' })
    expect(card.querySelector('[data-slot="subscription-card-price"]')).toHaveTextContent('€2,304.00 per year')
    expect(card.querySelector('[data-slot="subscription-card-unit-price"]')).toHaveTextContent('12 × €192.00')
  })

  it('formats the total, the interval and the unit price with Intl in the locale', async () => {
    const status = billingStatuses.team
    render(
      <BillingProvider transport={createFakeTransport({ status })} initialStatus={status} locale="de-DE" timeZone="UTC">
        <SubscriptionStatusCard />
      </BillingProvider>,
    )
    const card = screen.getByRole('region', { name: 'Team' })
    await waitFor(() => expect(card).toHaveTextContent('2.304,00 € pro Jahr'))
    expect(card).toHaveTextContent('12 × 192,00 €')
    expect(card).toHaveTextContent('Verlängert sich am 14. Februar 2027')
  })
})

describe('given a coupon that takes 20% off until January 1, 2027', () => {
  it('shows what a month costs now, the regular price struck through, and the coupon with its end', () => {
    const { card } = renderCard('discounted')
    const price = card.querySelector('[data-slot="subscription-card-price"]')
    expect(price).toHaveAttribute('data-discounted')
    expect(price).toHaveTextContent(/^\$23\.20 per month Regular price: \$29\.00$/)
    expect(price?.querySelector('s')).toHaveTextContent('$29.00')
    expect(within(card).getByRole('listitem')).toHaveTextContent('Welcome 20%: 20% off until January 1, 2027')
  })

  it('shows neither a struck price nor a discount line without a discount', () => {
    const { card } = renderCard('active')
    expect(card.querySelector('[data-slot="subscription-card-price"]')).not.toHaveAttribute('data-discounted')
    expect(card.querySelector('s, [data-slot="subscription-card-discounts"]')).toBeNull()
  })
})

describe('given a team plan with a one-off credit and a lasting 12.5% off', () => {
  it('takes both off the year, each on what the previous left, and says what each is', () => {
    const status = billingStatuses.discountedTeam
    render(
      <BillingProvider transport={createFakeTransport({ status })} initialStatus={status} timeZone="UTC">
        <SubscriptionStatusCard />
      </BillingProvider>,
    )
    const card = screen.getByRole('region', { name: 'Team' })
    expect(card.querySelector('[data-slot="subscription-card-price"]')).toHaveTextContent(
      '€1,797.25 per year Regular price: €2,304.00',
    )
    expect(
      within(card)
        .getAllByRole('listitem')
        .map((item) => item.textContent),
    ).toEqual(['Partner programme loyalty credit for early adopters: €250.00 off the next payment', '12.5% off'])
  })

  it('words the discounts in the locale', async () => {
    const status = billingStatuses.discountedTeam
    render(
      <BillingProvider transport={createFakeTransport({ status })} initialStatus={status} locale="fr-FR" timeZone="UTC">
        <SubscriptionStatusCard />
      </BillingProvider>,
    )
    const card = screen.getByRole('region', { name: 'Team' })
    await waitFor(() => expect(card).toHaveTextContent('12,5 % de réduction'))
    expect(card).toHaveTextContent('1 797,25 € par an')
    expect(card).toHaveTextContent('250,00 € de réduction sur le prochain paiement')
  })
})

describe('given a tiered or metered price, whose amount is not known in advance', () => {
  it('says the amount depends on usage instead of showing a number', () => {
    const status = billingStatuses.usageBased
    render(
      <BillingProvider transport={createFakeTransport({ status })} initialStatus={status} timeZone="UTC">
        <SubscriptionStatusCard />
      </BillingProvider>,
    )
    const price = screen.getByRole('region').querySelector('[data-slot="subscription-card-price"]')
    expect(price).toHaveTextContent('Price varies with usage')
  })
})

describe('given no subscription', () => {
  it('shows the empty state with a "View plans" link', () => {
    renderCard('noSubscription')
    expect(screen.getByRole('region', { name: 'No active subscription' })).toBeInTheDocument()
    expect(screen.getByRole('link', { name: 'View plans' })).toHaveAttribute('href', '/pricing')
  })
})

describe('given the status is still loading', () => {
  it('shows a busy skeleton with a label for screen readers', () => {
    render(
      <BillingProvider transport={createFakeTransport({ status: 'pending' })}>
        <SubscriptionStatusCard />
      </BillingProvider>,
    )
    const card = screen.getByRole('region', { name: 'Loading your subscription...' })
    expect(card).toHaveAttribute('aria-busy', 'true')
    expect(card.querySelector('[data-slot="subscription-card-skeleton"]')).not.toBeNull()
  })
})

describe('given the status cannot be loaded', () => {
  it('says so, and "Try again" loads it', async () => {
    const transport = createFakeTransport({ status: new BillingRequestError('store_unavailable', 'down', 503) })
    render(
      <BillingProvider transport={transport}>
        <SubscriptionStatusCard />
      </BillingProvider>,
    )
    expect(await screen.findByRole('alert', {}, { timeout: 4000 })).toHaveTextContent(
      'We couldn’t load your subscription.',
    )
    transport.update({ status: billingStatuses.active })
    await userEvent.click(screen.getByRole('button', { name: 'Try again' }))
    expect(await screen.findByRole('region', { name: 'Pro' })).toHaveTextContent('Renews on')
  })
})
