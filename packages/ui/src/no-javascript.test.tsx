import { renderToString } from 'react-dom/server'
import { describe, expect, it } from 'vitest'
import { BillingErrorNotice } from './billing-error-notice.js'
import { BillingProvider } from './billing-provider.js'
import { CheckoutButton } from './checkout-button.js'
import { de } from './messages/de.js'
import { PastDueBanner } from './past-due-banner.js'
import { billingStatuses } from './stories/billing-statuses.js'
import { SubscriptionStatusCard } from './subscription-status-card.js'
import { createFakeTransport } from './testing/create-fake-transport.js'

/** Every form in the server HTML, with its method, action and hidden fields, as a browser without JavaScript sees them. */
function formsIn(html: string) {
  const doc = new DOMParser().parseFromString(html, 'text/html')
  return [...doc.querySelectorAll('form')].map((form) => ({
    method: form.getAttribute('method'),
    action: form.getAttribute('action'),
    fields: Object.fromEntries(
      [...form.querySelectorAll<HTMLInputElement>('input[type="hidden"]')].map((input) => [input.name, input.value]),
    ),
    button: form.querySelector('button[type="submit"]')?.textContent,
  }))
}

describe('given a browser without JavaScript', () => {
  it('renders each action of an active subscription card as a form posting to the portal route', () => {
    const status = billingStatuses.active
    const html = renderToString(
      <BillingProvider transport={createFakeTransport({ status })} initialStatus={status} timeZone="UTC">
        <SubscriptionStatusCard returnPath="/settings/billing" />
      </BillingProvider>,
    )
    expect(formsIn(html)).toEqual([
      {
        method: 'post',
        action: '/api/billing/portal',
        fields: { flow: 'subscription_update', subscriptionId: 'sub_1QpRoAcme', returnPath: '/settings/billing' },
        button: 'Change plan',
      },
      {
        method: 'post',
        action: '/api/billing/portal',
        fields: { returnPath: '/settings/billing' },
        button: 'Manage billing',
      },
      {
        method: 'post',
        action: '/api/billing/portal',
        fields: { flow: 'subscription_cancel', subscriptionId: 'sub_1QpRoAcme', returnPath: '/settings/billing' },
        button: 'Cancel subscription',
      },
    ])
  })

  it('renders the past-due banner action as a form posting the payment method flow under the basePath', () => {
    const status = billingStatuses.pastDueInGrace
    const html = renderToString(
      <BillingProvider
        basePath="/billing-api"
        transport={createFakeTransport({ status })}
        initialStatus={status}
        timeZone="UTC"
      >
        <PastDueBanner />
      </BillingProvider>,
    )
    expect(formsIn(html)).toEqual([
      {
        method: 'post',
        action: '/billing-api/portal',
        fields: { flow: 'payment_method_update' },
        button: 'Update payment method',
      },
    ])
  })

  it('renders the checkout button as a form posting the price to the checkout route', () => {
    const html = renderToString(
      <BillingProvider transport={createFakeTransport()}>
        <CheckoutButton priceId="price_pro_monthly" returnPath="/pricing">
          Subscribe to Pro
        </CheckoutButton>
      </BillingProvider>,
    )
    expect(formsIn(html)).toEqual([
      {
        method: 'post',
        action: '/api/billing/checkout',
        fields: { priceId: 'price_pro_monthly', returnPath: '/pricing' },
        button: 'Subscribe to Pro',
      },
    ])
  })
})

describe('given the server sent the browser back with ?billing_error=<code>', () => {
  it('renders the reason as an alert in the card, in the locale', () => {
    const status = billingStatuses.active
    const html = renderToString(
      <BillingProvider
        transport={createFakeTransport({ status })}
        initialStatus={status}
        timeZone="UTC"
        locale="de"
        messages={de}
        returnError="rate_limited"
      >
        <SubscriptionStatusCard />
      </BillingProvider>,
    )
    const doc = new DOMParser().parseFromString(html, 'text/html')
    const alert = doc.querySelector('[data-slot="billing-error-notice"]')
    expect(alert?.getAttribute('role')).toBe('alert')
    expect(alert?.getAttribute('data-code')).toBe('rate_limited')
    expect(alert?.textContent).toContain(de.errorRateLimited)
  })

  it('says billing is unavailable for a code this version does not know', () => {
    const html = renderToString(
      <BillingProvider transport={createFakeTransport()} returnError="not_configured">
        <BillingErrorNotice />
      </BillingProvider>,
    )
    expect(html).toContain('role="alert"')
    expect(html).toContain('Billing is unavailable right now.')
  })
})
