import { deriveBillingStatus } from '@portal-kit/core'
import {
  BillingProvider,
  BillingSyncNotice,
  ManageBillingButton,
  PastDueBanner,
  SubscriptionStatusCard,
} from '@portal-kit/ui'
import { createFakeTransport } from '@portal-kit/ui/testing'
import { act, fireEvent, render, screen } from '@testing-library/react'
import { version } from 'react'
import { renderToString } from 'react-dom/server'
import { afterEach, describe, expect, it, vi } from 'vitest'

const now = Date.parse('2026-11-21T12:00:00Z')
const pastDue = deriveBillingStatus(
  {
    customerId: 'cus_1',
    pastDueSince: '2026-11-20T12:00:00Z',
    subscription: {
      id: 'sub_1',
      status: 'past_due',
      created: now / 1000 - 86_400 * 40,
      cancel_at_period_end: false,
      cancel_at: null,
      trial_end: null,
      items: {
        data: [
          {
            quantity: 1,
            current_period_end: now / 1000 + 86_400 * 20,
            price: {
              id: 'price_pro',
              product: { id: 'prod_pro', name: 'Pro' },
              unit_amount: 2900,
              currency: 'usd',
              recurring: { interval: 'month' },
            },
          },
        ],
      },
    },
  },
  now,
)

function Page() {
  return (
    <>
      <BillingSyncNotice />
      <PastDueBanner />
      <SubscriptionStatusCard />
      <ManageBillingButton />
    </>
  )
}

afterEach(() => vi.restoreAllMocks())

describe('under React 18', () => {
  it('runs React 18', () => {
    expect(version.startsWith('18.')).toBe(true)
  })

  it('renders the kit on the server without warnings', () => {
    const errors = vi.spyOn(console, 'error')
    const html = renderToString(
      <BillingProvider initialStatus={pastDue} transport={createFakeTransport({ status: pastDue })}>
        <Page />
      </BillingProvider>,
    )
    expect(html).toContain('Your last payment failed.')
    expect(html).toContain('Manage billing')
    expect(errors).not.toHaveBeenCalled()
  })

  it('opens the portal once on a double click, in the browser', async () => {
    const transport = createFakeTransport({ status: pastDue, portal: 'pending' })
    render(
      <BillingProvider initialStatus={pastDue} transport={transport}>
        <Page />
      </BillingProvider>,
    )
    // The card has its own "Manage billing"; take the standalone button, rendered last.
    const button = screen.getAllByRole('button', { name: 'Manage billing' }).at(-1) as HTMLElement
    await act(async () => {
      fireEvent.click(button)
      fireEvent.click(button)
    })
    expect(transport.calls.openPortal).toHaveLength(1)
    expect(button.textContent).toContain('Opening billing portal')
    // aria-disabled, not disabled, so the button keeps the keyboard focus while busy.
    expect(button.getAttribute('aria-disabled')).toBe('true')
    expect(button).toHaveProperty('disabled', false)
  })
})
