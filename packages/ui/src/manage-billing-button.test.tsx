import { render, screen } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { describe, expect, it, vi } from 'vitest'
import { BillingProvider } from './billing-provider.js'
import { BillingRequestError } from './billing-request-error.js'
import { ManageBillingButton } from './manage-billing-button.js'
import { createFakeTransport } from './testing/create-fake-transport.js'

describe('given a signed-in account with a billing account', () => {
  it('sends one portal request for a double click and navigates to the session once', async () => {
    const transport = createFakeTransport({ portal: { url: 'https://billing.stripe.com/p/session/abc' } })
    const navigate = vi.fn()
    render(
      <BillingProvider transport={transport} navigate={navigate}>
        <ManageBillingButton />
      </BillingProvider>,
    )
    await userEvent.dblClick(screen.getByRole('button', { name: 'Manage billing' }))
    await vi.waitFor(() => expect(navigate).toHaveBeenCalledWith('https://billing.stripe.com/p/session/abc'))
    expect(transport.calls.openPortal).toHaveLength(1)
    expect(navigate).toHaveBeenCalledTimes(1)
  })

  it('puts the deep-link flow, the subscription id and the return path into the request', async () => {
    const transport = createFakeTransport()
    render(
      <BillingProvider transport={transport} navigate={() => {}}>
        <ManageBillingButton flow="subscription_cancel" subscriptionId="sub_123" returnPath="/settings/billing">
          Cancel subscription
        </ManageBillingButton>
      </BillingProvider>,
    )
    await userEvent.click(screen.getByRole('button', { name: 'Cancel subscription' }))
    expect(transport.calls.openPortal).toEqual([
      { flow: 'subscription_cancel', subscriptionId: 'sub_123', priceId: undefined, returnPath: '/settings/billing' },
    ])
  })

  it('keeps the focus while busy: aria-disabled and aria-busy, not disabled, saying "Opening billing portal..."', async () => {
    const transport = createFakeTransport({ portal: 'pending' })
    render(
      <BillingProvider transport={transport} navigate={() => {}}>
        <ManageBillingButton />
      </BillingProvider>,
    )
    await userEvent.click(screen.getByRole('button', { name: 'Manage billing' }))
    const button = screen.getByRole('button', { name: 'Opening billing portal...' })
    // A disabled button loses the keyboard focus in browsers; aria-disabled keeps it where the user is.
    expect(button).not.toBeDisabled()
    expect(button).toHaveFocus()
    expect(button).toHaveAttribute('aria-disabled', 'true')
    expect(button).toHaveAttribute('aria-busy', 'true')
    expect(button).toHaveAttribute('data-state', 'opening')
  })

  it('stays busy while the browser navigates away to the portal', async () => {
    const transport = createFakeTransport()
    const navigate = vi.fn()
    render(
      <BillingProvider transport={transport} navigate={navigate}>
        <ManageBillingButton />
      </BillingProvider>,
    )
    await userEvent.click(screen.getByRole('button', { name: 'Manage billing' }))
    await vi.waitFor(() => expect(navigate).toHaveBeenCalled())
    const button = screen.getByRole('button', { name: 'Opening billing portal...' })
    expect(button).toHaveAttribute('data-state', 'redirecting')
    expect(button).toHaveAttribute('aria-disabled', 'true')
    await userEvent.keyboard('{Enter}')
    expect(transport.calls.openPortal).toHaveLength(1)
  })

  it('lets a host onClick that calls preventDefault stop the portal request', async () => {
    const transport = createFakeTransport()
    render(
      <BillingProvider transport={transport} navigate={() => {}}>
        <ManageBillingButton onClick={(event) => event.preventDefault()} />
      </BillingProvider>,
    )
    await userEvent.click(screen.getByRole('button', { name: 'Manage billing' }))
    expect(transport.calls.openPortal).toHaveLength(0)
  })

  it('renders the host element with asChild and opens the portal instead of following its href', async () => {
    const transport = createFakeTransport()
    const navigate = vi.fn()
    render(
      <BillingProvider transport={transport} navigate={navigate}>
        <ManageBillingButton asChild flow="payment_method_update" className="host-link">
          <a href="/fallback">Update card</a>
        </ManageBillingButton>
      </BillingProvider>,
    )
    const link = screen.getByRole('link', { name: 'Update card' })
    expect(link).toHaveClass('pk-button', 'host-link')
    await userEvent.click(link)
    await vi.waitFor(() => expect(navigate).toHaveBeenCalledWith('https://billing.stripe.com/p/session/test'))
    expect(transport.calls.openPortal[0]?.flow).toBe('payment_method_update')
  })

  it('renders a form with the request fields for a server action, without calling the transport', () => {
    const transport = createFakeTransport()
    const { container } = render(
      <BillingProvider transport={transport}>
        <ManageBillingButton formAction="/api/billing/portal" flow="subscription_update" subscriptionId="sub_9" />
      </BillingProvider>,
    )
    const form = container.querySelector('form')
    expect(form).toHaveAttribute('action', '/api/billing/portal')
    expect(Object.fromEntries(new FormData(form!))).toEqual({ flow: 'subscription_update', subscriptionId: 'sub_9' })
    expect(screen.getByRole('button', { name: 'Manage billing' })).toHaveAttribute('type', 'submit')
  })

  it('posts the form to a URL formAction, since the server refuses a GET with 405', () => {
    const { container } = render(
      <BillingProvider transport={createFakeTransport()}>
        <ManageBillingButton formAction="/api/billing/portal" />
      </BillingProvider>,
    )
    expect(container.querySelector('form')).toHaveAttribute('method', 'post')
  })
})

describe('given the portal request fails', () => {
  it('shows an inline alert with the reason, and its retry sends a new request that can succeed', async () => {
    const transport = createFakeTransport({
      portal: new BillingRequestError('stripe_unavailable', 'Stripe did not answer', 502),
    })
    const navigate = vi.fn()
    render(
      <BillingProvider transport={transport} navigate={navigate}>
        <ManageBillingButton />
      </BillingProvider>,
    )
    await userEvent.click(screen.getByRole('button', { name: 'Manage billing' }))
    const alert = await screen.findByRole('alert')
    expect(alert).toHaveTextContent('We couldn’t open the billing portal. Billing is unavailable right now.')
    expect(screen.getByRole('button', { name: 'Manage billing' })).toBeEnabled()

    transport.update({ portal: { url: 'https://billing.stripe.com/p/session/second' } })
    await userEvent.click(screen.getByRole('button', { name: 'Try again' }))
    await vi.waitFor(() => expect(navigate).toHaveBeenCalledWith('https://billing.stripe.com/p/session/second'))
    expect(transport.calls.openPortal).toHaveLength(2)
    expect(screen.queryByRole('alert')).toBeNull()
  })

  it('moves the focus to "Try again" when the failure appears, and back to the button when it retries', async () => {
    const transport = createFakeTransport({
      portal: new BillingRequestError('stripe_unavailable', 'Stripe did not answer', 502),
    })
    render(
      <BillingProvider transport={transport} navigate={() => {}}>
        <ManageBillingButton />
      </BillingProvider>,
    )
    screen.getByRole('button', { name: 'Manage billing' }).focus()
    await userEvent.keyboard('{Enter}')
    const retry = await screen.findByRole('button', { name: 'Try again' })
    expect(retry).toHaveFocus()

    transport.update({ portal: 'pending' })
    await userEvent.keyboard('{Enter}')
    expect(screen.getByRole('button', { name: 'Opening billing portal...' })).toHaveFocus()
  })

  it('passes the error with its server code to onError', async () => {
    const transport = createFakeTransport({ portal: new BillingRequestError('rate_limited', 'Slow down', 429) })
    const onError = vi.fn()
    render(
      <BillingProvider transport={transport}>
        <ManageBillingButton onError={onError} />
      </BillingProvider>,
    )
    await userEvent.click(screen.getByRole('button', { name: 'Manage billing' }))
    await screen.findByRole('alert')
    expect(onError).toHaveBeenCalledWith(expect.objectContaining({ code: 'rate_limited', status: 429 }))
    expect(screen.getByRole('alert')).toHaveTextContent('Too many attempts. Wait a moment, then try again.')
  })

  it('says calmly that there is no billing account yet, not as an error, and leads to the plans', async () => {
    const transport = createFakeTransport({
      portal: new BillingRequestError('no_billing_account', 'No customer', 404),
    })
    render(
      <BillingProvider transport={transport}>
        <ManageBillingButton plansHref="/pricing" />
      </BillingProvider>,
    )
    await userEvent.click(screen.getByRole('button', { name: 'Manage billing' }))
    const notice = await screen.findByRole('status')
    expect(notice).toHaveTextContent('You don’t have a billing account yet. View plans')
    expect(notice).not.toHaveTextContent('We couldn’t open the billing portal.')
    expect(notice).toHaveAttribute('data-tone', 'neutral')
    expect(screen.queryByRole('alert')).toBeNull()
    expect(screen.getByRole('link', { name: 'View plans' })).toHaveAttribute('href', '/pricing')
    expect(screen.getByRole('link', { name: 'View plans' })).toHaveFocus()
    expect(screen.queryByRole('button', { name: 'Try again' })).toBeNull()
  })
})

describe('given a host link rendered with asChild, which the browser never disables', () => {
  it('still sends one portal request for a double click', async () => {
    const transport = createFakeTransport({ portal: 'pending' })
    render(
      <BillingProvider transport={transport}>
        <ManageBillingButton asChild>
          <a href="/billing">Billing</a>
        </ManageBillingButton>
      </BillingProvider>,
    )
    await userEvent.dblClick(screen.getByRole('link', { name: 'Billing' }))
    expect(transport.calls.openPortal).toHaveLength(1)
    expect(screen.getByRole('link', { name: 'Billing' })).toHaveAttribute('aria-busy', 'true')
  })
})
