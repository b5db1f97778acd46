import Stripe from 'stripe'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type EmulatorClient, startEmulatorClient } from '../testing/emulator-client.js'
import { missingFixtureKeys } from '../testing/fixture-keys.js'

let client: EmulatorClient
beforeAll(async () => {
  client = await startEmulatorClient()
})
afterAll(() => client.close())

type StoredEvent = {
  type: string
  data: { object: { id: string; customer?: string }; previous_attributes?: Record<string, unknown> }
}

/** Events about one customer's objects, oldest first. */
function customerEvents(customerId: string): StoredEvent[] {
  return client.running.emulator.state
    .list<StoredEvent & { id: string; object: string }>('event')
    .filter((e) => e.data.object.customer === customerId || e.data.object.id === customerId)
    .reverse()
}

async function monthlyPrice(unitAmount = 2000, interval: Stripe.PriceCreateParams.Recurring.Interval = 'month') {
  return client.stripe.prices.create({
    currency: 'usd',
    unit_amount: unitAmount,
    recurring: { interval },
    product_data: { name: `Plan ${unitAmount}` },
  })
}

async function customerWithCard(card = 'pm_card_visa') {
  const { stripe } = client
  const customer = await stripe.customers.create({ email: 'sub@example.com' })
  const pm = await stripe.paymentMethods.attach(card, { customer: customer.id })
  await stripe.customers.update(customer.id, { invoice_settings: { default_payment_method: pm.id } })
  return { customer, pm }
}

describe('creating a subscription', () => {
  it('charges the first invoice with the customer’s default card and starts active', async () => {
    const { stripe } = client
    const price = await monthlyPrice()
    const { customer } = await customerWithCard()
    const sub = await stripe.subscriptions.create({
      customer: customer.id,
      items: [{ price: price.id, quantity: 2 }],
      metadata: { accountId: 'acct_1' },
      expand: ['latest_invoice'],
    })
    expect(sub.status).toBe('active')
    expect(sub.metadata).toEqual({ accountId: 'acct_1' })
    const item = sub.items.data[0] as Stripe.SubscriptionItem
    expect(item).toMatchObject({
      object: 'subscription_item',
      quantity: 2,
      price: { id: price.id },
      plan: { id: price.id },
    })
    expect(item.current_period_end).toBeGreaterThan(item.current_period_start)
    const invoice = sub.latest_invoice as Stripe.Invoice
    expect(invoice).toMatchObject({
      status: 'paid',
      billing_reason: 'subscription_create',
      amount_due: 4000,
      amount_paid: 4000,
      attempt_count: 1,
      parent: { subscription_details: { subscription: sub.id } },
    })
    const types = customerEvents(customer.id).map((e) => e.type)
    expect(types.slice(types.indexOf('customer.subscription.created'))).toEqual([
      'customer.subscription.created',
      'invoice.created',
      'invoice.finalized',
      'invoice.paid',
      'invoice.payment_succeeded',
    ])
  })

  it('attaches a default_payment_method token and charges it', async () => {
    const { stripe } = client
    const price = await monthlyPrice()
    const customer = await stripe.customers.create({ email: 'token-sub@example.com' })
    const sub = await stripe.subscriptions.create({
      customer: customer.id,
      items: [{ price: price.id }],
      default_payment_method: 'pm_card_visa',
    })
    expect(sub.status).toBe('active')
    expect(sub.default_payment_method).toMatch(/^pm_/)
    const pm = await stripe.paymentMethods.retrieve(sub.default_payment_method as string)
    expect(pm.customer).toBe(customer.id)
  })

  it('starts incomplete with an open invoice when the card fails (allow_incomplete)', async () => {
    const { stripe } = client
    const price = await monthlyPrice()
    const { customer } = await customerWithCard('pm_card_chargeCustomerFail')
    const sub = await stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id }] })
    expect(sub.status).toBe('incomplete')
    const invoice = await stripe.invoices.retrieve(sub.latest_invoice as string)
    expect(invoice).toMatchObject({ status: 'open', attempt_count: 1, attempted: true, next_payment_attempt: null })
    expect(customerEvents(customer.id).map((e) => e.type)).toContain('invoice.payment_failed')
  })

  it('starts incomplete without any payment method', async () => {
    const { stripe } = client
    const price = await monthlyPrice()
    const customer = await stripe.customers.create({ email: 'nopm@example.com' })
    const sub = await stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id }] })
    expect(sub.status).toBe('incomplete')
  })

  it('answers a failing card with a 402 card_error and creates nothing with error_if_incomplete', async () => {
    const { stripe } = client
    const price = await monthlyPrice()
    const { customer } = await customerWithCard('pm_card_chargeCustomerFail')
    const error = await stripe.subscriptions
      .create({ customer: customer.id, items: [{ price: price.id }], payment_behavior: 'error_if_incomplete' })
      .catch((e: unknown) => e)
    expect(error).toBeInstanceOf(Stripe.errors.StripeCardError)
    expect(error).toMatchObject({ statusCode: 402, code: 'card_declined' })
    expect((await stripe.subscriptions.list({ customer: customer.id, status: 'all' })).data).toEqual([])
  })

  it('leaves the first invoice open with default_incomplete, and paying it makes the subscription active', async () => {
    const { stripe } = client
    const price = await monthlyPrice()
    const { customer } = await customerWithCard()
    const sub = await stripe.subscriptions.create({
      customer: customer.id,
      items: [{ price: price.id }],
      payment_behavior: 'default_incomplete',
    })
    expect(sub.status).toBe('incomplete')
    const invoice = await stripe.invoices.retrieve(sub.latest_invoice as string)
    expect(invoice).toMatchObject({ status: 'open', attempt_count: 0 })
    await stripe.invoices.pay(invoice.id)
    expect((await stripe.subscriptions.retrieve(sub.id)).status).toBe('active')
  })

  it('starts trialing with trial_period_days and a paid $0 invoice', async () => {
    const { stripe } = client
    const price = await monthlyPrice()
    const customer = await stripe.customers.create({ email: 'trial@example.com' })
    const sub = await stripe.subscriptions.create({
      customer: customer.id,
      items: [{ price: price.id }],
      trial_period_days: 14,
      expand: ['latest_invoice'],
    })
    expect(sub.status).toBe('trialing')
    expect((sub.trial_end as number) - (sub.trial_start as number)).toBe(14 * 86_400)
    expect(sub.items.data[0]?.current_period_end).toBe(sub.trial_end)
    expect(sub.latest_invoice).toMatchObject({ status: 'paid', amount_due: 0, total: 0 })
  })

  it('answers an unknown price with a 404 naming items[0][price]', async () => {
    const { customer } = await customerWithCard()
    const error = await client.stripe.subscriptions
      .create({ customer: customer.id, items: [{ price: 'price_missing' }] })
      .catch((e: unknown) => e)
    expect(error).toMatchObject({ statusCode: 404, code: 'resource_missing', param: 'items[0][price]' })
  })

  it('answers missing items with parameter_missing', async () => {
    const { customer } = await customerWithCard()
    const error = await client.stripe.subscriptions
      .create({ customer: customer.id } as Stripe.SubscriptionCreateParams)
      .catch((e: unknown) => e)
    expect(error).toMatchObject({ statusCode: 400, code: 'parameter_missing', param: 'items' })
  })

  it('rejects an unknown payment_behavior', async () => {
    const price = await monthlyPrice()
    const { customer } = await customerWithCard()
    const error = await client.stripe.subscriptions
      .create({
        customer: customer.id,
        items: [{ price: price.id }],
        payment_behavior: 'sometimes' as Stripe.SubscriptionCreateParams.PaymentBehavior,
      })
      .catch((e: unknown) => e)
    expect(error).toMatchObject({ statusCode: 400, param: 'payment_behavior' })
  })

  it('refuses a default_payment_method attached to another customer', async () => {
    const price = await monthlyPrice()
    const { pm } = await customerWithCard()
    const stranger = await client.stripe.customers.create({ email: 'stranger@example.com' })
    const error = await client.stripe.subscriptions
      .create({ customer: stranger.id, items: [{ price: price.id }], default_payment_method: pm.id })
      .catch((e: unknown) => e)
    expect(error).toMatchObject({ statusCode: 400, code: 'resource_missing', param: 'default_payment_method' })
  })

  it('refuses a one-time price', async () => {
    const { stripe } = client
    const once = await stripe.prices.create({ currency: 'usd', unit_amount: 100, product_data: { name: 'Once' } })
    const { customer } = await customerWithCard()
    const error = await stripe.subscriptions
      .create({ customer: customer.id, items: [{ price: once.id }] })
      .catch((e: unknown) => e)
    expect(error).toMatchObject({ statusCode: 400, param: 'items[0][price]' })
  })
})

describe('updating a subscription', () => {
  it('schedules and undoes cancel_at_period_end, with previous_attributes in the event', async () => {
    const { stripe } = client
    const price = await monthlyPrice()
    const { customer } = await customerWithCard()
    const sub = await stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id }] })
    const periodEnd = sub.items.data[0]?.current_period_end
    const canceling = await stripe.subscriptions.update(sub.id, {
      cancel_at_period_end: true,
      cancellation_details: { feedback: 'too_expensive', comment: 'Pricey' },
    })
    expect(canceling).toMatchObject({
      status: 'active',
      cancel_at_period_end: true,
      cancel_at: periodEnd,
      cancellation_details: { feedback: 'too_expensive', comment: 'Pricey', reason: 'cancellation_requested' },
    })
    const updated = customerEvents(customer.id).filter((e) => e.type === 'customer.subscription.updated')
    expect(updated.at(-1)?.data.previous_attributes).toMatchObject({ cancel_at_period_end: false, cancel_at: null })
    const resumed = await stripe.subscriptions.update(sub.id, { cancel_at_period_end: false })
    expect(resumed).toMatchObject({ cancel_at_period_end: false, cancel_at: null, canceled_at: null })
  })

  it('sets cancel_at and clears it with an empty string', async () => {
    const { stripe } = client
    const price = await monthlyPrice()
    const { customer } = await customerWithCard()
    const sub = await stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id }] })
    const at = sub.created + 10 * 86_400
    expect((await stripe.subscriptions.update(sub.id, { cancel_at: at })).cancel_at).toBe(at)
    const cleared = await stripe.subscriptions.update(sub.id, { cancel_at: '' })
    expect(cleared.cancel_at).toBeNull()
    const past = await stripe.subscriptions.update(sub.id, { cancel_at: sub.created - 10 }).catch((e: unknown) => e)
    expect(past).toMatchObject({ statusCode: 400, param: 'cancel_at' })
  })

  it('changes the price of an item and leaves prorations for the next invoice (create_prorations)', async () => {
    const { stripe } = client
    const basic = await monthlyPrice(1000)
    const pro = await monthlyPrice(3000)
    const { customer } = await customerWithCard()
    const sub = await stripe.subscriptions.create({ customer: customer.id, items: [{ price: basic.id }] })
    const itemId = sub.items.data[0]?.id as string
    const updated = await stripe.subscriptions.update(sub.id, { items: [{ id: itemId, price: pro.id }] })
    expect(updated.items.data).toHaveLength(1)
    expect(updated.items.data[0]).toMatchObject({ id: itemId, price: { id: pro.id }, plan: { amount: 3000 } })
    expect(updated.latest_invoice).toBe(sub.latest_invoice)
    const pending = client.running.emulator.state.list<{ id: string; object: string; amount: number; invoice: null }>(
      'invoiceitem',
      (ii) => (ii as { customer?: string }).customer === customer.id,
    )
    expect(pending.map((ii) => ii.amount).sort((a, b) => a - b)).toEqual([-1000, 3000])
  })

  it('invoices and charges the prorations at once with always_invoice', async () => {
    const { stripe } = client
    const basic = await monthlyPrice(1000)
    const pro = await monthlyPrice(3000)
    const { customer } = await customerWithCard()
    const sub = await stripe.subscriptions.create({ customer: customer.id, items: [{ price: basic.id }] })
    const updated = await stripe.subscriptions.update(sub.id, {
      items: [{ id: sub.items.data[0]?.id, price: pro.id }],
      proration_behavior: 'always_invoice',
      expand: ['latest_invoice'],
    })
    const invoice = updated.latest_invoice as Stripe.Invoice
    expect(invoice).toMatchObject({ billing_reason: 'subscription_update', status: 'paid', amount_paid: 2000 })
    expect(invoice.lines.data.map((l) => l.amount).sort((a, b) => a - b)).toEqual([-1000, 3000])
    expect(invoice.lines.data.every((l) => l.parent?.subscription_item_details?.proration)).toBe(true)
  })

  it('changes quantity without prorations with proration_behavior=none', async () => {
    const { stripe } = client
    const price = await monthlyPrice(1000)
    const { customer } = await customerWithCard()
    const sub = await stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id }] })
    const updated = await stripe.subscriptions.update(sub.id, {
      items: [{ id: sub.items.data[0]?.id, quantity: 5 }],
      proration_behavior: 'none',
    })
    expect(updated.items.data[0]?.quantity).toBe(5)
    const pending = client.running.emulator.state.list('invoiceitem', (ii) => ii.customer === customer.id)
    expect(pending).toEqual([])
  })

  it('restarts the cycle and invoices at once when the interval changes', async () => {
    const { stripe } = client
    const monthly = await monthlyPrice(1000)
    const yearly = await monthlyPrice(10000, 'year')
    const { customer } = await customerWithCard()
    const sub = await stripe.subscriptions.create({ customer: customer.id, items: [{ price: monthly.id }] })
    const updated = await stripe.subscriptions.update(sub.id, {
      items: [{ id: sub.items.data[0]?.id, price: yearly.id }],
      expand: ['latest_invoice'],
    })
    const item = updated.items.data[0] as Stripe.SubscriptionItem
    expect(item.current_period_end - item.current_period_start).toBeGreaterThanOrEqual(365 * 86_400)
    expect(updated.latest_invoice).toMatchObject({
      billing_reason: 'subscription_update',
      status: 'paid',
      amount_paid: 9000,
    })
  })

  it('ends a trial with trial_end=now: trial_will_end, then an active subscription with a paid invoice', async () => {
    const { stripe } = client
    const price = await monthlyPrice(1500)
    const { customer } = await customerWithCard()
    const sub = await stripe.subscriptions.create({
      customer: customer.id,
      items: [{ price: price.id }],
      trial_period_days: 7,
    })
    const updated = await stripe.subscriptions.update(sub.id, { trial_end: 'now', expand: ['latest_invoice'] })
    expect(updated.status).toBe('active')
    expect(updated.latest_invoice).toMatchObject({ status: 'paid', amount_paid: 1500 })
    expect(customerEvents(customer.id).map((e) => e.type)).toContain('customer.subscription.trial_will_end')
  })

  it('sends trial_will_end at once, after customer.subscription.created, for a trial shorter than 3 days', async () => {
    const { stripe } = client
    const price = await monthlyPrice()
    const { customer } = await customerWithCard()
    const sub = await stripe.subscriptions.create({
      customer: customer.id,
      items: [{ price: price.id }],
      trial_end: Math.floor(Date.now() / 1000) + 2 * 86_400,
    })
    const types = customerEvents(customer.id).map((e) => e.type)
    expect(types.filter((t) => t === 'customer.subscription.trial_will_end')).toHaveLength(1)
    expect(types.indexOf('customer.subscription.trial_will_end')).toBeGreaterThan(
      types.indexOf('customer.subscription.created'),
    )
    const notice = customerEvents(customer.id).find((e) => e.type === 'customer.subscription.trial_will_end')
    expect(notice?.data.object).toMatchObject({ id: sub.id, status: 'trialing' })
  })

  it('sends trial_will_end at once when a longer trial is moved to end within 3 days, and not for a 7-day trial', async () => {
    const { stripe } = client
    const price = await monthlyPrice()
    const { customer } = await customerWithCard()
    const sub = await stripe.subscriptions.create({
      customer: customer.id,
      items: [{ price: price.id }],
      trial_period_days: 7,
    })
    const notices = () =>
      customerEvents(customer.id).filter((e) => e.type === 'customer.subscription.trial_will_end').length
    expect(notices()).toBe(0)
    await stripe.subscriptions.update(sub.id, { trial_end: Math.floor(Date.now() / 1000) + 86_400 })
    expect(notices()).toBe(1)
  })

  it('refuses to change a canceled subscription except its metadata', async () => {
    const { stripe } = client
    const price = await monthlyPrice()
    const { customer } = await customerWithCard()
    const sub = await stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id }] })
    await stripe.subscriptions.cancel(sub.id)
    const error = await stripe.subscriptions.update(sub.id, { cancel_at_period_end: true }).catch((e: unknown) => e)
    expect(error).toMatchObject({ statusCode: 400 })
    expect((await stripe.subscriptions.update(sub.id, { metadata: { note: 'x' } })).metadata).toEqual({ note: 'x' })
  })

  it('answers an unknown subscription item with a 404', async () => {
    const price = await monthlyPrice()
    const { customer } = await customerWithCard()
    const sub = await client.stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id }] })
    const error = await client.stripe.subscriptions
      .update(sub.id, { items: [{ id: 'si_missing', quantity: 2 }] })
      .catch((e: unknown) => e)
    expect(error).toMatchObject({ statusCode: 404, param: 'items[0][id]' })
  })
})

describe('canceling a subscription', () => {
  it('cancels now: canceled, ended_at, customer.subscription.deleted', async () => {
    const { stripe } = client
    const price = await monthlyPrice()
    const { customer } = await customerWithCard()
    const sub = await stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id }] })
    const canceled = await stripe.subscriptions.cancel(sub.id, {
      cancellation_details: { feedback: 'unused' },
    })
    expect(canceled).toMatchObject({
      status: 'canceled',
      ended_at: canceled.canceled_at,
      cancellation_details: { reason: 'cancellation_requested', feedback: 'unused' },
    })
    expect(customerEvents(customer.id).at(-1)?.type).toBe('customer.subscription.deleted')
  })

  it('credits the unused time on a final invoice with prorate and invoice_now', async () => {
    const { stripe } = client
    const price = await monthlyPrice(3000)
    const { customer } = await customerWithCard()
    const sub = await stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id }] })
    const canceled = await stripe.subscriptions.cancel(sub.id, { prorate: true, invoice_now: true })
    const invoice = await stripe.invoices.retrieve(canceled.latest_invoice as string)
    expect(invoice).toMatchObject({ status: 'paid', amount_due: 0 })
    expect(invoice.total).toBeLessThan(0)
    const after = (await stripe.customers.retrieve(customer.id)) as Stripe.Customer
    expect(after.balance).toBe(invoice.total)
  })

  it('cancels the subscriptions of a deleted customer', async () => {
    const { stripe } = client
    const price = await monthlyPrice()
    const { customer } = await customerWithCard()
    const sub = await stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id }] })
    await stripe.customers.del(customer.id)
    expect((await stripe.subscriptions.retrieve(sub.id)).status).toBe('canceled')
  })
})

describe('listing subscriptions', () => {
  it('filters by customer, price and status; the default leaves canceled ones out', async () => {
    const { stripe } = client
    const price = await monthlyPrice(777)
    const { customer } = await customerWithCard()
    const live = await stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id }] })
    const gone = await stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id }] })
    await stripe.subscriptions.cancel(gone.id)
    const byDefault = await stripe.subscriptions.list({ customer: customer.id })
    expect(byDefault.data.map((s) => s.id)).toEqual([live.id])
    const all = await stripe.subscriptions.list({ customer: customer.id, status: 'all' })
    expect(all.data.map((s) => s.id)).toEqual([gone.id, live.id])
    const canceled = await stripe.subscriptions.list({ customer: customer.id, status: 'canceled' })
    expect(canceled.data.map((s) => s.id)).toEqual([gone.id])
    const byPrice = await stripe.subscriptions.list({ price: price.id, status: 'all' })
    expect(byPrice.data.map((s) => s.id).sort()).toEqual([gone.id, live.id].sort())
  })

  it('rejects an unknown status', async () => {
    const error = await client.stripe.subscriptions
      .list({ status: 'sleeping' as Stripe.SubscriptionListParams.Status })
      .catch((e: unknown) => e)
    expect(error).toMatchObject({ statusCode: 400, param: 'status' })
  })
})

describe('subscription shape', () => {
  it('has every top-level key of Stripe’s fixture subscription and subscription_item', async () => {
    const price = await monthlyPrice()
    const { customer } = await customerWithCard()
    const sub = await client.stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id }] })
    expect(missingFixtureKeys('subscription', sub)).toEqual([])
    expect(missingFixtureKeys('subscription_item', sub.items.data[0] as object)).toEqual([])
    const item = await client.stripe.subscriptionItems.retrieve(sub.items.data[0]?.id as string)
    expect(item.id).toBe(sub.items.data[0]?.id)
  })
})
