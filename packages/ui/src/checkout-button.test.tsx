import { render, screen } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { describe, expect, it, vi } from 'vitest'
import { BillingProvider } from './billing-provider.js'
import { BillingRequestError } from './billing-request-error.js'
import { CheckoutButton } from './checkout-button.js'
import { createFakeTransport } from './testing/create-fake-transport.js'

describe('given a plan to subscribe to', () => {
  it('sends one checkout request for a double click and navigates to the session once', async () => {
    const transport = createFakeTransport({ checkout: { url: 'https://checkout.stripe.com/c/pay/cs_1' } })
    const navigate = vi.fn()
    render(
      <BillingProvider transport={transport} navigate={navigate}>
        <CheckoutButton priceId="price_pro_monthly" returnPath="/pricing" />
      </BillingProvider>,
    )
    await userEvent.dblClick(screen.getByRole('button', { name: 'Subscribe' }))
    await vi.waitFor(() => expect(navigate).toHaveBeenCalledWith('https://checkout.stripe.com/c/pay/cs_1'))
    expect(transport.calls.checkout).toEqual([{ priceId: 'price_pro_monthly', returnPath: '/pricing' }])
    expect(navigate).toHaveBeenCalledTimes(1)
  })

  it('keeps the focus while busy: aria-disabled and aria-busy, not disabled, saying "Opening checkout..."', async () => {
    const transport = createFakeTransport({ checkout: 'pending' })
    render(
      <BillingProvider transport={transport} navigate={() => {}}>
        <CheckoutButton priceId="price_pro_monthly">Subscribe to Pro</CheckoutButton>
      </BillingProvider>,
    )
    await userEvent.click(screen.getByRole('button', { name: 'Subscribe to Pro' }))
    const button = screen.getByRole('button', { name: 'Opening checkout...' })
    expect(button).not.toBeDisabled()
    expect(button).toHaveFocus()
    expect(button).toHaveAttribute('aria-disabled', 'true')
    expect(button).toHaveAttribute('aria-busy', 'true')
    expect(button).toHaveAttribute('data-state', 'opening')
  })

  it('is a form posting the price to {basePath}/checkout, with the variant classes and the host class last', () => {
    const { container } = render(
      <BillingProvider basePath="/billing" transport={createFakeTransport()}>
        <CheckoutButton priceId="price_team_yearly" variant="outline" className="host-button" />
      </BillingProvider>,
    )
    const form = container.querySelector('form')
    expect(form).toHaveAttribute('method', 'post')
    expect(form).toHaveAttribute('action', '/billing/checkout')
    expect(form).toHaveAttribute('data-slot', 'checkout')
    expect(Object.fromEntries(new FormData(form!))).toEqual({ priceId: 'price_team_yearly' })
    const button = screen.getByRole('button', { name: 'Subscribe' })
    expect(button).toHaveAttribute('type', 'submit')
    expect(button).toHaveAttribute('data-slot', 'checkout-button')
    expect(button).toHaveAttribute('data-price-id', 'price_team_yearly')
    expect(button.className).toBe('pk-button pk-button--outline pk-button--md host-button')
  })

  it('posts to {basePath}/checkout when the base path ends in slashes, as the fetch transport does', () => {
    const { container } = render(
      <BillingProvider basePath="/billing//" transport={createFakeTransport()}>
        <CheckoutButton priceId="price_team_yearly" />
      </BillingProvider>,
    )
    expect(container.querySelector('form')).toHaveAttribute('action', '/billing/checkout')
  })

  it('lets a host onClick that calls preventDefault stop the checkout request', async () => {
    const transport = createFakeTransport()
    render(
      <BillingProvider transport={transport} navigate={() => {}}>
        <CheckoutButton priceId="price_pro_monthly" onClick={(event) => event.preventDefault()} />
      </BillingProvider>,
    )
    await userEvent.click(screen.getByRole('button', { name: 'Subscribe' }))
    expect(transport.calls.checkout).toHaveLength(0)
  })
})

describe('given the checkout request fails', () => {
  it('shows an inline alert with the reason, and its retry sends a new request that can succeed', async () => {
    const transport = createFakeTransport({
      checkout: new BillingRequestError('stripe_unavailable', 'Stripe did not answer', 502),
    })
    const navigate = vi.fn()
    const onError = vi.fn()
    render(
      <BillingProvider transport={transport} navigate={navigate}>
        <CheckoutButton priceId="price_pro_monthly" onError={onError} />
      </BillingProvider>,
    )
    await userEvent.click(screen.getByRole('button', { name: 'Subscribe' }))
    const alert = await screen.findByRole('alert')
    expect(alert).toHaveTextContent('We couldn’t start checkout. Billing is unavailable right now.')
    expect(alert).toHaveAttribute('data-code', 'stripe_unavailable')
    expect(onError).toHaveBeenCalledWith(expect.objectContaining({ code: 'stripe_unavailable' }))
    transport.update({ checkout: { url: 'https://checkout.stripe.com/c/pay/cs_2' } })
    await userEvent.click(screen.getByRole('button', { name: 'Try again' }))
    await vi.waitFor(() => expect(navigate).toHaveBeenCalledWith('https://checkout.stripe.com/c/pay/cs_2'))
    expect(transport.calls.checkout).toHaveLength(2)
  })

  it('says the account already has a subscription when the server answers already_subscribed', async () => {
    const transport = createFakeTransport({
      checkout: new BillingRequestError('already_subscribed', 'Already subscribed', 409),
    })
    render(
      <BillingProvider transport={transport} navigate={() => {}}>
        <CheckoutButton priceId="price_pro_monthly" />
      </BillingProvider>,
    )
    await userEvent.click(screen.getByRole('button', { name: 'Subscribe' }))
    expect(await screen.findByRole('alert')).toHaveTextContent('You already have a subscription.')
  })
})
